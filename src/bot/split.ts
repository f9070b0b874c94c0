/**
 * Splits our Telegram HTML into messages of at most `limit` characters. Cuts prefer paragraph breaks, then
 * newlines, then after `。`; a cut never falls inside a tag, an entity or a `[n]` citation marker, and tags still
 * open at a cut are closed and reopened so every part parses on its own.
 */
export const TELEGRAM_LIMIT = 4096;

interface Token {
  text: string;
  /** Opening tag name, closing tag name, or nothing for text. */
  open?: string;
  close?: string;
}

const TOKEN = /<\/?([a-z-]+)(?:\s[^>]*)?>|&[a-z#0-9]+;|\[\d+\]|[\s\S]/giu;

function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  for (const m of html.matchAll(TOKEN)) {
    const text = m[0];
    const name = m[1]?.toLowerCase();
    if (name !== undefined && text.startsWith('</')) tokens.push({ text, close: name });
    else if (name !== undefined) tokens.push({ text, open: name });
    else tokens.push({ text });
  }
  return tokens;
}

/** Rank of a cut after token i: 3 paragraph break, 2 newline, 1 after 。, 0 anywhere else. */
function rank(tokens: Token[], i: number): number {
  const t = tokens[i]?.text;
  if (t === '\n') return tokens[i - 1]?.text === '\n' ? 3 : 2;
  if (t === '。' || t === '！' || t === '？') return 1;
  return 0;
}

export function splitHtml(html: string, limit = TELEGRAM_LIMIT): string[] {
  if (html.length <= limit) return [html];
  const tokens = tokenize(html);
  const parts: string[] = [];
  let start = 0;
  let carried: Token[] = [];
  while (start < tokens.length) {
    const prefix = carried.map((t) => t.text).join('');
    const stack = [...carried];
    let len = prefix.length;
    let best = -1;
    let bestRank = -1;
    let bestStack: Token[] = [];
    let i = start;
    for (; i < tokens.length; i++) {
      const tok = tokens[i] as Token;
      if (tok.open) stack.push(tok);
      else if (tok.close) {
        const at = stack.map((s) => s.open).lastIndexOf(tok.close);
        if (at >= 0) stack.splice(at, 1);
      }
      len += tok.text.length;
      const closing = stack.reduce((n, s) => n + (s.open?.length ?? 0) + 3, 0);
      if (len + closing > limit) break;
      // Prefer cuts outside any element; a cut inside one ranks below every clean cut.
      const r = rank(tokens, i) + (stack.length === 0 ? 4 : 0);
      if (r >= bestRank) {
        best = i;
        bestRank = r;
        bestStack = [...stack];
      }
    }
    if (i >= tokens.length) {
      parts.push(
        prefix +
          tokens
            .slice(start)
            .map((t) => t.text)
            .join(''),
      );
      break;
    }
    if (best < start) {
      // A single token longer than the limit cannot happen with our tokens; guard anyway.
      best = start;
      bestStack = [...stack];
    }
    const body = tokens
      .slice(start, best + 1)
      .map((t) => t.text)
      .join('');
    const closers = [...bestStack]
      .reverse()
      .map((t) => `</${t.open}>`)
      .join('');
    const part = (prefix + body + closers).replace(/\n+$/u, '');
    if (part.replace(/<[^>]*>/g, '').trim() !== '') parts.push(part);
    start = best + 1;
    // Leading newlines of the next part carry no content.
    while (start < tokens.length && tokens[start]?.text === '\n') start++;
    carried = bestStack;
  }
  return parts;
}
