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

/** Feishu rejects cards over 30 KB (UTF-8: 3 bytes a Chinese character); long summaries are cut well below. */
export const MAX_TEXT = 4000;
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

/**
 * The answer text, its notice, the footnotes of the citations, one button per source (opens the first cited
 * paragraph) and 👍/👎.
 */
export function answerCard(answer: Answer, opts: AnswerCardOptions = {}): FeishuCard {
  const t = texts(answer.lang);
  const l = answer.lang;
  const text = clip(answer.text.trim(), MAX_TEXT);
  const elements: CardElement[] = [textDiv(text)];
  if (answer.notice) elements.push(noteDiv(answer.notice));
  const cites = [...answer.citations].sort((a, b) => a.n - b.n);
  if (cites.length > 0) {
    elements.push({ tag: 'hr' });
    elements.push({
      tag: 'markdown',
      content: `**${escapeMarkdown(t.sources)}**\n${cites.map((c) => footnoteMarkdown(c, t)).join('\n')}`,
    });
    elements.push(
      buttonRow(
        cites
          .filter((c) => c.paragraphs.length > 0)
          .map((c) => button(sourceLabel(c, t), { a: 'src', id: c.articleId, n: c.paragraphs[0]! }, l)),
      ),
    );
  }
  if (opts.feedbackKey !== undefined) {
    elements.push(
      buttonRow([
        button('👍', { a: 'fb', v: 'up', k: opts.feedbackKey }, l),
        button('👎', { a: 'fb', v: 'down', k: opts.feedbackKey }, l),
      ]),
    );
  }
  return card(elements, text);
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
