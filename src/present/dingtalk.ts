/**
 * Pure presentation for DingTalk: an Answer or a paragraph → a robot message body (markdown or ActionCard) as
 * the sessionWebhook takes it. No I/O.
 *
 * Opening a source: DingTalk robot messages have no callback buttons, but a `dtmd://dingtalkclient/sendMessage`
 * link (in markdown or as an ActionCard button) makes the user's client send its content back to the chat. So a
 * private answer is an ActionCard whose buttons send `/source <articleId> <paragraph>`; the bot answers with that
 * paragraph and previous/next buttons. The command names the paragraph itself, so it keeps working after a
 * restart. In groups the platform only delivers messages that @ the robot, and a tapped link does not @ it, so
 * group answers are markdown with the cited sentence quoted under each footnote instead of buttons.
 */
import type { ParagraphView, PlaceCount } from '../rag/service.js';
import type { Answer, Citation } from '../types.js';
import { footnoteParts, paragraphWhere } from './footnote.js';
import type { Texts } from './texts.js';

export interface DingtalkButton {
  title: string;
  actionURL: string;
}

export type DingtalkMessage =
  | { msgtype: 'markdown'; markdown: { title: string; text: string } }
  | {
      msgtype: 'actionCard';
      actionCard: { title: string; text: string; btnOrientation: '0' | '1'; btns: DingtalkButton[] };
    }
  | { msgtype: 'text'; text: { content: string } };

export interface DingtalkRenderOptions {
  /** Group chat: no buttons (tapped links would not reach the robot), quotes inline. */
  group: boolean;
  /** Most source buttons on one answer. */
  maxButtons?: number;
  /** Longest answer text before it is cut (the footnotes are always kept). */
  maxTextChars?: number;
  /** The key the 👍/👎 links send back (private chats only); no links without it. */
  feedbackKey?: string;
}

const DEFAULT_MAX_BUTTONS = 6;
const DEFAULT_MAX_TEXT = 3500;
/**
 * Footnotes on one message; the rest are one command away (`/sources 11`, a link in private chats). A summary
 * can cite dozens of articles, and a robot message has a size limit.
 */
export const SOURCES_PER_MESSAGE = 10;
/**
 * The most a message body may hold, in UTF-8 bytes of its markdown. DingTalk refuses robot messages of about
 * 20,000 bytes and more (test/support/dingtalk-emulator.ts enforces that); half of it leaves room for the title
 * and JSON around it and keeps a message readable on a phone.
 */
export const MAX_MESSAGE_BYTES = 10_000;
const TITLE_CHARS = 24;
const QUOTE_CHARS = 120;
const GROUP_QUOTES = 6;

/** The command a source button sends back; parsed by the DingTalk handler. */
export function sourceCommand(articleId: string, n: number): string {
  return `/source ${articleId} ${n}`;
}

