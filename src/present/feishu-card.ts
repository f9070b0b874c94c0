/**
 * Pure presentation for Feishu / Lark: an Answer, a paragraph or a notice → a card in card JSON 2.0
 * (schema "2.0": `body.elements`, buttons with `behaviors`, no `action` module). Feishu clients before 7.20
 * show only the header and an upgrade hint for 2.0 cards; every card here therefore carries its gist in
 * `config.summary` (the chat-list preview) as well.
 * Card text is plain text wherever possible so report text needs no escaping; markdown only for footnote links.
 */
import type { ParagraphView, PlaceCount } from '../rag/service.js';
import type { Answer, Citation, Lang } from '../types.js';
import { footnoteParts, paragraphWhere } from './footnote.js';
import { texts, type Texts } from './texts.js';

/**
 * What a button sends back in `card.action.trigger` (`action.value`). Short keys: it travels on every tap.
 * `l: 'en'` marks an English conversation (callbacks carry no language of their own).
 */
export type CardAction = { l?: 'en' } &
  /** Open a cited paragraph as a new message. */
  (
    | { a: 'src'; id: string; n: number }
    /** Page to paragraph n of the same article, in place. */
    | { a: 'par'; id: string; n: number }
    /** 👍/👎 on the answer remembered under key k. */
    | { a: 'fb'; v: 'up' | 'down'; k: string }
    /** Summarise the reports about a place. */
    | { a: 'sum'; p: string }
    /** The next page of an answer's sources (answer remembered under key k), from source o (0-based). */
    | { a: 'more'; k: string; o: number }
  );

export interface PlainText {
  tag: 'plain_text';
  content: string;
}
export interface DivElement {
  tag: 'div';
  text: PlainText & { text_size?: 'normal' | 'notation'; text_color?: 'default' | 'grey' };
}
export interface MarkdownElement {
  tag: 'markdown';
  content: string;
}
export interface HrElement {
  tag: 'hr';
}
export interface ButtonElement {
  tag: 'button';
  text: PlainText;
  type: 'default' | 'primary';
  size: 'small';
  behaviors: [{ type: 'callback'; value: CardAction }];
}
export interface ColumnSetElement {
  tag: 'column_set';
  flex_mode: 'flow';
  horizontal_spacing: '8px';
  columns: { tag: 'column'; width: 'auto'; elements: ButtonElement[] }[];
}
export type CardElement = DivElement | MarkdownElement | HrElement | ColumnSetElement;

export interface FeishuCard {
  schema: '2.0';
  config: { update_multi: true; summary: { content: string } };
  header?: {
    title: PlainText;
    subtitle?: PlainText;
    template: 'blue' | 'grey' | 'red';
  };
  body: { elements: CardElement[] };
}

/**
 * Feishu refuses a card whose JSON exceeds 30 KB or that holds more than 200 components (card JSON 2.0 limits);
 * the reader would be left with the "searching…" placeholder. Every card built here is measured against both.
 */
export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_COMPONENTS = 200;
/** The answer text is cut here (UTF-8: 3 bytes a Chinese character), and further if the card is still too big. */
export const MAX_TEXT = 4000;
/**
 * Sources listed (footnote + button) on one card; the rest are one tap away ("更多来源 ›"). Ten keep a card
 * readable on a phone and far inside the limits: ~60 components and ~8 KB with long titles.
 */
export const SOURCES_PER_CARD = 10;
const SUMMARY_CHARS = 60;
const TITLE_IN_BUTTON = 12;
/** Buttons per row group; the flow layout wraps them on narrow screens. */
const PLACE_BUTTONS = 24;

const plain = (content: string): PlainText => ({ tag: 'plain_text', content });

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** Markdown-significant characters as HTML entities, so a report title cannot break the link syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[&<>*_~`[\]()#\\|]/g, (c) => `&#${c.codePointAt(0)};`);
}

function card(elements: CardElement[], summary: string, header?: FeishuCard['header']): FeishuCard {
  const c: FeishuCard = {
    schema: '2.0',
    config: {
      update_multi: true,
      summary: { content: clip(summary.replace(/\s+/g, ' ').trim(), SUMMARY_CHARS) },
    },
    body: { elements },
  };
  if (header) c.header = header;
  return c;
}

