/**
 * Newspaper page layout (pure): positioned text of one PDF page → articles in reading order.
 *
 * 1. Text runs → lines (same baseline, no gutter between them) → blocks (lines stacked in one column, same size).
 * 2. Running heads, footers and page numbers (small type in the top/bottom margin) are dropped; the printed
 *    edition ("第3版") and date are kept for citations.
 * 3. Reading order by recursive XY-cut: a wide horizontal gap across the region first (article bands), then column
 *    gutters, then any horizontal gap; what cannot be cut is read column by column.
 * 4. Blocks are told apart by type size: headlines are larger than body text, captions and bylines smaller.
 *    Paragraphs start at an indented line (or after a short last line).
 * 5. Articles: a headline group opens one; body blocks follow. A block whose first line is not indented continues
 *    a paragraph cut at the end of a column — the current article's, or else the latest one left open (an article
 *    continued after another article). Captions stay apart, after the article's paragraphs.
 */
import type { ArticleDraft } from '../segment.js';
import { findDate, isInformativeCaption } from '../segment.js';
import { smallNumber } from '../../src/text/numerals.js';
import { classifyLine } from '../clean.js';

/** One run of text as the PDF places it, in page coordinates read upright (origin top-left, points). */
export interface TextRun {
  text: string;
  /** Left edge and baseline. */
  x: number;
  baseline: number;
  /** Advance width. */
  w: number;
  /** Font size (em height). */
  size: number;
}

export interface PageText {
  width: number;
  height: number;
  runs: TextRun[];
  /** Runs are OCR line boxes (positions jitter by a few pixels). */
  ocr?: boolean;
}

/** An article of one page, with what its jump lines say ("下转第3版", "上接第1版"). */
export interface LaidArticle extends ArticleDraft {
  /** Goes on in this edition ("下转第N版"). */
  jumpTo?: number;
  /** Comes from this edition ("上接第N版"). */
  jumpFrom?: number;
  /** The last paragraph was cut (its last line runs to the measure and ends no sentence). */
  openEnd?: boolean;
  /** The first paragraph is the tail of one cut elsewhere (its first line is not indented). */
  tailStart?: boolean;
  /** How many of the last paragraphs are picture captions. */
  captions?: number;
}

export interface PageLayout {
  articles: LaidArticle[];
  /** Printed edition or page ("第3版"), when the running head or footer says. */
  edition?: string;
  /** Date printed in the running head. */
  date?: string;
  /** Characters of text on the page (0: no text layer). */
  chars: number;
}

interface Line {
  text: string;
  /** The PDF put a space after the line's last character (a space a line break must not swallow). */
  endsSpace?: boolean;
  x: number;
  right: number;
  top: number;
  bottom: number;
  size: number;
}

type Kind = 'headline' | 'subhead' | 'body' | 'byline' | 'caption' | 'quote' | 'label' | 'jump';

interface Block {
  lines: Line[];
  x: number;
  right: number;
  top: number;
  bottom: number;
  size: number;
  kind?: Kind;
}

const BYLINE =
  /^(?:(?:本报|本刊)?(?:特约)?(?:记者|通讯员|评论员|见习记者)\s*[\u4e00-\u9fa5·]{2,4}(?:[\s、]+[\u4e00-\u9fa5·]{2,4})*\s*)+$/;
const CAPTION_CREDIT = /(?:\s|记者|通讯员|供图)\s*摄(?:影)?$/;
const JUMP = /^[(（]?(?:下|上)?(?:转|接)(?:第)?\s*[\d一二三四五六七八九十]+\s*版[)）]?$/;
/** A sentence's end: its final mark, maybe inside a closing quote or bracket (a quoted word ends none: 围绕“X”). */
const SENTENCE_END = /[。！？!?…][”」』）)]?$/;
/** Where a paragraph may end: a sentence's end, or a colon before what it introduces. */
const PARAGRAPH_END = /[。！？!?…：:][”」』）)]?$/;
/** Numbered sub-headings of Chinese documents: 一、 （一） 1. 1、 (standard numbering levels). */
const NUMBERED =
  /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．](?!\d))/;

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 0;
  let bestN = -1;
  for (const [v, n] of counts) if (n > bestN) [best, bestN] = [v, n];
  return best;
}

function joinRun(left: string, right: string, gap: number, size: number): string {
  // Latin words keep a space when the PDF left a gap between them; Chinese never takes one.
  if (gap > size * 0.2 && /[A-Za-z0-9,.;:]$/.test(left) && /^[A-Za-z0-9]/.test(right))
    return `${left} ${right}`;
  return left + right;
}

/**
 * A gap this wide (in em) between two runs of a line is a word space, as between a title and a name in a byline
 * ("局长 李明远") when the PDF has no space glyph, only the glyph positions: CJK glyphs sit edge to edge and
 * justification spreads them far less.
 */
const SPACE_GAP = 0.3;
/** A pdf.js space item bridges a gap up to this wide (an ideographic space), never a column gutter. */
const SPACE_ITEM_MAX = 1.2;
const NUMERAL_END = /[0-9０-９.,:%]$/;
const LATIN_END = /[A-Za-z0-9]$/;
const LATIN_START = /^[A-Za-z0-9]/;
/** Unless between Latin letters or digits, a gap narrower than this (em) is letter spacing, whatever space item pdf.js put in. */
const CJK_SPACE_MIN = 0.2;
const NUMERAL_START = /^[0-9０-９.,:%]/;

/** Two runs of one line: a space between them when the PDF says so (a space, or a gap wider than glyph spacing). */
function joinInLine(
  left: string,
  right: string,
  gap: number,
  size: number,
  spaced: boolean,
  spaceGap = SPACE_GAP,
): string {
  const text = right.trim();
  // A number cut into runs stays whole unless the PDF itself put a space in it.
  const numeral = NUMERAL_END.test(left) && NUMERAL_START.test(text);
  if (spaced || /^\s/.test(right) || (!numeral && gap > size * spaceGap)) return `${left} ${text}`;
  return joinRun(left, text, gap, size);
}

const CJK = '\\u3000-\\u30ff\\u4e00-\\u9fff\\uff00-\\uffef';
/** A single CJK character between spaces: letter spacing, not words. */
const SPACED_OUT = new RegExp(`[${CJK}] [${CJK}] [${CJK}]`);
/** A short run of single CJK characters, each a space apart ("陈 笑"): letter spacing too. */
const ALL_SPACED = new RegExp(`^[${CJK}](?: [${CJK}])+$`);
/**
 * A run set with letter spacing (justified CJK text): pdf.js puts a space into every gap wider than a tenth of an
 * em ("座 谈 会 上", "信 息 2 7 条"). Chinese has no word spaces, and words are never one character apart: such
 * single spaces go, between digits too (a figure is not two numbers); a wider gap (two or more) is a real space.
 */
