/**
 * Column-cut continuations printed inside another article (pure). On speech pages a speech cut mid-word often goes
 * on after the next speech's closing paragraph ("…兰州理工大" … "我们将以此次现场会为契机…" "(二)扎实开展…天水…"), so
 * segmentation hands the rest of the first speech to the second one and its figures get cited under the wrong
 * speaker.
 *
 * Rule: a run of paragraphs at the end of article A is moved to the end of article B on the same page when
 * - the run follows a paragraph that reads as A's closing, or starts with an enumeration marker ("(二)", "二是",
 *   "2.") that does not continue A's own enumeration;
 * - the run names a place of B (B's place or a county of B's city) and of no other article, and names nothing
 *   that is or contains or lies in A's places;
 * - B is cut (its last paragraph does not end a sentence) or the run's marker continues B's enumeration;
 * - A keeps more paragraphs than it gives away.
 * When any of this is unsure the paragraphs stay where they are. Paragraphs are renumbered 1..n.
 */
import type { Article, Place } from '../src/types.js';
import { detectPlaces } from '../src/text/places.js';
import { endsSentence } from '../src/text/sentences.js';
import { numberParagraphs } from './paragraphs.js';

type MarkerStyle = 'paren' | 'shi' | 'arabic' | 'dun';

interface Marker {
  style: MarkerStyle;
  n: number;
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一..九十九 → 1..99; undefined for anything else. */
function chineseNumber(s: string): number | undefined {
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === '') return undefined;
  const [, tens = '', ten = '', ones = ''] = m;
  if (ten === '') return tens !== '' && ones === '' ? DIGITS[tens] : undefined;
  return (tens === '' ? 1 : (DIGITS[tens] ?? 0)) * 10 + (ones === '' ? 0 : (DIGITS[ones] ?? 0));
}

/** The enumeration marker a paragraph starts with: "(二)", "二是", "2.", "二、". */
export function leadingMarker(text: string): Marker | undefined {
  const t = text.trim();
  const cn = '[一二三四五六七八九十]{1,3}';
  const paren = new RegExp(`^[(（](${cn})[)）]`).exec(t);
  if (paren) return withN('paren', chineseNumber(paren[1] ?? ''));
  const shi = new RegExp(`^(${cn})是`).exec(t);
  if (shi) return withN('shi', chineseNumber(shi[1] ?? ''));
  const dun = new RegExp(`^(${cn})、`).exec(t);
  if (dun) return withN('dun', chineseNumber(dun[1] ?? ''));
  const arabic = /^(\d{1,2})[.．、](?!\d)/.exec(t);
  if (arabic) return withN('arabic', Number(arabic[1]));
  return undefined;
}

function withN(style: MarkerStyle, n: number | undefined): Marker | undefined {
  return n === undefined ? undefined : { style, n };
}

/** The last marker of a style among paragraphs (before `end`). */
function lastMarker(texts: string[], style: MarkerStyle, end = texts.length): Marker | undefined {
  for (let k = end - 1; k >= 0; k--) {
    const m = leadingMarker(texts[k] ?? '');
    if (m?.style === style) return m;
  }
  return undefined;
}

/** A speech's or report's closing paragraph: what it will do next. */
const CLOSING = /^(?:下一步|今后|在今后|我们将|我们要|我们一定|最后|总之)|为契机/;

/** A block that stops mid-sentence: the column was cut. */
function isCut(article: Article): boolean {
  const last = article.paragraphs.at(-1)?.text.trim() ?? '';
  return last !== '' && !endsSentence(last, 'closed');
}

/** A place named in the run that is one of the article's places, or a county of one of its cities. */
function isOwnPlace(p: Place, places: Place[]): boolean {
  return places.some((q) => q.name === p.name || (q.level !== 'province' && p.parents.includes(q.name)));
}

/** A place named in the run that is, contains or lies in one of the article's places. */
function touches(p: Place, places: Place[]): boolean {
  return places.some((q) => q.name === p.name || p.parents.includes(q.name) || q.parents.includes(p.name));
}

/** Where the run at the end of `a` starts, and whose it is; undefined when nothing should move. */
function findMove(articles: Article[], ai: number): { start: number; to: number } | undefined {
  const a = articles[ai] as Article;
  if (a.places.length === 0) return undefined;
  const texts = a.paragraphs.map((p) => p.text);
  // The run is shorter than what stays with A.
  for (let s = Math.floor(texts.length / 2) + 1; s < texts.length; s++) {
    const first = texts[s] as string;
    const marker = leadingMarker(first);
    const afterClosing = CLOSING.test(texts[s - 1] ?? '');
    const ownPrev = marker ? lastMarker(texts, marker.style, s) : undefined;
    const foreignMarker = marker !== undefined && marker.n >= 2 && ownPrev?.n !== marker.n - 1;
    if (!afterClosing && !foreignMarker) continue;
    const named = detectPlaces(texts.slice(s).join('\n'));
    if (named.length === 0 || named.some((p) => touches(p, a.places))) continue;
    const owners = articles
      .map((b, bi) => ({ b, bi }))
      .filter(({ b, bi }) => bi !== ai && named.some((p) => isOwnPlace(p, b.places)));
    if (owners.length !== 1) continue;
    const { b, bi } = owners[0] as { b: Article; bi: number };
    const bLast = marker
      ? lastMarker(
          b.paragraphs.map((p) => p.text),
          marker.style,
        )
      : undefined;
    const continuesB = marker !== undefined && bLast?.n === marker.n - 1;
    if (!isCut(b) && !continuesB) continue;
    return { start: s, to: bi };
  }
  return undefined;
}

/** Move column-cut continuations printed inside another article back to the article they continue. */
export function reattachContinuations(articles: Article[]): Article[] {
  const out = articles.map((a) => ({ ...a, paragraphs: [...a.paragraphs] }));
  out.forEach((a, ai) => {
    const move = findMove(out, ai);
    if (!move) return;
    const texts = a.paragraphs.map((p) => p.text);
    const b = out[move.to] as Article;
    a.paragraphs = numberParagraphs(texts.slice(0, move.start));
    b.paragraphs = numberParagraphs([...b.paragraphs.map((p) => p.text), ...texts.slice(move.start)]);
  });
  return out;
}
