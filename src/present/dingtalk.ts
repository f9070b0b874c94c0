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
}

const DEFAULT_MAX_BUTTONS = 6;
const DEFAULT_MAX_TEXT = 3500;
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

/** Answer text, notice, then the footnotes; in private chats one button per cited source. */
export function dingtalkAnswer(answer: Answer, t: Texts, o: DingtalkRenderOptions): DingtalkMessage {
  const maxText = o.maxTextChars ?? DEFAULT_MAX_TEXT;
  const blocks = [paragraphs(cut(answer.text.trim(), maxText))];
  if (answer.notice) blocks.push(`*${answer.notice.trim()}*`);
  const cited = [...answer.citations].sort((a, b) => a.n - b.n);
  if (cited.length > 0) {
    const notes = cited.map((c, i) => {
      const line = dingtalkFootnote(c, t);
      // A place summary can cite dozens of articles: quotes for the first few keep the message readable.
      if (!o.group || i >= GROUP_QUOTES) return line;
      const quote = c.quote ?? c.paragraphTexts[0];
      return quote ? `${line}\n\n> ${cut(quote.replace(/\s+/g, ' ').trim(), QUOTE_CHARS)}` : line;
    });
    blocks.push(`**${t.sources}**\n\n${notes.join('\n\n')}`);
  }
  const text = blocks.join('\n\n');
  const title = previewTitle(answer.text, t.sources);
  const btns = o.group
    ? []
    : cited.slice(0, o.maxButtons ?? DEFAULT_MAX_BUTTONS).map((c) => ({
        title: `📄 [${c.n}] ${cut(c.title, 14)}${t.paragraphLabel(c.paragraphs.slice(0, 1))}`,
        actionURL: sendMessageUrl(sourceCommand(c.articleId, c.paragraphs[0] ?? 1)),
      }));
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
  return { msgtype: 'actionCard', actionCard: { title: cardTitle, text, btnOrientation: '1', btns } };
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
  return { msgtype: 'actionCard', actionCard: { title: t.choosePlace, text, btnOrientation: '0', btns } };
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