function unspace(text: string): string {
  return SPACED_OUT.test(text) || ALL_SPACED.test(text.trim())
    ? text.replace(/ +/g, (m) => (m.length >= 2 ? ' ' : ''))
    : text;
}

/** Runs → lines: same baseline (within a third of the size), no gap as wide as a column gutter. */
export function buildLines(runs: TextRun[], ocr = false): Line[] {
  const slack = ocr ? OCR_START_SLACK : START_SLACK;
  const items = runs
    .map((r) => ({ ...r, text: unspace(r.text).replace(/\s+/g, ' ') }))
    .filter((r) => r.text !== '' && r.size > 0)
    .sort((a, b) => a.baseline - b.baseline || a.x - b.x);
  const joined: { x: number; size: number }[] = [];
  const first = linesOf(items, [], 0, slack, joined);
  const starts = columnStarts([...first, ...joined], slack);
  const body = mode(first.map((l) => Math.round(l.size * 2) / 2));
  return starts.length > 0
    ? linesOf(items, starts, body, slack, undefined, gutterSpans(first, starts, body))
    : first;
}

/** A gutter: where the text of one column ends (`from`) and the next column starts (`to`). */
interface Gutter {
  from: number;
  to: number;
}

/**
 * The gutters before the column starts: from the furthest any line of body type left of a start reaches (a hung
 * punctuation mark half counted) to the start.
 */
function gutterSpans(lines: Line[], starts: number[], body: number): Gutter[] {
  const out: Gutter[] = [];
  for (const to of starts) {
    let from = -Infinity;
    for (const l of lines) {
      if (Math.abs(l.size - body) > body * 0.06 || l.x >= to - body) continue;
      const right = HANGING.test(l.text) ? l.right - l.size * 0.5 : l.right;
      if (right <= to) from = Math.max(from, right);
    }
    if (from > -Infinity && to - from >= body * 0.3) out.push({ from, to });
  }
  return out;
}

/**
 * Where columns start: left edges that several lines of body type share. A narrow gutter, or punctuation hung into
 * it, can leave less than a gutter's width between two columns' lines; a gap at a column start still parts them.
 */
function columnStarts(lines: { x: number; size: number }[], slack: number): number[] {
  const body = mode(lines.map((l) => Math.round(l.size * 2) / 2));
  const xs = lines
    .filter((l) => Math.abs(l.size - body) <= body * 0.06)
    .map((l) => l.x)
    .sort((a, b) => a - b);
  const starts: number[] = [];
  let k = 0;
  while (k < xs.length) {
    let j = k;
    while (j + 1 < xs.length && (xs[j + 1] as number) - (xs[k] as number) <= body * slack) j++;
    if (j - k + 1 >= 3) starts.push(xs[k] as number);
    k = j + 1;
  }
  // First lines indented from a column start are no column start themselves.
  return starts.filter((x) => !starts.some((t) => x - t >= body * 0.5 && x - t <= body * 3.2));
}

/**
 * Any visible gap (em) before a column start parts two lines of body type, narrower than a gutter though it is:
 * text that spans columns is set larger than the body.
 */
const START_GAP = 0.05;
/** Closing punctuation that may hang beyond the measure (标点悬挂). */
const HANGING = /[，。、；：？！）》”’,.;:?!)]$/;
/** Left edges this close (em) are one column start; OCR line boxes jitter by a few pixels more. */
const START_SLACK = 0.1;
const OCR_START_SLACK = 0.25;

/** A gap this wide (em) inside a line may be a narrow gutter: where text starts after it may be a column start. */
const GUTTER_LIKE = 0.4;

/**
 * The usual gap (em) between neighbouring glyphs of a row set glyph by glyph, per run: its letter spacing. Runs
 * of one size closer than a gutter form a stretch (about a line); the median gap between its single-glyph runs
 * is its spacing.
 */
function letterSpacing(cluster: TextRun[]): Map<TextRun, number> {
  const out = new Map<TextRun, number>();
  let stretch: TextRun[] = [];
  let steps: number[] = [];
  const close = (): void => {
    steps.sort((a, b) => a - b);
    const letter = steps.length >= 3 ? Math.max(0, steps[Math.floor(steps.length / 2)] as number) : 0;
    for (const r of stretch) out.set(r, letter);
    stretch = [];
    steps = [];
  };
  let prev: TextRun | undefined;
  for (const r of cluster) {
    if (r.text.trim() === '') continue;
    const g = prev ? (r.x - (prev.x + prev.w)) / r.size : Infinity;
    if (prev && Math.abs(prev.size - r.size) <= r.size * 0.06 && g > -0.05 && g < 0.8) {
      // Only gaps between single glyphs tell the spacing (between words drawn whole they are word spaces).
      if ([...prev.text.trim()].length === 1 && [...r.text.trim()].length === 1) steps.push(g);
    } else close();
    stretch.push(r);
    prev = r;
  }
  close();
  return out;
}

