/** Escaping for media that take markup: HTML (Telegram HTML, Feishu rich text) and Markdown (DingTalk, Feishu cards). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Backslash-escapes the characters CommonMark gives meaning to, so quoted report text shows as written. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|>~<]/g, (c) => `\\${c}`);
}