function button(label: string, value: CardAction, lang: Lang): ButtonElement {
  return {
    tag: 'button',
    text: plain(label),
    type: 'default',
    size: 'small',
    behaviors: [{ type: 'callback', value: lang === 'en' ? { ...value, l: 'en' } : value }],
  };
}

function buttonRow(buttons: ButtonElement[]): ColumnSetElement {
  return {
    tag: 'column_set',
    flex_mode: 'flow',
    horizontal_spacing: '8px',
    columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
  };
}

const textDiv = (content: string): DivElement => ({ tag: 'div', text: plain(content) });
const noteDiv = (content: string): DivElement => ({
  tag: 'div',
  text: { ...plain(content), text_size: 'notation', text_color: 'grey' },
});

/** `[1] 《标题》第3段 · 2024年8月18日` in card markdown; the title links to the article when it has a URL. */
export function footnoteMarkdown(c: Citation, t: Texts): string {
  const title = escapeMarkdown(`《${c.title}》`);
  const linked = c.url && /^https?:\/\//.test(c.url) ? `[${title}](${encodeURI(c.url)})` : title;
  return `${escapeMarkdown(`[${c.n}]`)} ${linked}${escapeMarkdown(footnoteParts(c, t).rest)}`;
}

/** Label of a source button: marker, a short title and the paragraph. */
export function sourceLabel(c: Citation, t: Texts): string {
  return `[${c.n}] ${clip(c.title, TITLE_IN_BUTTON)} ${t.paragraphLabel(c.paragraphs.slice(0, 1))}`;
}

export interface AnswerCardOptions {
  /** Key the 👍/👎 buttons report back; no feedback buttons without it. */
  feedbackKey?: string;
}

/** The serialized size Feishu measures: the card JSON sent as the message content. */
export function cardBytes(c: FeishuCard): number {
  return Buffer.byteLength(JSON.stringify(c));
}

/** Components as Feishu counts them: every element with a tag (containers, columns, buttons), not text objects. */
export function componentCount(c: FeishuCard): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      const tag = (v as { tag?: unknown }).tag;
      if (typeof tag === 'string' && tag !== 'plain_text') n++;
      Object.values(v).forEach(visit);
    }
  };
  visit(c.body.elements);
  return n;
}

/** Footnotes and source buttons of citations [from, from + SOURCES_PER_CARD), and "更多来源 ›" when more remain. */
function sourceElements(cites: Citation[], from: number, t: Texts, l: Lang, key?: string): CardElement[] {
  const page = cites.slice(from, from + SOURCES_PER_CARD);
  const buttons = page
    .filter((c) => c.paragraphs.length > 0)
    .map((c) => button(sourceLabel(c, t), { a: 'src', id: c.articleId, n: c.paragraphs[0]! }, l));
  const next = from + SOURCES_PER_CARD;
  if (next < cites.length && key !== undefined) {
    buttons.push(button(t.moreSources(cites.length - next), { a: 'more', k: key, o: next }, l));
  }
  const head = from === 0 ? t.sources : t.sourcesFrom(from + 1, Math.min(next, cites.length), cites.length);
  const out: CardElement[] = [
    {
      tag: 'markdown',
      content: `**${escapeMarkdown(head)}**\n${page.map((c) => footnoteMarkdown(c, t)).join('\n')}`,
    },
  ];
  if (buttons.length > 0) out.push(buttonRow(buttons));
  return out;
}

/**
 * Cuts the first text element until the card fits Feishu's limits. The sources are already bounded
 * (SOURCES_PER_CARD), so only an extreme text needs this; the cut is marked with "…".
 */
function fitted(c: FeishuCard): FeishuCard {
  const first = c.body.elements[0];
  let budget = first?.tag === 'div' ? [...first.text.content].length : 0;
  while (cardBytes(c) > CARD_MAX_BYTES && first?.tag === 'div' && budget > 200) {
    budget = Math.floor(budget * 0.8);
    first.text.content = clip(first.text.content, budget);
  }
  return c;
}

/**
 * The answer text, its notice, the footnotes of the citations, one button per source (opens the first cited
 * paragraph) and 👍/👎. Past SOURCES_PER_CARD sources, a "更多来源 ›" button opens the next page (it needs the
 * feedback key, under which the handler remembers the answer); without a key the first page is all.
 */
