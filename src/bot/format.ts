/** Pure presentation: an Answer or a paragraph → Telegram HTML. The answer core gives plain text with [n] markers. */
import type { ParagraphView } from '../rag/service.js';
import type { Answer, Citation } from '../types.js';
import { escapeHtml } from './escape.js';
import type { Texts } from './texts.js';

/** `[1] 《标题》第3段 · 2024-08-18` — the title links to the article when the report has a URL. */
export function footnote(c: Citation, t: Texts): string {
  const title = `《${escapeHtml(c.title)}》`;
  const linked = c.url ? `<a href="${escapeHtml(c.url)}">${title}</a>` : title;
  const date = c.date ? ` · ${escapeHtml(c.date)}` : '';
  return `[${c.n}] ${linked}${t.paragraphLabel(c.paragraphs)}${date}`;
}

/** Answer text, an optional notice, then the footnotes of the citations the text actually uses. */
export function formatAnswer(answer: Answer, t: Texts): string {
  const blocks = [escapeHtml(answer.text.trim())];
  if (answer.notice) blocks.push(`<i>${escapeHtml(answer.notice)}</i>`);
  if (answer.citations.length > 0) {
    const notes = [...answer.citations].sort((a, b) => a.n - b.n).map((c) => footnote(c, t));
    blocks.push(`<b>${t.sources}</b>\n${notes.join('\n')}`);
  }
  return blocks.join('\n\n');
}

/** One paragraph opened from a source button: where it is from, then the exact text as a quote. */
export function formatParagraph(p: ParagraphView, t: Texts): string {
  const title = `《${escapeHtml(p.title)}》`;
  const head = p.url ? `<a href="${escapeHtml(p.url)}">${title}</a>` : `<b>${title}</b>`;
  const date = p.date ? ` · ${escapeHtml(p.date)}` : '';
  const page = p.page ? ` · ${escapeHtml(p.page)}` : '';
  return `${head} ${t.paragraphOf(p.n, p.count)}${date}${page}\n<blockquote>${escapeHtml(p.text)}</blockquote>`;
}

/** What an inline result posts into a chat: the quote (or paragraph) with its citation. */
export function formatQuote(c: Citation, t: Texts): string {
  const quote = c.quote ?? c.paragraphTexts.join('\n');
  return `<blockquote>${escapeHtml(quote)}</blockquote>\n${footnote({ ...c, n: 1 }, t).replace(/^\[1\] /, '')}`;
}

/** Partial LLM text shown while streaming: plain, cut to fit one message. */
export function previewText(textSoFar: string, limit = 4000): string {
  const trimmed = textSoFar.trim();
  return trimmed.length > limit ? `${trimmed.slice(0, limit)}…` : `${trimmed} …`;
}
