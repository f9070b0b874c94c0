/**
 * Pure presentation for the WeCom (企业微信) intelligent robot: an Answer → the Markdown of a stream reply (within the
 * platform's 20,480-byte limit), its sources → a `button_interaction` template card (one button per source), an
 * opened paragraph → the same card updated in place with previous / next. No I/O.
 *
 * Limits are the SDK's documented ones (types/api.d.ts of @wecom/aibot-node-sdk): stream content ≤ 20,480 bytes of
 * UTF-8, at most 6 buttons, a button key ≤ 1,024 bytes, a task_id ≤ 128 bytes of [0-9A-Za-z_-@].
 */
import type { ParagraphView, PlaceCount } from '../rag/service.js';
import type { Answer, Citation } from '../types.js';
import { byMarker, footnoteParts, paragraphWhere } from './footnote.js';
import type { Texts } from './texts.js';

export const WECOM_STREAM_BYTES = 20_480;
export const WECOM_MAX_BUTTONS = 6;
export const WECOM_KEY_BYTES = 1024;
export const WECOM_TASK_ID_BYTES = 128;

export interface WecomButton {
  text: string;
  /** 1 blue, 2 grey … (the platform's button styles). */
  style?: number;
  key: string;
}

/** The template card shapes this bot sends (a subset of the SDK's TemplateCard). */
export interface WecomCard {
  card_type: 'button_interaction' | 'text_notice';
  main_title: { title: string; desc?: string };
  sub_title_text?: string;
  quote_area?: { type: 0; title?: string; quote_text: string };
  horizontal_content_list?: { keyname: string; value: string }[];
  button_list?: WecomButton[];
  task_id: string;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** The longest start of `s` (whole characters) that fits in `max` bytes. */
export function cutBytes(s: string, max: number): string {
  if (bytes(s) <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const b = bytes(ch);
    if (used + b > max) break;
    out += ch;
    used += b;
  }
  return out;
}

function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}

/** Markdown link text may not hold square brackets; the footnote's own [n] sits outside it. */
function linkText(s: string): string {
  return s.replace(/\[/g, '【').replace(/\]/g, '】');
}

/** `[1] 《标题》第3段 · 2024-08-18`, the title linked when the report has a URL. */
export function wecomFootnote(c: Citation, t: Texts): string {
  const f = footnoteParts(c, t);
  const title = `《${linkText(c.title)}》`;
  return `${f.marker} ${f.url ? `[${title}](${f.url})` : title}${f.rest}`;
}

/**
 * An answer as stream Markdown: text, notice, then the footnotes. Over the byte limit the answer text is cut (with
 * "…"), never the footnotes, unless they alone pass it (a summary citing very many reports: then the last go).
 */
export function wecomAnswerMarkdown(answer: Answer, t: Texts, maxBytes = WECOM_STREAM_BYTES): string {
  const notice = answer.notice ? `\n\n*${answer.notice.trim()}*` : '';
  const cited = byMarker(answer.citations);
  let notes =
    cited.length > 0 ? `\n\n**${t.sources}**\n${cited.map((c) => wecomFootnote(c, t)).join('\n')}` : '';
  if (bytes(notes) > maxBytes / 2) notes = `${cutBytes(notes, maxBytes / 2 - 4).replace(/\n[^\n]*$/, '')}\n…`;
  const room = maxBytes - bytes(notice) - bytes(notes);
  const text = answer.text.trim();
  const body = bytes(text) <= room ? text : `${cutBytes(text, room - 4)}…`;
  return `${body}${notice}${notes}`;
}

/** Text streamed while an LLM answer grows (markers and all), cut to the limit. */
export function wecomPartialMarkdown(textSoFar: string, maxBytes = WECOM_STREAM_BYTES): string {
  const s = textSoFar.trim();
  return bytes(s) <= maxBytes ? s : `${cutBytes(s, maxBytes - 4)}…`;
}

/** The key a source button carries: `p:<articleId>:<paragraph>` (the paragraph itself, so it survives restarts). */
export function paragraphKey(articleId: string, n: number): string {
  return cutBytes(`p:${articleId}:${n}`, WECOM_KEY_BYTES);
}

/** The key of the "sources" button on an opened paragraph: back to the list of this card. */
export const LIST_KEY = 'list';

export function parseCardKey(
  key: string,
): { kind: 'paragraph'; articleId: string; n: number } | { kind: 'list' } | undefined {
  if (key === LIST_KEY) return { kind: 'list' };
  const m = /^p:([^:]+):(\d+)$/.exec(key);
  return m ? { kind: 'paragraph', articleId: m[1] as string, n: Number(m[2]) } : undefined;
}

/** The sources of an answer as a button card: one button per source (at most six), each opening its paragraph. */
export function wecomSourcesCard(
  citations: readonly Citation[],
  t: Texts,
  taskId: string,
): WecomCard | undefined {
  const cited = byMarker(citations).slice(0, WECOM_MAX_BUTTONS);
  if (cited.length === 0) return undefined;
  return {
    card_type: 'button_interaction',
    main_title: { title: t.sources, desc: cut(cited.map((c) => `[${c.n}] ${c.title}`).join(' '), 30) },
    button_list: cited.map((c) => ({
      text: `[${c.n}] ${cut(c.title, 5)}`,
      style: 2,
      key: paragraphKey(c.articleId, c.paragraphs[0] ?? 1),
    })),
    task_id: taskId,
  };
}

/** An opened paragraph in the same card: where it is from, the exact text quoted, previous / next / sources. */
export function wecomParagraphCard(
  p: ParagraphView,
  t: Texts,
  taskId: string,
  o: { backToList: boolean },
): WecomCard {
  const buttons: WecomButton[] = [];
  if (p.n > 1) buttons.push({ text: t.prev, style: 2, key: paragraphKey(p.articleId, p.n - 1) });
  if (p.n < p.count) buttons.push({ text: t.next, style: 2, key: paragraphKey(p.articleId, p.n + 1) });
  if (o.backToList) buttons.push({ text: t.sources, style: 1, key: LIST_KEY });
  return {
    card_type: 'button_interaction',
    main_title: { title: cut(`《${p.title}》`, 26), desc: cut(paragraphWhere(p, t), 30) },
    quote_area: { type: 0, quote_text: p.text.trim() },
    ...(buttons.length > 0 ? { button_list: buttons } : {}),
    task_id: taskId,
  };
}

/** The card of a paragraph that is gone (the reports were re-indexed since). */
export function wecomNoticeCard(text: string, taskId: string, back?: WecomButton): WecomCard {
  return {
    card_type: 'button_interaction',
    main_title: { title: cut(text, 26) },
    ...(back ? { button_list: [back] } : {}),
    task_id: taskId,
  };
}

/** `/summary` alone: the places with most articles, and how to ask for one. */
export function wecomPlaces(places: PlaceCount[], t: Texts, max = 12): string {
  if (places.length === 0) return t.noPlaces;
  const list = places
    .slice(0, max)
    .map((p) => `- ${p.name}（${p.articles}）`)
    .join('\n');
  return `**${t.choosePlace}**\n${list}\n\n/summary 地名`;
}

/** A task_id the platform accepts: only [0-9A-Za-z_-@], at most 128 bytes. */
export function wecomTaskId(seed: string): string {
  return seed.replace(/[^0-9A-Za-z_\-@]/g, '_').slice(0, WECOM_TASK_ID_BYTES);
}