function linesOf(
  items: TextRun[],
  starts: number[],
  body = 0,
  slack = START_SLACK,
  joined?: { x: number; size: number }[],
  gutters: Gutter[] = [],
): Line[] {
  const atStart = (x: number, size: number): boolean =>
    starts.some((s) => x >= s - size * slack && x <= s + size * slack * 2);
  /** Whether the gap between two runs holds a whole gutter (ragged text may stop a character short of it). */
  const acrossGutter = (left: number, right: number): boolean =>
    gutters.some((g) => left <= g.from + body && right >= g.to - body * 0.3);
  const lines: Line[] = [];
  let k = 0;
  while (k < items.length) {
    const first = items[k] as TextRun;
    const cluster: TextRun[] = [];
    while (k < items.length && Math.abs((items[k] as TextRun).baseline - first.baseline) <= first.size * 0.35)
      cluster.push(items[k++] as TextRun);
    cluster.sort((a, b) => a.x - b.x);
    // A loosely justified line spreads its glyphs evenly: only a gap wider than that spacing is a word space.
    // (Found only when a gap is wide enough for it to matter.)
    let letters: Map<TextRun, number> | undefined;
    let cur: (Line & { baseline: number }) | undefined;
    /** Where the line's text and the space items after it end, and whether such an item was passed. */
    let reach = 0;
    let spaced = false;
    for (const r of cluster) {
      const gap = cur ? r.x - reach : 0;
      if (r.text.trim() === '') {
        if (cur && gap < r.size * SPACE_GAP && r.w <= r.size * SPACE_ITEM_MAX) {
          reach = Math.max(reach, r.x + r.w);
          spaced = true;
        }
        continue;
      }
      const sameSize = cur !== undefined && Math.abs(r.size - cur.size) <= Math.max(r.size, cur.size) * 0.15;
      // Punctuation hung at the end of a line may reach into a narrow gutter up to the next column's start.
      const hung = cur !== undefined && HANGING.test(cur.text);
      const bodyRun = Math.abs(r.size - body) <= body * 0.06;
      const split =
        (gap >= r.size * (hung ? -START_GAP * 2 : START_GAP) && bodyRun && atStart(r.x, r.size)) ||
        // Headlines of articles side by side on one baseline, a gutter apart (narrower than their word spaces
        // may be): the gap between them holds a gutter of the columns.
        (cur !== undefined && !bodyRun && gap >= body * 0.5 && acrossGutter(cur.right, r.x));
      if (cur && sameSize && gap < Math.max(r.size, cur.size) * 0.8 && !split) {
        if (gap >= r.size * GUTTER_LIKE) joined?.push({ x: r.x, size: r.size });
        // pdf.js puts a space item into any gap wider than a tenth of an em, as justified CJK lines drawn glyph by
        // glyph have: between CJK characters only a gap a word space wide is a space.
        const cjk = !LATIN_END.test(cur.text) || !LATIN_START.test(r.text);
        // Nor between two digits: justification spreads a figure's digits as it spreads Chinese characters.
        const digits = /[0-9]$/.test(cur.text) && /^[0-9]/.test(r.text);
        const visible = r.x - cur.right;
        const wide = visible >= r.size * CJK_SPACE_MIN || gap > r.size * SPACE_GAP;
        const letter = wide ? ((letters ??= letterSpacing(cluster)).get(r) ?? 0) : 0;
        if ((cjk || digits) && visible < r.size * Math.max(CJK_SPACE_MIN, letter + 0.15)) spaced = false;
        const spaceGap = Math.max(SPACE_GAP, letter + 0.15);
        cur.text = joinInLine(
          cur.text,
          r.text,
          gap,
          r.size,
          spaced || (cur.endsSpace === true && !cjk),
          spaceGap,
        );
        cur.right = Math.max(cur.right, r.x + r.w);
        cur.endsSpace = /\s$/.test(r.text);
        reach = cur.right;
        spaced = false;
        continue;
      }
      if (cur) lines.push(cur);
      cur = {
        text: r.text.trim(),
        x: r.x,
        right: r.x + r.w,
        baseline: r.baseline,
        top: r.baseline - r.size * 0.88,
        bottom: r.baseline + r.size * 0.12,
        size: r.size,
        endsSpace: /\s$/.test(r.text),
      };
      reach = cur.right;
      spaced = false;
    }
    if (cur) lines.push(cur);
  }
  return lines.filter((l) => l.text !== '');
}

function overlapX(a: { x: number; right: number }, b: { x: number; right: number }): number {
  return Math.min(a.right, b.right) - Math.max(a.x, b.x);
}

/** Lines → blocks: a line joins the block right above it in the same column, at the same type size. */
export function buildBlocks(lines: Line[]): Block[] {
  const blocks: Block[] = [];
  const sorted = [...lines].sort((a, b) => a.top - b.top || a.x - b.x);
  for (const line of sorted) {
    // A jump line ("下转第3版") stands alone, whatever its size: it ends an article's part, it is not text.
    const jump = JUMP.test(line.text);
    const target = blocks.find((b) => {
      const last = b.lines[b.lines.length - 1] as Line;
      if (jump || JUMP.test(last.text)) return false;
      const narrower = Math.min(line.right - line.x, b.right - b.x);
      return (
        Math.abs(last.size - line.size) <= line.size * 0.06 &&
        line.top - last.bottom >= -line.size * 0.3 &&
        line.top - last.bottom <= line.size * 0.9 &&
        // Under the block, or starting a little left of it: a short line under an indented first line (a
        // paragraph's second line) may not reach under it at all.
        (overlapX(line, b) >= narrower * 0.5 || line.x < b.x) &&
        // A line left of the block's column start belongs to another column.
        line.x >= b.x - line.size * 2.5 &&
        line.right <= b.right + line.size * 2.5
      );
    });
    if (target) {
      target.lines.push(line);
      target.x = Math.min(target.x, line.x);
      target.right = Math.max(target.right, line.right);
      target.bottom = line.bottom;
    } else {
      blocks.push({
        lines: [line],
        x: line.x,
        right: line.right,
        top: line.top,
        bottom: line.bottom,
        size: line.size,
      });
    }
  }
  return blocks;
}

/** A block's right edge for finding gutters: the measure most lines reach, not punctuation hung beyond it. */
function textRight(b: Block): number {
  // A line ending in closing punctuation may hang it into the gutter: half of it is the gutter's.
  const rights = b.lines.map((l) => (HANGING.test(l.text) ? l.right - l.size * 0.5 : l.right));
  return b.lines.length >= 3 ? measureRight(rights) : Math.max(...rights);
}

/**
 * Gaps in the projection of blocks on one axis, at least `min` wide: cut positions. With `under`, a gap right
 * below a block that `under` accepts (a headline) counts whatever its width.
 */
function gaps(blocks: Block[], axis: 'x' | 'y', min: number, under?: (b: Block) => boolean): number[] {
  const spans = blocks
    .map((b) => ({ b, s: axis === 'x' ? b.x : b.top, e: axis === 'x' ? textRight(b) : b.bottom }))
    .sort((a, b) => a.s - b.s);
  const cuts: number[] = [];
  let end = spans[0]?.e ?? 0;
  let last = spans[0]?.b;
  for (const { b, s, e } of spans.slice(1)) {
    const gap = s - end;
    if (gap >= min || (gap > 0.01 && last && under?.(last))) cuts.push((s + end) / 2);
    if (e >= end) [end, last] = [e, b];
  }
  return cuts;
}

function splitAt(blocks: Block[], axis: 'x' | 'y', cuts: number[]): Block[][] {
  const groups: Block[][] = cuts.map(() => []);
  groups.push([]);
  for (const b of blocks) {
    const pos = axis === 'x' ? b.x : b.top;
    let k = 0;
    while (k < cuts.length && pos > (cuts[k] as number)) k++;
    (groups[k] as Block[]).push(b);
  }
  return groups.filter((g) => g.length > 0);
}

/** Type within 6 % of the page's body size. */
function bodyType(b: Block, body: number): boolean {
  return Math.abs(b.size - body) <= body * 0.06;
}

/** Running text: body type, unless one line that is a byline, a jump line or a section label. */
function isText(b: Block, body: number): boolean {
  if (!bodyType(b, body)) return false;
  if (b.lines.length > 1) return true;
  const t = blockText(b);
  const bare = t.replace(/\s+/g, '');
  return !BYLINE.test(t) && !JUMP.test(t) && !LABEL.test(bare) && !BRACKETED.test(bare);
}

/**
 * Blocks that open an article at the top of `group`: a headline (well above body size) or a "上接第N版" line with
 * no running text above it in its columns. A pull quote, however large, has its column's text above it.
 */
function openers(group: Block[], body: number, jumps = true): Block[] {
  return group.filter(
    (b) =>
      opensKind(b, body, jumps) &&
      !group.some((o) => o.top < b.top - body * 0.2 && overlapX(o, b) > 0 && isText(o, body)),
  );
}

