/**
 * Markdown → page text. Headings ("#", "##", "###") are kept because segmentation reads them as titles; inline
 * markup (emphasis, links, images, code fences) is reduced to its words.
 */

export function markdownToText(md: string): string {
  return md
    .replace(/^```.*$/gm, '')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/^\s*>\s?/gm, '')
    .replace(/^#{4,6}\s+/gm, '### ')
    .replace(/^\s*([-*_])\1{2,}\s*$/gm, '');
}