export function answerCard(answer: Answer, opts: AnswerCardOptions = {}): FeishuCard {
  const t = texts(answer.lang);
  const l = answer.lang;
  const text = clip(answer.text.trim(), MAX_TEXT);
  const elements: CardElement[] = [textDiv(text)];
  if (answer.notice) elements.push(noteDiv(answer.notice));
  const cites = sortedCitations(answer.citations);
  if (cites.length > 0) {
    elements.push({ tag: 'hr' });
    elements.push(...sourceElements(cites, 0, t, l, opts.feedbackKey));
  }
  if (opts.feedbackKey !== undefined) {
    elements.push(
      buttonRow([
        button('👍', { a: 'fb', v: 'up', k: opts.feedbackKey }, l),
        button('👎', { a: 'fb', v: 'down', k: opts.feedbackKey }, l),
      ]),
    );
  }
  return fitted(card(elements, text));
}

/** Citations in marker order. */
export function sortedCitations(citations: Citation[]): Citation[] {
  return [...citations].sort((a, b) => a.n - b.n);
}

/** A further page of an answer's sources (after "更多来源 ›"), with its own "更多来源 ›" when more remain. */
export function sourcesCard(citations: Citation[], from: number, lang: Lang, key: string): FeishuCard {
  const t = texts(lang);
  const cites = sortedCitations(citations);
  const shown = Math.min(from + SOURCES_PER_CARD, cites.length);
  return card(sourceElements(cites, from, t, lang, key), t.sourcesFrom(from + 1, shown, cites.length));
}

/** One paragraph opened from a source button: title and position in the header, the exact text, ‹ › paging. */
export function paragraphCard(p: ParagraphView, lang: Lang): FeishuCard {
  const t = texts(lang);
  const where = paragraphWhere(p, t);
  const elements: CardElement[] = [textDiv(clip(p.text, MAX_TEXT))];
  if (p.url && /^https?:\/\//.test(p.url)) {
    elements.push({
      tag: 'markdown',
      content: `[${escapeMarkdown(p.source || p.title)}](${encodeURI(p.url)})`,
    });
  } else if (p.source) {
    elements.push(noteDiv(p.source));
  }
  const nav: ButtonElement[] = [];
  if (p.n > 1) nav.push(button(t.prev, { a: 'par', id: p.articleId, n: p.n - 1 }, lang));
  if (p.n < p.count) nav.push(button(t.next, { a: 'par', id: p.articleId, n: p.n + 1 }, lang));
  if (nav.length > 0) elements.push(buttonRow(nav));
  return card(elements, `《${p.title}》${where}`, {
    title: plain(clip(`《${p.title}》`, 60)),
    subtitle: plain(where),
    template: 'blue',
  });
}

/** A plain notice (help, "searching…", errors). */
export function noticeCard(text: string, opts: { title?: string; error?: boolean } = {}): FeishuCard {
  const header: FeishuCard['header'] | undefined = opts.title
    ? { title: plain(opts.title), template: opts.error ? 'red' : 'blue' }
    : undefined;
  return card([textDiv(clip(text, MAX_TEXT))], text, header);
}

/** The places to summarise, as buttons, most articles first. */
export function placesCard(places: PlaceCount[], lang: Lang): FeishuCard {
  const t = texts(lang);
  const shown = places.slice(0, PLACE_BUTTONS);
  return card(
    [
      textDiv(t.choosePlace),
      buttonRow(shown.map((p) => button(`${p.name} (${p.articles})`, { a: 'sum', p: p.name }, lang))),
    ],
    t.choosePlace,
  );
}

/** Every plain text a card shows, in order: what a user reads (for tests and logs). */
export function cardText(c: FeishuCard): string {
  const out: string[] = [];
  if (c.header) out.push(c.header.title.content, c.header.subtitle?.content ?? '');
  for (const e of c.body.elements) {
    if (e.tag === 'div') out.push(e.text.content);
    else if (e.tag === 'markdown')
      out.push(e.content.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))));
    else if (e.tag === 'column_set')
      out.push(e.columns.map((col) => col.elements[0]?.text.content).join(' | '));
  }
  return out.filter((s) => s !== '').join('\n');
}

/** The buttons of a card, in order, with their labels and values. */
export function cardButtons(c: FeishuCard): { label: string; value: CardAction }[] {
  return c.body.elements.flatMap((e) =>
    e.tag === 'column_set'
      ? e.columns.flatMap((col) =>
          col.elements.map((b) => ({ label: b.text.content, value: b.behaviors[0].value })),
        )
      : [],
  );
}