/** A headline, or (with `jumps`) a "上接第N版" line: what may open an article. */
function opensKind(b: Block, body: number, jumps = true): boolean {
  return b.size >= body * 1.25 || (jumps && JUMP.test(blockText(b)) && /上|接/.test(blockText(b)));
}

interface Band {
  /** Headings standing over the band's text (rows holding no running text). */
  head: Block[];
  rest: Block[];
}

/**
 * A region's bands, top to bottom: cut where a gap runs across it — a wide one, or any one under a heading with
 * no running text beside it (a headline may stand closer to its text than a line of paragraph spacing). Where the
 * region has columns, a cut must not pass through a column of text: it is taken only under a row of headings or
 * over a row that opens articles; a gap between paragraphs or around a sub-heading that happens to run across
 * the columns is no band. A band of headings alone belongs with the text under it.
 */
function bandsOf(blocks: Block[], body: number): Band[] {
  const alone = new Set(
    blocks.filter(
      (b) =>
        b.size >= body * 1.1 &&
        !blocks.some((o) => o !== b && o.top < b.bottom && o.bottom > b.top && isText(o, body)),
    ),
  );
  const cuts = gaps(blocks, 'y', body * 1.0, (b) => alone.has(b));
  // What may open an article, and how low the running text above it in its columns reaches: under a cut it
  // opens the part below when no such text lies between the cut and it (openers of that part, found once).
  const candidates = blocks
    .filter((b) => opensKind(b, body))
    .map((b) => ({
      b,
      above: Math.max(
        ...blocks
          .filter((o) => o.top < b.top - body * 0.2 && overlapX(o, b) > 0 && isText(o, body))
          .map((o) => o.top),
      ),
    }));
  // Blocks by top: the part above a cut (since the last one taken) and the part below are ranges of it.
  const byTop = [...blocks].sort((a, b) => a.top - b.top);
  const firstBelow = (y: number): number => {
    let k = 0;
    while (k < byTop.length && (byTop[k] as Block).top <= y) k++;
    return k;
  };
  const accepted: number[] = [];
  let from = 0;
  for (const c of cuts) {
    const at = firstBelow(c);
    // Columns of the band the cut would pass through: down to where the next article opens (a headline further
    // down may span them).
    const next = Math.min(...candidates.filter((o) => o.b.top > c && o.above <= c).map((o) => o.b.top));
    const until = next === Infinity ? byTop.length : firstBelow(next - 0.001);
    const columns = gaps(byTop.slice(from, until), 'x', body * 0.5).length > 0;
    // What opens the band under the cut stands at its top (a label and a kicker may come first).
    const top = byTop[at]?.top ?? Infinity;
    const opens = next <= top + body * 4.5;
    if (!columns || !byTop.slice(from, at).some((b) => isText(b, body)) || opens) {
      accepted.push(c);
      from = at;
    }
  }
  const out: Band[] = [];
  let head: Block[] = [];
  for (const band of splitAt(blocks, 'y', accepted)) {
    if (band.some((b) => isText(b, body))) {
      out.push({ head, rest: band });
      head = [];
    } else head.push(...band);
  }
  if (head.length > 0) out.push({ head: [], rest: head });
  return out;
}

/**
 * Articles side by side in one band: the columns (cut at every gutter) grouped under the headline that opens
 * each. A column with no headline of its own goes with the article beside it whose columns start level with it
 * (an article's columns start together: under its headings, or beside them when the headline stands in its first
 * column only); when that does not tell, with the article on its left. One module when fewer than two columns
 * open an article.
 */
function modulesOf(blocks: Block[], gutters: number[], body: number, indents: boolean): Block[][] {
  const groups = splitAt(blocks, 'x', gutters);
  // (A "上接第N版" line stands under its article's headline, not over an article of its own.)
  const opens = groups.map((g) => openers(g, body, false).length > 0);
  if (opens.filter(Boolean).length < 2) return [blocks];
  const firstText = (g: Block[]): number | undefined => {
    const tops = g.filter((b) => isText(b, body)).map((b) => b.top);
    return tops.length > 0 ? Math.min(...tops) : undefined;
  };
  /** Where the columns of the article opened in group k may start: under its headings, or level with them. */
  const starts = groups.map((g, k) => {
    if (!opens[k]) return [];
    const text = firstText(g);
    return [Math.min(...g.map((b) => b.top)), ...(text !== undefined ? [text] : [])];
  });
  const owner = groups.map((_, k) => k);
  groups.forEach((g, k) => {
    if (opens[k]) return;
    const left = opens.slice(0, k).lastIndexOf(true);
    const rightAt = opens.slice(k + 1).indexOf(true);
    const right = rightAt < 0 ? -1 : k + 1 + rightAt;
    const top = firstText(g);
    const dist = (m: number): number =>
      m < 0 || top === undefined ? Infinity : Math.min(...(starts[m] ?? []).map((t) => Math.abs(t - top)));
    const [dl, dr] = [dist(left), dist(right)];
    // On a page that indents, a column starting with an unindented line carries on a paragraph: the article on
    // its left (one starting there would start with a paragraph of its own).
    const first = g.find((b) => isText(b, body) && b.top === top);
    const carries = indents && first !== undefined && !startsIndented(first, g, body);
    owner[k] =
      left < 0 ? right : right < 0 || carries ? left : dr < dl - body * 0.3 && dr <= body ? right : left;
  });
  const modules = new Map<number, Block[]>();
  groups.forEach((g, k) =>
    modules.set(owner[k] as number, [...(modules.get(owner[k] as number) ?? []), ...g]),
  );
  return [...modules.entries()].sort(([a], [b]) => a - b).map(([, m]) => m);
}

/** Whether a block's first line is indented from the left edge of the column's text. */
function startsIndented(b: Block, column: Block[], body: number): boolean {
  const left = Math.min(...column.filter((o) => isText(o, body)).flatMap((o) => o.lines.map((l) => l.x)));
  return (b.lines[0] as Line).x - left >= b.size * 1.2;
}

/**
 * Whether the page indents its paragraphs: some block of body type has an indented line with a flush one under
 * it (a centred one-liner is none). Pages that set paragraphs flush mark them by space or a short last line.
 */
function indentsParagraphs(blocks: Block[], body: number): boolean {
  return blocks.some(
    (b) =>
      bodyType(b, body) &&
      b.lines.some((l, k) => {
        const next = b.lines[k + 1];
        return next !== undefined && l.x - next.x >= b.size * 1.2 && next.x - b.x < b.size * 0.5;
      }),
  );
}

/** The heading lines of one article, row by row (label, kicker, headline with a byline beside it, subtitle…). */
function byRows(blocks: Block[]): Block[] {
  const rows: Block[][] = [];
  let bottom = -Infinity;
  for (const b of [...blocks].sort((x, y) => x.top - y.top)) {
    const row = rows[rows.length - 1];
    if (row && b.top < bottom - b.size * 0.3) {
      row.push(b);
      bottom = Math.max(bottom, b.bottom);
    } else {
      rows.push([b]);
      bottom = b.bottom;
    }
  }
  return rows.flatMap((r) => r.sort((x, y) => x.x - y.x));
}

