/**
 * Telegram: an Answer, a paragraph or a quote as text with message entities (grammY's parse-mode
 * `FormattedString`), so nothing the user or a report wrote can break the markup — there is no parse step to fail.
 * The answer core gives plain text with [n] markers.
 */
import { FormattedString } from '@grammyjs/parse-mode';
import type { ParagraphView } from '../rag/service.js';
import type { Answer, Citation } from '../types.js';
import { byMarker, footnoteParts, paragraphWhere } from './footnote.js';
import type { Texts } from './texts.js';

export { FormattedString };

/** Telegram's limit on a message's text, in UTF-16 code units after entities are parsed out. */
export const TELEGRAM_LIMIT = 4096;

/** Paragraphs longer than this open collapsed (an expandable blockquote) so the chat stays readable. */
export const EXPAND_OVER = 300;

const plain = (s: string) => new FormattedString(s);
const join = (parts: (FormattedString | string)[], sep = '') => FormattedString.join(parts, sep);

function titled(title: string, url: string | undefined, bold: boolean): FormattedString {
  if (url) return FormattedString.link(title, url);
  return bold ? FormattedString.bold(title) : plain(title);
}

/** `[1] 《标题》第3段 · 2024年8月18日` — the title links to the article when the report has a URL. */
export function footnote(c: Citation, t: Texts, withMarker = true): FormattedString {
  const f = footnoteParts(c, t);
  return join([withMarker ? `${f.marker} ` : '', titled(f.title, f.url, false), f.rest]);
}

/** An optional note (e.g. the question was cut), the answer text, the notice, then the footnotes. */
export function formatAnswer(answer: Answer, t: Texts, note?: string): FormattedString {
  const blocks: FormattedString[] = [];
  if (note) blocks.push(FormattedString.italic(note));
  blocks.push(plain(answer.text.trim()));
  if (answer.notice) blocks.push(FormattedString.italic(answer.notice));
  if (answer.citations.length > 0) {
    const notes = byMarker(answer.citations).map((c) => footnote(c, t));
    blocks.push(join([FormattedString.bold(t.sources), '\n', join(notes, '\n')]));
  }
  return join(blocks, '\n\n');
}

/** One paragraph opened from a source: where it is from, then the exact text quoted (collapsed when long). */
export function formatParagraph(p: ParagraphView, t: Texts): FormattedString {
  const head = titled(`《${p.title}》`, p.url, true);
  const where = ` ${paragraphWhere(p, t)}\n`;
  const quote =
    p.text.length > EXPAND_OVER
      ? FormattedString.expandableBlockquote(p.text)
      : FormattedString.blockquote(p.text);
  return join([head, where, quote]);
}

/** What an inline result posts into a chat: the quote (or paragraph) with its citation. */
export function formatQuote(c: Citation, t: Texts): FormattedString {
  const text = c.quote ?? c.paragraphTexts.join('\n');
  const quote =
    text.length > EXPAND_OVER ? FormattedString.expandableBlockquote(text) : FormattedString.blockquote(text);
  return join([quote, '\n', footnote(c, t, false)]);
}

/** Partial LLM text shown while streaming: plain, cut to fit one message. */
export function previewText(textSoFar: string, limit = 4000): string {
  const trimmed = textSoFar.trim();
  return trimmed.length > limit ? `${trimmed.slice(0, limit)}…` : `${trimmed} …`;
}

/** Rank of a cut right after position i: 3 paragraph break, 2 newline, 1 after 。！？, 0 anywhere else. */
function rank(text: string, i: number): number {
  const ch = text[i];
  if (ch === '\n') return text[i - 1] === '\n' ? 3 : 2;
  if (ch === '。' || ch === '！' || ch === '？') return 1;
  return 0;
}

/** Positions a cut must not fall inside: `[n]` markers and surrogate pairs. */
function unsafeCuts(text: string): Set<number> {
  const no = new Set<number>();
  for (const m of text.matchAll(/\[\d+\]/g)) for (let k = 1; k < m[0].length; k++) no.add(m.index + k);
  for (let k = 1; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 0xdc00 && c <= 0xdfff) no.add(k);
  }
  return no;
}

/**
 * Splits formatted text into messages of at most `limit` UTF-16 units. Cuts prefer paragraph breaks, then
 * newlines, then the end of a sentence (。！？), and never fall inside a `[n]` marker; entities crossing a cut
 * continue in the next part.
 */
export function splitFormatted(fs: FormattedString, limit = TELEGRAM_LIMIT): FormattedString[] {
  const text = fs.text;
  if (text.length <= limit) return [fs];
  const no = unsafeCuts(text);
  const parts: FormattedString[] = [];
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= limit) {
      parts.push(fs.slice(start));
      break;
    }
    let best = -1;
    let bestRank = -1;
    for (let end = start + 1; end <= start + limit; end++) {
      if (no.has(end)) continue;
      const r = rank(text, end - 1);
      if (r >= bestRank) {
        best = end;
        bestRank = r;
      }
    }
    if (best <= start) best = start + limit;
    let end = best;
    while (end > start && text[end - 1] === '\n') end--;
    if (text.slice(start, end).trim() !== '') parts.push(fs.slice(start, end));
    start = best;
    while (start < text.length && text[start] === '\n') start++;
  }
  return parts;
}
