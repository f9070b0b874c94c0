/**
 * HTML → page text. Keeps article text, not markup: scripts, styles and navigation are dropped; <h1>-<h3> become
 * "#"-headings and block elements become blank-line separated blocks, so segmentation sees the same shapes as in
 * the newspaper text pages.
 */
import { parse, NodeType, type HTMLElement, type Node } from 'node-html-parser';

const DROP = new Set([
  'script',
  'style',
  'nav',
  'header',
  'footer',
  'aside',
  'noscript',
  'template',
  'iframe',
  'svg',
  'form',
  'button',
  'select',
  'head',
]);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'li',
  'ul',
  'ol',
  'table',
  'tr',
  'blockquote',
  'figure',
  'figcaption',
  'pre',
  'h4',
  'h5',
  'h6',
  'dd',
  'dt',
  'body',
]);
const HEADING: Record<string, string> = { h1: '# ', h2: '## ', h3: '### ' };

export interface HtmlPage {
  title?: string;
  text: string;
}

function isElement(node: Node): node is HTMLElement {
  return node.nodeType === NodeType.ELEMENT_NODE;
}

/** Collapse runs of spaces but keep the single spaces Chinese bylines use between names. */
function squash(text: string): string {
  return text.replace(/[ \t\u00a0\u3000]+/g, ' ');
}

function walk(node: Node, out: string[]): void {
  if (node.nodeType === NodeType.TEXT_NODE) {
    out.push(squash(node.text.replace(/\s*\n\s*/g, ' ')));
    return;
  }
  if (!isElement(node)) return;
  const tag = node.rawTagName?.toLowerCase() ?? '';
  if (DROP.has(tag)) return;
  if (tag === 'br') {
    out.push('\n');
    return;
  }
  const heading = HEADING[tag];
  if (heading !== undefined) {
    out.push(`\n\n${heading}${squash(node.text.replace(/\s+/g, ' ')).trim()}\n\n`);
    return;
  }
  const block = BLOCK.has(tag);
  if (block) out.push('\n\n');
  for (const child of node.childNodes) walk(child, out);
  if (block) out.push('\n\n');
}

/** Extract the readable text of an HTML document, plus its <title> when it has one. */
export function htmlToText(html: string): HtmlPage {
  const root = parse(html, {
    comment: false,
    blockTextElements: { script: false, style: false, noscript: false, pre: true },
  });
  const titleText = root.querySelector('title')?.text.replace(/\s+/g, ' ').trim();
  const out: string[] = [];
  const body = root.querySelector('body') ?? root;
  walk(body, out);
  const text = out
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return titleText ? { title: titleText, text } : { text };
}