/**
 * Reading order by recursive XY-cut: bands of articles top to bottom; in a band, articles side by side one after
 * another; an article's headings before its text; its columns left to right.
 */
export function readingOrder(blocks: Block[], body: number, indents = true): Block[] {
  if (blocks.length <= 1) return blocks;
  const gutters = gaps(blocks, 'x', body * 0.5);
  const bands = bandsOf(blocks, body);
  if (bands.length > 1) return bands.flatMap((b) => readingOrder([...b.head, ...b.rest], body, indents));
  if (gutters.length > 0) {
    const modules = modulesOf(blocks, gutters, body, indents);
    if (modules.length > 1) return modules.flatMap((m) => readingOrder(m, body, indents));
  }
  const { head, rest } = bands[0] ?? { head: [], rest: blocks };
  if (head.length > 0 && rest.length > 0) return [...byRows(head), ...readingOrder(rest, body, indents)];
  if (gutters.length > 0) return splitAt(blocks, 'x', gutters).flatMap((g) => readingOrder(g, body, indents));
  const narrow = gaps(blocks, 'y', 0.01);
  if (narrow.length > 0) return splitAt(blocks, 'y', narrow).flatMap((g) => readingOrder(g, body, indents));
  // Overlapping boxes that no straight cut separates: column by column, top to bottom.
  return [...blocks].sort((a, b) => Math.round((a.x - b.x) / (body * 4)) || a.top - b.top);
}

/** A photo credit opening a caption's line ("本报记者 王明 摄"): set apart from the caption by a space. */
const CREDIT_START = /^(?:本报|本刊)?(?:特约)?(?:记者|通讯员|摄影)/;

/** A caption's text: its lines joined, a space before a credit that starts a line after the caption's sentence. */
function captionText(b: Block): string {
  return b.lines.reduce((t, l) => {
    if (t === '') return l.text;
    if (CREDIT_START.test(l.text) && SENTENCE_END.test(t)) return `${t} ${l.text}`;
    return joinRun(t, l.text, 1, l.size);
  }, '');
}

/** Texts of blocks already asked for (layout asks for them many times over; a block's lines are final by then). */
const blockTexts = new WeakMap<Block, { lines: number; text: string }>();

function blockText(b: Block): string {
  const known = blockTexts.get(b);
  if (known && known.lines === b.lines.length) return known.text;
  const text = b.lines.reduce((t, l) => (t === '' ? l.text : joinRun(t, l.text, 1, l.size)), '');
  blockTexts.set(b, { lines: b.lines.length, text });
  return text;
}

function classify(b: Block, body: number): Kind {
  const text = blockText(b);
  if (b.size >= body * 1.25) return 'headline';
  if (BYLINE.test(text)) return 'byline';
  // Captions are set smaller than the text; a credit line in body type stays with the text, as in text pages.
  if (b.size < body * 0.95) return CAPTION_CREDIT.test(text) || text.length > 12 ? 'caption' : 'byline';
  if (b.size >= body * 1.1) return 'subhead';
  if (/^[—–-]{1,2}\s*\S/.test(text) && text.length <= 60 && b.lines.length <= 2) return 'subhead';
  return 'body';
}

/**
 * Who wrote (or speaks in) an article, as a line of its own: what the text reader takes for a byline, a speaker
 * ("市政协常委 王明") or an author line, names alone ("王明 李华"), or a credit ending in 采写/撰文/整理/报道
 * (standard newspaper credit forms).
 */
function isCreditLine(text: string): boolean {
  const t = text.trim();
  const kind = classifyLine(t, 1);
  return (
    kind === 'byline' ||
    kind === 'speaker' ||
    kind === 'author' ||
    NAMES_ONLY.test(t) ||
    /^[^，。；：？！,;:?!]{2,30}(?:采写|撰文|整理|报道)$/.test(t)
  );
}
const NAMES_ONLY = /^[\u4e00-\u9fa5·]{2,3}(?:\s+[\u4e00-\u9fa5·]{2,3}){0,3}$/;

/** A byline set in body type sits on top of its first column: a block of its own. */
function splitByline(b: Block, body: number): Block[] {
  const [first, ...rest] = b.lines;
  if (!first || rest.length === 0 || !bodyType(b, body) || !isCreditLine(first.text)) return [b];
  const tail = rest.reduce(
    (t, l) => ({ ...t, x: Math.min(t.x, l.x), right: Math.max(t.right, l.right), bottom: l.bottom }),
    { lines: rest, x: Infinity, right: -Infinity, top: (rest[0] as Line).top, bottom: 0, size: b.size },
  );
  return [
    { lines: [first], x: first.x, right: first.right, top: first.top, bottom: first.bottom, size: b.size },
    tail,
  ];
}

/**
 * Page furniture: the first (last) band of the page — blocks up to the first gap across the whole page — when it
 * sits in the top 12% (bottom 10%) of the page, is at most three lines high and holds no type larger than the text.
 */
function marginBlocks(blocks: Block[], page: PageText, body: number): Block[] {
  const band = (sorted: Block[], edge: (b: Block) => number, far: (b: Block) => number): Block[] => {
    const out: Block[] = [];
    let reach = -Infinity;
    for (const b of sorted) {
      if (out.length > 0 && edge(b) - reach >= body * 0.8) break;
      out.push(b);
      reach = Math.max(reach, far(b));
    }
    return out;
  };
  const down = [...blocks].sort((a, b) => a.top - b.top);
  const up = [...blocks].sort((a, b) => b.bottom - a.bottom);
  const head = band(
    down,
    (b) => b.top,
    (b) => b.bottom,
  );
  const foot = band(
    up,
    (b) => -b.bottom,
    (b) => -b.top,
  );
  const small = (g: Block[]): boolean =>
    g.length > 0 &&
    g.length < blocks.length &&
    g.every((b) => b.size <= body * 1.1) &&
    Math.max(...g.map((b) => b.bottom)) - Math.min(...g.map((b) => b.top)) <= body * 4.5;
  const out: Block[] = [];
  // In the margin — or lower on a small page, when it says what a running head or foot says (date, edition, folio).
  const says = (g: Block[]): boolean => {
    const t = g.map(blockText).join(' ');
    return (
      findDate(t) !== undefined || editionOf(t) !== undefined || g.every((b) => FOOTER.test(blockText(b)))
    );
  };
  const headLow = Math.max(...head.map((b) => b.bottom));
  const footHigh = Math.min(...foot.map((b) => b.top));
  if (small(head) && (headLow <= page.height * 0.12 || (headLow <= page.height * 0.2 && says(head))))
    out.push(...head);
  if (small(foot) && (footHigh >= page.height * 0.9 || (footHigh >= page.height * 0.8 && says(foot))))
    out.push(...foot);
  else {
    // A folio or the editors' credit line set close under the text: the page's last row, when it says so.
    const lowest = up[0];
    const row = lowest ? blocks.filter((b) => b.bottom > lowest.top + body * 0.1) : [];
    if (
      row.length > 0 &&
      row.length < blocks.length &&
      row.every((b) => b.lines.length === 1 && b.size <= body * 1.1 && FOOTER.test(blockText(b))) &&
      Math.min(...row.map((b) => b.top)) >= page.height * 0.9
    )
      out.push(...row);
  }
  return out;
}