/** A link that, tapped in DingTalk, sends `content` into the chat as the user. */
export function sendMessageUrl(content: string): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(content)}`;
}

/** DingTalk markdown needs a blank line (or two trailing spaces) for a line break. */
function paragraphs(text: string): string {
  return text
    .trim()
    .split(/\n+/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n\n');
}

/** Square brackets in a link text would end the link early; the footnote's own [n] sits outside it. */
function linkText(s: string): string {
  return s.replace(/\[/g, '【').replace(/\]/g, '】');
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** `[1] 《标题》第3段 · 2024年8月18日`, the title linked to the article when the report has a URL. */
export function dingtalkFootnote(c: Citation, t: Texts): string {
  const title = `《${linkText(c.title)}》`;
  const linked = c.url ? `[${title}](${c.url})` : title;
  return `[${c.n}] ${linked}${footnoteParts(c, t).rest}`;
}

/** What a notification and the chat list show: the first words of the answer, without markers. */
function previewTitle(text: string, fallback: string): string {
  const plain = text
    .replace(/\[\d+\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain === '' ? fallback : cut(plain, TITLE_CHARS);
}

/** The command a 👍/👎 link sends back; parsed by the DingTalk handler. */
export function feedbackCommand(vote: 'up' | 'down', key: string): string {
  return `/feedback ${vote} ${key}`;
}

/** The command that lists a conversation's last answer's sources from the `from`-th on (1-based). */
export function sourcesCommand(from: number): string {
  return `/sources ${from}`;
}

const utf8 = (s: string): number => Buffer.byteLength(s);

/**
 * Footnotes of citations [from, from + SOURCES_PER_MESSAGE), then how to get the rest. In private chats each
 * footnote also carries its "open" link in the text (ActionCard buttons do not open on every DingTalk client),
 * and "更多来源 ›" is a link; in groups a tapped link would not reach the robot, so it says what to send.
 */
function sourceBlock(cited: Citation[], from: number, t: Texts, o: DingtalkRenderOptions): string {
  const page = cited.slice(from, from + SOURCES_PER_MESSAGE);
  const notes = page.map((c, i) => {
    const line = dingtalkFootnote(c, t);
    if (!o.group) {
      const open = sendMessageUrl(sourceCommand(c.articleId, c.paragraphs[0] ?? 1));
      return `${line} [${t.openSource}](${open})`;
    }
    // Quotes for the first few keep a group message readable.
    if (from + i >= GROUP_QUOTES) return line;
    const quote = c.quote ?? c.paragraphTexts[0];
    return quote ? `${line}\n\n> ${cut(quote.replace(/\s+/g, ' ').trim(), QUOTE_CHARS)}` : line;
  });
  const next = from + SOURCES_PER_MESSAGE;
  if (next < cited.length) {
    const more = t.moreSources(cited.length - next);
    notes.push(
      o.group
        ? t.moreSourcesByCommand(cited.length - next, sourcesCommand(next + 1))
        : `[${more}](${sendMessageUrl(sourcesCommand(next + 1))})`,
    );
  }
  const head = from === 0 ? t.sources : t.sourcesFrom(from + 1, Math.min(next, cited.length), cited.length);
  return `**${head}**\n\n${notes.join('\n\n')}`;
}

function sourceButtons(cited: Citation[], t: Texts, max: number): DingtalkButton[] {
  return cited.slice(0, max).map((c) => ({
    title: `📄 [${c.n}] ${cut(c.title, 14)}${t.paragraphLabel(c.paragraphs.slice(0, 1))}`,
    actionURL: sendMessageUrl(sourceCommand(c.articleId, c.paragraphs[0] ?? 1)),
  }));
}

/**
 * Answer text, notice, then the footnotes (a page of them); in private chats one button per cited source.
 * The answer text is cut so the whole message stays within MAX_MESSAGE_BYTES.
 */
export function dingtalkAnswer(answer: Answer, t: Texts, o: DingtalkRenderOptions): DingtalkMessage {
  const cited = [...answer.citations].sort((a, b) => a.n - b.n);
  const tail: string[] = [];
  if (answer.notice) tail.push(`*${answer.notice.trim()}*`);
  if (cited.length > 0) tail.push(sourceBlock(cited, 0, t, o));
  // Links in the text, not buttons: the source buttons fill the card, and a group's tapped link is never delivered.
  if (o.feedbackKey !== undefined && !o.group)
    tail.push(
      `[👍 ${t.helpful}](${sendMessageUrl(feedbackCommand('up', o.feedbackKey))})  ` +
        `[👎 ${t.notHelpful}](${sendMessageUrl(feedbackCommand('down', o.feedbackKey))})`,
    );
  const tailBytes = utf8(tail.join('\n\n')) + 4;
  let maxText = o.maxTextChars ?? DEFAULT_MAX_TEXT;
  let body = paragraphs(cut(answer.text.trim(), maxText));
  while (utf8(body) + tailBytes > MAX_MESSAGE_BYTES && maxText > 100) {
    maxText = Math.floor(maxText * 0.8);
    body = paragraphs(cut(answer.text.trim(), maxText));
  }
  const text = [body, ...tail].join('\n\n');
  const title = previewTitle(answer.text, t.sources);
  const btns = o.group
    ? []
    : sourceButtons(cited.slice(0, SOURCES_PER_MESSAGE), t, o.maxButtons ?? DEFAULT_MAX_BUTTONS);
  if (btns.length === 0) return { msgtype: 'markdown', markdown: { title, text } };
  return { msgtype: 'actionCard', actionCard: { title, text, btnOrientation: '0', btns } };
}

/** A later page of the last answer's sources (`/sources 11`), paged the same way. */
export function dingtalkSources(
  citations: Citation[],
  from: number,
  t: Texts,
  o: DingtalkRenderOptions,
): DingtalkMessage {
  const cited = [...citations].sort((a, b) => a.n - b.n);
  const text = sourceBlock(cited, from, t, o);
  const title = cut(
    t.sourcesFrom(from + 1, Math.min(from + SOURCES_PER_MESSAGE, cited.length), cited.length),
    TITLE_CHARS,
  );
  const page = cited.slice(from, from + SOURCES_PER_MESSAGE);
  const btns = o.group ? [] : sourceButtons(page, t, o.maxButtons ?? DEFAULT_MAX_BUTTONS);
  if (btns.length === 0) return { msgtype: 'markdown', markdown: { title, text } };
  return { msgtype: 'actionCard', actionCard: { title, text, btnOrientation: '0', btns } };
}

/** One opened paragraph: where it is from, the exact text as a quote, previous/next buttons in private chats. */
export function dingtalkParagraph(p: ParagraphView, t: Texts, o: DingtalkRenderOptions): DingtalkMessage {
  const title = `《${linkText(p.title)}》`;
  const head = p.url ? `[${title}](${p.url})` : `**${title}**`;
  const quote = p.text
    .trim()
    .split(/\n+/)
    .map((l) => `> ${l.trim()}`)
    .join('\n>\n');
  const text = `${head} ${paragraphWhere(p, t)}\n\n${quote}`;
  const cardTitle = cut(`${p.title} ${t.paragraphOf(p.n, p.count)}`, TITLE_CHARS);
  const btns: DingtalkButton[] = [];
  if (!o.group) {
    if (p.n > 1) btns.push({ title: t.prev, actionURL: sendMessageUrl(sourceCommand(p.articleId, p.n - 1)) });
    if (p.n < p.count)
      btns.push({ title: t.next, actionURL: sendMessageUrl(sourceCommand(p.articleId, p.n + 1)) });
  }
  if (btns.length === 0) return { msgtype: 'markdown', markdown: { title: cardTitle, text } };
  // The same links in the text, for clients where ActionCard buttons do not open dtmd:// links.
  const links = btns.map((b) => `[${b.title}](${b.actionURL})`).join('  ');
  const withLinks = `${text}\n\n${links}`;
  return {
    msgtype: 'actionCard',
    actionCard: { title: cardTitle, text: withLinks, btnOrientation: '1', btns },
  };
}

/** `/summary` alone: the places with most articles, as buttons that ask for their summary (private chats). */
export function dingtalkPlaces(
  places: PlaceCount[],
  t: Texts,
  o: DingtalkRenderOptions & { maxPlaces?: number },
): DingtalkMessage {
  const shown = places.slice(0, o.maxPlaces ?? 8);
  if (shown.length === 0) return dingtalkNotice(t.noPlaces, t.noPlaces);
  const list = shown.map((p) => `- ${p.name}（${p.articles}）`).join('\n');
  const hint = o.group ? '\n\n/summary 地名' : '';
  const text = `**${t.choosePlace}**\n\n${list}${hint}`;
  if (o.group) return { msgtype: 'markdown', markdown: { title: t.choosePlace, text } };
  const btns = shown.map((p) => ({ title: p.name, actionURL: sendMessageUrl(`/summary ${p.name}`) }));
  // The places are links in the text too (ActionCard buttons do not open dtmd:// links on every client).
  const linked = shown.map((p, i) => `- [${p.name}](${btns[i]!.actionURL})（${p.articles}）`).join('\n');
  return {
    msgtype: 'actionCard',
    actionCard: {
      title: t.choosePlace,
      text: `**${t.choosePlace}**\n\n${linked}`,
      btnOrientation: '0',
      btns,
    },
  };
}

/** A short notice (help, errors) as markdown. */
export function dingtalkNotice(text: string, title: string): DingtalkMessage {
  return { msgtype: 'markdown', markdown: { title: cut(title, TITLE_CHARS), text: paragraphs(text) } };
}

/** The visible text of a message body, for logs and tests. */
export function dingtalkMessageText(m: DingtalkMessage): string {
  if (m.msgtype === 'markdown') return m.markdown.text;
  if (m.msgtype === 'actionCard') return m.actionCard.text;
  return m.text.content;
}