/** What a page's foot says: its number ("8", "- 8 -", "第8版") or who edited it (standard credit titles). */
const FOOTER =
  /^(?:[-—\s]*\d{1,3}[-—\s]*|第\s*\d{1,3}\s*版.*|.*(?:责任编辑|责编|校对|美编|版式|组版|照排)\s*[:：].*)$/;

/** The edition a jump line points to ("下转第3版" → 3). */
function jumpEdition(text: string): number | undefined {
  const m = /([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*版/.exec(text);
  if (!m?.[1]) return undefined;
  const n = smallNumber(m[1]);
  return Number.isNaN(n) ? undefined : n;
}

function editionOf(text: string): string | undefined {
  const m = /第\s*([0-9]{1,3}|[一二三四五六七八九十]{1,3})\s*版/.exec(text);
  if (!m?.[1]) return undefined;
  const n = smallNumber(m[1]);
  return Number.isNaN(n) ? undefined : `第${n}版`;
}

const squeeze = (t: string): string => t.replace(/[\s“”"‘’「」『』]/g, '');

/**
 * Pull quotes: display type repeating a sentence of the page's text. They say nothing new, and read as a heading
 * they would open a false article or cut a paragraph in two: they are left out.
 */
function dropPullQuotes(blocks: Block[], body: number): void {
  const texts = blocks.filter((b) => b.kind === 'body');
  const text = squeeze(texts.map(blockText).join(''));
  // Set into a column of text: the column's text right above and right below it (a headline has none above).
  // Or — the text under it may have ended at the column's foot, and the space around it varies with the
  // paragraphs it falls between (or the text ran out above it) — read right after its column's text (a headline at a band's top follows the
  // band above, read to its last column) and ending as a quoted sentence does: a headline repeating its lead
  // never ends in a full stop.
  const near = (b: Block, o: Block, gap: number, most: number): boolean =>
    overlapX(o, b) >= Math.min(o.right - o.x, b.right - b.x) * 0.5 &&
    gap >= -body * 0.3 &&
    gap <= body * most;
  const flow = blocks.filter((b) => b.kind !== 'caption' && b.kind !== 'label');
  for (const b of blocks) {
    if (b.kind !== 'headline' && b.kind !== 'subhead') continue;
    const sandwiched =
      texts.some((o) => near(b, o, b.top - o.bottom, 2)) &&
      texts.some((o) => near(b, o, o.top - b.bottom, 2));
    const before = flow[flow.indexOf(b) - 1];
    const afterText =
      before?.kind === 'body' &&
      near(b, before, b.top - before.bottom, Infinity) &&
      SENTENCE_END.test(blockText(b));
    if (!sandwiched && !afterText) continue;
    const t = squeeze(blockText(b));
    if (t.length < 10) continue;
    const half = Math.floor(t.length / 2);
    if (text.includes(t.slice(0, half)) && text.includes(t.slice(half))) b.kind = 'quote';
  }
}

/** A section label's text: a few characters, maybe in brackets, no sentence. */
const LABEL = /^[【[［]?[\u4e00-\u9fff·]{2,8}[】\]］]?$/;
const BRACKETED = /^[【[［][^】\]］]{2,10}[】\]］]$/;

/**
 * Section labels ("委员风采", "【图片新闻】"): one short line standing over a headline in type no larger than it,
 * or a bracketed tag anywhere. They name the page's column, not the article: neither title nor text.
 */
function markLabels(blocks: Block[]): void {
  blocks.forEach((b, k) => {
    if (b.lines.length !== 1 || b.kind === 'headline') return;
    const text = blockText(b).replace(/\s+/g, '');
    if (BYLINE.test(blockText(b))) return;
    let next: Block | undefined;
    for (let j = k + 1; j < blocks.length && !next; j++) {
      const o = blocks[j] as Block;
      if (o.kind !== 'caption' && o.kind !== 'quote') next = o;
    }
    const overHead =
      next !== undefined &&
      (next.kind === 'headline' || next.kind === 'subhead') &&
      next.size > b.size * 1.15 &&
      next.top >= b.bottom - b.size * 0.2;
    if ((LABEL.test(text) && overHead) || BRACKETED.test(text)) b.kind = 'label';
  });
}

/** A numbered sub-heading in body type ("（二）健全工作机制"): one short line, no punctuation after its number. */
function isNumberedHeading(text: string): boolean {
  const t = text.trim();
  return NUMBERED.test(t) && t.length <= 40 && !/[，。；：？！,;:?!]/.test(t.replace(NUMBERED, ''));
}

/**
 * Kickers (引题) over headlines: the phrases (a line or two) stacked right over a headline, set in whatever size,
 * with no sentence punctuation. A section label among them ("图片新闻") is marked a label; the kickers
 * returned join the headline's heading group (they are no paragraph of the article before).
 */
function kickersOf(ordered: Block[], body: number): Set<Block> {
  const out = new Set<Block>();
  ordered.forEach((h, k) => {
    if (h.kind !== 'headline') return;
    let under = h;
    for (let j = k - 1; j >= 0; j--) {
      const p = ordered[j] as Block;
      const text = blockText(p).replace(/\s+/g, '');
      const labelLike = LABEL.test(text) || BRACKETED.test(text);
      if (
        p.lines.length > 2 ||
        !(p.kind === 'body' || p.kind === 'subhead' || p.kind === 'label' || p.kind === 'headline') ||
        /[，。；：？！,;:?!]/.test(text) ||
        p.bottom > under.top + p.size * 0.3 ||
        under.top - p.bottom > body * 2.5 ||
        (overlapX(p, h) <= 0 && !labelLike)
      )
        break;
      if (labelLike && p.kind !== 'headline') p.kind = 'label';
      else if (p.kind !== 'headline') {
        p.kind = 'subhead';
        out.add(p);
      }
      under = p;
    }
  });
  return out;
}

interface Para {
  text: string;
  /** A sub-heading inside the article: nothing carries on after it. */
  heading?: boolean;
  /** The paragraph's last line ran to the column's right edge: it may go on elsewhere. */
  open: boolean;
}

/** Body block → paragraphs: a new one at an indented line or after a short line. `continues`: first is a tail. */
/**
 * The right edge of a block's text: what most full lines reach. Punctuation hung beyond the measure (标点悬挂)
 * pushes a few lines further right; they must not make every other line look short.
 */
export function measureRight(rights: number[]): number {
  const sorted = [...rights].sort((a, b) => b - a);
  return sorted[Math.floor((sorted.length - 1) * 0.3)] ?? 0;
}

function paragraphs(b: Block, columnLeft: number, indents: boolean): { paras: Para[]; continues: boolean } {
  const paras: Para[] = [];
  const indent = b.size * 1.2;
  // The measure from lines that hang no punctuation beyond it (a hung mark would make every line look short).
  const flush = b.lines.filter((l) => !HANGING.test(l.text));
  const right = measureRight((flush.length >= 2 ? flush : b.lines).map((l) => l.right));
  const steps = b.lines.slice(1).map((l, k) => l.top - (b.lines[k] as Line).top);
  const pitch = [...steps].sort((x, y) => x - y)[Math.floor(steps.length / 2)] ?? b.size;
  let continues = false;
  b.lines.forEach((l, k) => {
    const text = l.endsSpace ? `${l.text} ` : l.text;
    const prev = b.lines[k - 1];
    // A paragraph starts at an indented line, after a short line, or after extra space between the lines.
    const spaced = prev !== undefined && l.top - prev.top > pitch + b.size * 0.25;
    const numbered =
      NUMBERED.test(l.text) &&
      (b.lines.length === 1 || l.right < right - b.size * 1.5 || isNumberedHeading(l.text));
    const indented = l.x - columnLeft >= indent || spaced || numbered;
    // A short line ends its paragraph when it ends as a paragraph does (a line cut short because the marks that
    // follow may not start a line ends in the middle of a sentence), or when it is a sub-heading.
    const prevShort =
      prev !== undefined &&
      prev.right < right - b.size * 1.5 &&
      (PARAGRAPH_END.test(prev.text.trimEnd()) || paras[paras.length - 1]?.heading === true);
    // Where paragraphs are not indented, a full line ending a sentence is taken to end its paragraph too: nothing
    // else tells a paragraph going on in the next column from a new one.
    const full = l.right >= right - b.size * 1.5;
    // A short line goes on only when it stops a few characters short — those carried to the next line because
    // closing marks may not start one — and mid-sentence; a line far shorter ended (an intertitle ends so).
    const open = full
      ? indents || !SENTENCE_END.test(text.trimEnd())
      : !PARAGRAPH_END.test(text.trimEnd()) && !isNumberedHeading(text) && l.right >= right - b.size * 3.5;
    const cur = paras[paras.length - 1];
    if (k === 0) continues = !indented;
    if (cur && !indented && !prevShort) {
      cur.text = joinRun(cur.text, text, 1, l.size);
      cur.open = open;
      // A numbered first line that the next line carries on opens a paragraph, not a sub-heading.
      cur.heading = false;
    } else paras.push(isNumberedHeading(text) ? { text, open: false, heading: true } : { text, open });
  });
  // The last line of a single-line or ragged block: open only when the text does not end a sentence.
  const last = paras[paras.length - 1];
  if (last && b.lines.length === 1) last.open = !SENTENCE_END.test(last.text.trimEnd());
  // A numbered sub-heading closes (nothing carries on after it) — unless, as the block's last line, it runs to
  // the measure: a heading cut at the column's foot goes on in the next.
  const lastLine = b.lines[b.lines.length - 1] as Line;
  const cutAtFoot = b.lines.length > 1 && lastLine.right >= right - b.size * 1.5;
  for (const p of paras) {
    if (!isNumberedHeading(p.text)) continue;
    const cut = p === last && cutAtFoot;
    p.open = cut;
    p.heading = !cut;
  }
  return { paras, continues };
}

interface Draft {
  draft: LaidArticle;
  paras: Para[];
  captions: string[];
}

/**
 * The page's body size: the size most characters of running text are set in — text in blocks of several lines,
 * so that on a page holding little text the running head and foot (one line each, many characters) do not count.
 */
function bodySize(blocks: Block[]): number {
  // Characters per exact size.
  const weights = (bs: Block[]): Map<number, number> => {
    const w = new Map<number, number>();
    for (const b of bs) for (const l of b.lines) w.set(l.size, (w.get(l.size) ?? 0) + l.text.length);
    return w;
  };
  const stacked = weights(blocks.filter((b) => b.lines.length >= 2));
  const all = stacked.size > 0 ? stacked : weights(blocks);
  // The most common size to half a point, then the exact size set there (the middle one): sizes relative to
  // the body (a subtitle 10 % larger) come out as set, not off by the rounding.
  const rounded = new Map<number, number>();
  for (const [v, n] of all) rounded.set(Math.round(v * 2) / 2, (rounded.get(Math.round(v * 2) / 2) ?? 0) + n);
  let common = 0;
  let most = -1;
  for (const [v, n] of rounded) if (n > most) [common, most] = [v, n];
  const near = [...all].filter(([v]) => Math.abs(v - common) <= 0.25).sort((a, b) => a[0] - b[0]);
  const half = near.reduce((n, [, c]) => n + c, 0) / 2;
  let seen = 0;
  for (const [v, c] of near) {
    seen += c;
    if (seen >= half) return v;
  }
  return common;
}

/** Lay out one page's text into articles in reading order. */
export function layoutPage(page: PageText): PageLayout {
  const lines = buildLines(page.runs, page.ocr === true);
  const chars = lines.reduce((n, l) => n + l.text.replace(/\s/g, '').length, 0);
  if (lines.length === 0) return { articles: [], chars: 0 };
  const all = buildBlocks(lines);
  const body = bodySize(all);
  const margin = marginBlocks(all, page, body);
  const furniture = margin.map(blockText).join(' ');
  const out: PageLayout = { articles: [], chars };
  const edition = editionOf(furniture);
  if (edition) out.edition = edition;
  else {
    const num = margin.map(blockText).find((t) => /^[-—\s]*\d{1,3}[-—\s]*$/.test(t));
    if (num) out.edition = `第${Number(num.replace(/\D/g, ''))}版`;
  }
  const date = findDate(furniture);
  if (date) out.date = date;

  const content = all.filter((b) => !margin.includes(b)).flatMap((b) => splitByline(b, body));
  const ordered = readingOrder(content, body, indentsParagraphs(content, body));
  for (const b of ordered) b.kind = JUMP.test(blockText(b)) ? 'jump' : classify(b, body);
  dropPullQuotes(ordered, body);
  markLabels(ordered);
  const bodyBlocks = ordered.filter((b) => b.kind === 'body');
  /** Left edge of the column a block sits in: the leftmost body line in the same column. */
  const lefts = new Map<Block, number>();
  const columnLeft = (b: Block): number => {
    let left = lefts.get(b);
    if (left !== undefined) return left;
    left = b.x;
    for (const o of bodyBlocks) {
      if (overlapX(o, b) < Math.min(o.right - o.x, b.right - b.x) * 0.5) continue;
      for (const l of o.lines) if (l.x < left && l.x >= b.x - b.size * 3) left = l.x;
    }
    lefts.set(b, left);
    return left;
  };

  // Does this page indent its paragraphs? (Some set them flush, with only the last line short.)
  // A first-line indent: an indented line with a flush line under it in the same block (a centred one-liner is none).
  const bodyLines = bodyBlocks.flatMap((b) => {
    const left = columnLeft(b);
    return b.lines.map((l, k) => {
      const next = b.lines[k + 1];
      return next !== undefined && l.x - left >= b.size * 1.2 && next.x - left < b.size * 0.5;
    });
  });
  const indents = bodyLines.filter(Boolean).length >= 1;

  const drafts: Draft[] = [];
  let current: Draft | undefined;
  let prevBody: Block | undefined;
  let heading: Block[] = [];
  let pendingCaptions: string[] = [];
  let pendingFrom: number | undefined;
  const open = (): Draft => {
    const d: Draft = { draft: { title: '', paragraphs: [] }, paras: [], captions: pendingCaptions };
    pendingCaptions = [];
    if (pendingFrom !== undefined) d.draft.jumpFrom = pendingFrom;
    pendingFrom = undefined;
    drafts.push(d);
    return d;
  };
  const flushHeading = (): void => {
    if (heading.length === 0) return;
    const group = heading;
    heading = [];
    const heads = group.filter((b) => b.kind === 'headline' || b.kind === 'subhead');
    if (heads.length === 0) {
      // Only bylines: they belong to the article being read.
      const by = group.map(blockText).join(' ');
      if (current && current.draft.byline === undefined) current.draft.byline = by;
      return;
    }
    const main = heads.reduce((a, b) => (b.size > a.size + 0.5 ? b : a));
    current = open();
    current.draft.title = blockText(main);
    const others = heads.filter((b) => b !== main);
    const sub = others.find((b) => b.top > main.top) ?? others[0];
    if (sub) current.draft.subtitle = blockText(sub).replace(/^[—–-]+\s*/, '');
    const bylines = group.filter((b) => b.kind === 'byline').map(blockText);
    if (bylines.length > 0) current.draft.byline = bylines.join(' ');
  };

  const kickers = kickersOf(ordered, body);
  for (const b of ordered) {
    if (b.kind === 'quote' || b.kind === 'label') continue;
    if (kickers.has(b)) {
      heading.push(b);
      continue;
    }
    if (b.kind === 'jump') {
      const text = blockText(b);
      const n = jumpEdition(text);
      if (/下|转/.test(text) && !/上接|接/.test(text)) {
        if (current && n !== undefined) current.draft.jumpTo = n;
        continue;
      }
      // "上接第1版": under the continued article's headline (or over it).
      flushHeading();
      if (current && current.paras.length === 0 && n !== undefined) current.draft.jumpFrom = n;
      else pendingFrom = n;
      continue;
    }
    if (b.kind === 'headline' || b.kind === 'subhead' || b.kind === 'byline') {
      // A subhead or byline inside running text with no headline before it: a section heading of the article.
      if (b.kind === 'subhead' && heading.length === 0 && current && current.paras.length > 0) {
        current.paras.push({ text: blockText(b), open: false, heading: true });
        // Text right under it starts a paragraph of its own.
        prevBody = b;
        continue;
      }
      heading.push(b);
      continue;
    }
    if (b.kind === 'caption') {
      const text = captionText(b);
      if (!isInformativeCaption(text)) continue;
      if (heading.length > 0 || !current) pendingCaptions.push(text);
      else current.captions.push(text);
      continue;
    }
    // A credit line in body type right under the headings ("王明", "本栏稿件由本报记者 王明采写"): the byline
    // (one: a speech's speaker line may stand again as its text's first line).
    if (
      heading.length > 0 &&
      b.lines.length === 1 &&
      isCreditLine(blockText(b)) &&
      !heading.some((h) => h.kind === 'byline')
    ) {
      b.kind = 'byline';
      heading.push(b);
      continue;
    }
    flushHeading();
    const split = paragraphs(b, columnLeft(b), indents);
    const { paras } = split;
    // Type of another size (a sub-heading set a little larger) never carries on a paragraph of the text; nor,
    // on a page that does not indent, does a block right under the previous one, apart by paragraph spacing.
    const stacked =
      prevBody !== undefined &&
      overlapX(prevBody, b) >= Math.min(prevBody.right - prevBody.x, b.right - b.x) * 0.5 &&
      b.top >= prevBody.bottom - b.size * 0.3 &&
      b.top - prevBody.bottom < body * 2.5;
    prevBody = b;
    let continues = split.continues && Math.abs(b.size - body) <= body * 0.04 && !(stacked && !indents);
    let target = current;
    // The first text under a headline starts its article, indented or not (a part continued from another page
    // starts with the tail of a paragraph).
    const starting = current !== undefined && current.paras.length === 0 && current.draft.title !== '';
    // Where paragraphs are set flush, every block starts unindented: it carries on only a paragraph left open.
    if (continues && !indents && !starting && !drafts.some((d) => d.paras[d.paras.length - 1]?.open))
      continues = false;
    if (starting && current && continues) current.draft.tailStart = true;
    if (continues && !starting && !current?.paras[current.paras.length - 1]?.open) {
      // A tail of a cut paragraph: the current article's if it is open, else the latest article left open — on a
      // page that sets paragraphs flush (where every block starts unindented) only one cut inside a word.
      const openOnes = [...drafts].reverse().filter((d) => d.paras[d.paras.length - 1]?.open);
      const last = (d: Draft): string => (d.paras[d.paras.length - 1]?.text ?? '').trimEnd();
      const cutInWord = openOnes.find((d) => /[\p{L}\p{N}]$/u.test(last(d)));
      const before = cutInWord ?? openOnes.find((d) => !SENTENCE_END.test(last(d))) ?? openOnes[0];
      if (indents) target = before ?? current;
      else if (cutInWord) target = cutInWord;
      else continues = false;
    }
    target ??= current = open();
    const [first, ...rest] = paras;
    const tail = target.paras[target.paras.length - 1];
    if (first && continues && tail && !tail.heading) {
      tail.text = joinRun(tail.text, first.text, 1, b.size);
      tail.open = first.open;
    } else if (first) target.paras.push(first);
    target.paras.push(...rest);
    current = target;
  }
  flushHeading();
  if (pendingCaptions.length > 0 && current) current.captions.push(...pendingCaptions);
  out.articles = drafts
    .map(({ draft, paras, captions }) => {
      const laid: LaidArticle = { ...draft, paragraphs: [...paras.map((p) => p.text.trim()), ...captions] };
      const last = paras[paras.length - 1];
      if (last?.open && !SENTENCE_END.test(last.text.trimEnd())) laid.openEnd = true;
      if (captions.length > 0) laid.captions = captions.length;
      return laid;
    })
    .filter((d) => d.paragraphs.length > 0);
  if (out.date !== undefined) for (const a of out.articles) a.date ??= out.date;
  return out;
}
