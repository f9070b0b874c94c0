/**
 * A seeded e-paper page generator with exact ground truth, for measuring the PDF reader on layouts it was not
 * written for. Each seed gives an "issue" of 1–3 pages in one randomly drawn style: 2–6 columns, page size, body
 * size and leading, paragraphs by first-line indent or by spacing, justified or ragged lines, headline / kicker /
 * subtitle / byline / caption / pull-quote sizes relative to the body, full- or half-width punctuation, text
 * drawn glyph by glyph or line by line. Articles are set as modules in horizontal bands: a headline across the
 * module's columns (or in its first column only), kicker and section label above, subtitle ("——…") and byline
 * under or beside, numbered sub-headings, a picture with caption, a pull quote, and jumps to the next page
 * ("下转第N版" / "上接第N版"). Running heads (paper, date, edition) and folios on every page.
 *
 * Pure: positions and truth only; `epaper-pdf.ts` draws them. All text comes from `epaper-text.ts` (invented).
 */
import { printedDate, ReportText, Rng } from './epaper-text.js';

export interface Style {
  /** Reported per family: the column count. */
  family: string;
  columns: number;
  width: number;
  height: number;
  margin: number;
  gutter: number;
  body: number;
  /** Line pitch in em. */
  leading: number;
  /** Paragraphs start with a two-character indent (else only with extra space). */
  indent: boolean;
  /** Extra space between paragraphs, in lines. */
  paraGap: number;
  justify: boolean;
  glyphs: boolean;
  halfWidth: boolean;
  head: number;
  sub: number;
  kicker: number;
  byline: number;
  caption: number;
  quote: number;
  label: number;
  /** Numbered sub-headings' size (em of body). */
  numbered: number;
  headAlign: 'center' | 'left';
  bylineBeside: boolean;
  subDash: boolean;
}

/** What the reader must give back for one article. */
export interface TruthArticle {
  title: string;
  subtitle?: string;
  byline?: string;
  kicker?: string;
  paragraphs: string[];
  captions?: string[];
}

export interface Glyph {
  ch: string;
  x: number;
}

/** One line of text: its glyphs, top edge and size. */
export interface SetLine {
  glyphs: Glyph[];
  top: number;
  size: number;
}

export interface GenPage {
  width: number;
  height: number;
  lines: SetLine[];
  pictures: { x: number; y: number; w: number; h: number }[];
  rules: { x1: number; x2: number; y: number }[];
}

export interface GenIssue {
  seed: number;
  style: Style;
  date: string;
  editions: number[];
  pages: GenPage[];
  articles: TruthArticle[];
}

/** Advance width of a character in em. */
export type Measure = (ch: string) => number;

const CLOSING = /[，。、；：？！）》”’,.;:?!)%]/;

export function randomStyle(rng: Rng): Style {
  const columns = rng.int(2, 6);
  const body = rng.range(8, 11);
  // Wider pages for more columns: a column holds 9–22 characters, as on real pages.
  const perCol = rng.int(10, 20);
  const gutterEm = rng.range(1.0, 2.2);
  const margin = rng.range(24, 48);
  const width = Math.round(2 * margin + columns * perCol * body + (columns - 1) * gutterEm * body);
  const height = Math.round(width * rng.range(1.3, 1.6));
  const leading = rng.range(1.35, 1.8);
  const indent = rng.chance(0.85);
  const spaced = rng.chance(0.3);
  return {
    family: `${columns}col`,
    columns,
    width,
    height,
    margin,
    gutter: gutterEm * body,
    body,
    leading,
    indent,
    // Paragraphs set flush need space between them: with neither indent nor space nothing marks where one whose
    // last line is full ends (no paper sets text so). (A fixed half line there keeps the draws of other styles.)
    paraGap: spaced ? rng.range(0.3, 0.8) : indent ? 0 : 0.5,
    justify: rng.chance(0.7),
    glyphs: rng.chance(0.5),
    halfWidth: rng.chance(0.3),
    head: rng.range(1.5, 3.0),
    sub: rng.range(1.1, 1.4),
    kicker: rng.range(1.1, 1.35),
    byline: rng.chance(0.8) ? rng.range(0.75, 0.92) : 1,
    caption: rng.range(0.75, 0.9),
    quote: rng.range(1.2, 1.6),
    label: rng.chance(0.5) ? rng.range(0.85, 1.0) : rng.range(1.05, 1.2),
    numbered: rng.chance(0.6) ? 1 : rng.range(1.05, 1.2),
    headAlign: rng.chance(0.6) ? 'center' : 'left',
    bylineBeside: rng.chance(0.3),
    subDash: rng.chance(0.6),
  };
}

interface BodyItem {
  text: string;
  kind: 'para' | 'num';
  /** A paragraph's tail continued from another page: no indent. */
  tail?: boolean;
}

interface ArticlePlan {
  truth: TruthArticle;
  label?: string;
  items: BodyItem[];
  quote?: string;
  caption?: string;
}

class PageSetter {
  readonly page: GenPage;
  constructor(
    readonly style: Style,
    private measure: Measure,
  ) {
    this.page = { width: style.width, height: style.height, lines: [], pictures: [], rules: [] };
  }

  width(text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += this.measure(ch) * size;
    return w;
  }

  /** A line set at x (left), or centered / right-aligned in a width; spaces leave a gap of half an em. */
  text(
    text: string,
    x: number,
    top: number,
    size: number,
    align: 'left' | 'center' | 'right' = 'left',
    w = 0,
  ): void {
    const total = this.width(text.replace(/ /g, ''), size) + (text.split(' ').length - 1) * size * 0.5;
    let at = align === 'center' ? x + Math.max(0, (w - total) / 2) : align === 'right' ? x + w - total : x;
    const glyphs: Glyph[] = [];
    for (const ch of text) {
      if (ch === ' ') {
        at += size * 0.5;
        continue;
      }
      glyphs.push({ ch, x: at });
      at += this.measure(ch) * size;
    }
    this.page.lines.push({ glyphs, top, size });
  }

  /**
   * Greedy line breaking; one closing punctuation mark may hang beyond the measure (标点悬挂), never two: before
   * a second one the line breaks one character earlier, so no line starts with closing punctuation and none
   * runs into the gutter. Nor does a line break at a space.
   */
  wrap(text: string, width: number, size: number, firstIndent = 0): string[] {
    const out: string[] = [];
    let cur = '';
    let curW = 0;
    let limit = width - firstIndent;
    for (const ch of text) {
      const w = this.measure(ch) * size;
      if (cur !== '' && curW + w > limit + 0.01) {
        const hangs = CLOSING.test(ch) && curW <= limit + 0.01;
        if (!hangs) {
          let carry = '';
          const chars = [...cur];
          let k = chars.length - 1;
          if (CLOSING.test(ch)) {
            // Carry the last character that is no closing mark, with the marks after it, to the next line.
            while (k > 0 && CLOSING.test(chars[k] as string)) k--;
          } else if (ch === ' ' || chars[k] === ' ') {
            // Nor does a line break at a space (unseen at a line's end or start, no reader could restore it):
            // the word before the space goes on with it.
            while (k > 0 && chars[k] === ' ') k--;
            if (chars[k] === ' ') k = 0;
          } else k = 0;
          if (k > 0) {
            carry = chars.slice(k).join('');
            cur = chars.slice(0, k).join('');
          }
          out.push(cur);
          cur = carry;
          curW = this.width(carry, size);
          limit = width;
        }
      }
      cur += ch;
      curW += w;
    }
    if (cur !== '') out.push(cur);
    return out;
  }

  /**
   * A caption's lines: its photo credit ("本报记者 王明 摄") is kept whole, on the caption's last line when it fits,
   * else on a line of its own — as typesetters set credits (a space at a line break would be lost to any reader).
   */
  wrapCaption(text: string, width: number, size: number): string[] {
    const m = /^(.*[。！？]) (\S.*摄)$/.exec(text);
    if (!m) return this.wrap(text, width, size);
    const [, caption = '', credit = ''] = m;
    const lines = this.wrap(caption, width, size);
    const last = lines[lines.length - 1] ?? '';
    const joined = `${last} ${credit}`;
    if (this.width(joined.replace(/ /g, ''), size) + (joined.split(' ').length - 1) * size * 0.5 <= width)
      lines[lines.length - 1] = joined;
    else lines.push(credit);
    return lines;
  }

  /** One body line, justified to the width unless it ends its paragraph. */
  bodyLine(text: string, x: number, top: number, size: number, width: number, last: boolean): void {
    const natural = this.width(text, size);
    const n = [...text].length;
    const extra = !last && this.style.justify && n > 1 && natural < width ? (width - natural) / (n - 1) : 0;
    const glyphs: Glyph[] = [];
    let at = x;
    for (const ch of text) {
      glyphs.push({ ch, x: at });
      at += this.measure(ch) * size + extra;
    }
    this.page.lines.push({ glyphs, top, size });
  }
}

interface Segment {
  x: number;
  w: number;
  top: number;
  bottom: number;
}

interface FlowResult {
  /** Whether everything was set. */
  done: boolean;
  /** Where the text stopped: item index and characters of it already set. */
  item: number;
  offset: number;
  /** Bottom of the lowest line. */
  bottom: number;
}

/** Body items through column segments, in order. With `dry`, nothing is drawn. */
function flow(s: PageSetter, items: BodyItem[], segs: Segment[], dry: boolean): FlowResult {
  const st = s.style;
  const pitch = st.body * st.leading;
  let si = 0;
  let y = segs[0]?.top ?? 0;
  let bottom = y;
  for (let i = 0; i < items.length; i++) {
    const it = items[i] as BodyItem;
    const size = it.kind === 'num' ? st.body * st.numbered : st.body;
    const linePitch = it.kind === 'num' ? size * st.leading : pitch;
    const seg0 = segs[si];
    if (!seg0) return { done: false, item: i, offset: 0, bottom };
    const indent = it.kind === 'para' && st.indent && !it.tail ? st.body * 2 : 0;
    const lines = s.wrap(it.text, seg0.w, size, indent);
    // Space before a paragraph (not at a segment top).
    if (i > 0 && y > (segs[si] as Segment).top + 0.01)
      y += st.paraGap * pitch + (it.kind === 'num' ? pitch * 0.3 : 0);
    // A sub-heading is kept whole: when its lines do not all fit, it starts the next column.
    if (
      it.kind === 'num' &&
      y + lines.length * linePitch > (segs[si] as Segment).bottom + 0.01 &&
      segs[si + 1]
    ) {
      si++;
      y = (segs[si] as Segment).top;
    }
    let offset = 0;
    for (let k = 0; k < lines.length; k++) {
      let seg = segs[si] as Segment;
      if (y + linePitch > seg.bottom + 0.01) {
        si++;
        const next = segs[si];
        if (!next) return { done: false, item: i, offset, bottom };
        seg = next;
        y = seg.top;
      }
      const text = lines[k] as string;
      if (!dry)
        s.bodyLine(
          text,
          seg.x + (k === 0 ? indent : 0),
          y,
          size,
          seg.w - (k === 0 ? indent : 0),
          k === lines.length - 1,
        );
      offset += [...text].length;
      y += linePitch;
      bottom = Math.max(bottom, y);
    }
  }
  return { done: true, item: items.length, offset: 0, bottom };
}

function makeArticle(rng: Rng, text: ReportText, st: Style): ArticlePlan {
  const place = text.place();
  const truth: TruthArticle = { title: text.title(place), paragraphs: [] };
  if (rng.chance(0.2)) truth.kicker = text.kicker();
  if (rng.chance(0.35)) truth.subtitle = text.subtitle(place);
  if (rng.chance(0.6)) truth.byline = text.byline();
  const items: BodyItem[] = [];
  const n = rng.int(2, 9);
  const numbered = n >= 5 && rng.chance(0.3);
  const nested = rng.chance(0.3);
  let k = 0;
  for (let i = 0; i < n; i++) {
    if (numbered && i > 0 && i % 2 === 1) items.push({ text: text.numbered(k++, nested), kind: 'num' });
    items.push({ text: text.paragraph(place, 30, rng.chance(0.2) ? 420 : 200), kind: 'para' });
  }
  const plan: ArticlePlan = { truth, items };
  if (rng.chance(0.15)) plan.label = text.label();
  if (rng.chance(0.3)) plan.caption = text.caption(place);
  if (rng.chance(0.15) && st.columns >= 3) {
    const para = items.find((it) => it.kind === 'para' && it.text.length > 60);
    const sentence = para ? /^[^。]{10,40}。/.exec(para.text)?.[0] : undefined;
    if (sentence) plan.quote = sentence;
  }
  void st;
  return plan;
}

function finishTruth(plan: ArticlePlan, items: BodyItem[]): void {
  // A numbered sub-heading never ends an article.
  while (items.length > 0 && items[items.length - 1]?.kind === 'num') items.pop();
  plan.truth.paragraphs = items.map((it) => it.text);
  if (plan.caption) plan.truth.captions = [plan.caption];
}

interface Module {
  x: number;
  cols: number;
  top: number;
  maxBottom: number;
}

interface Jump {
  plan: ArticlePlan;
  rest: BodyItem[];
  fromEdition: number;
  page: number;
}

/** Heading lines of an article in a width; returns the y under them. */
function setHeading(
  s: PageSetter,
  plan: ArticlePlan,
  x: number,
  w: number,
  top: number,
  dry: boolean,
  jumpFrom?: number,
): number {
  const st = s.style;
  const b = st.body;
  let y = top;
  const put = (t: string, size: number, align: 'left' | 'center' | 'right'): void => {
    if (!dry) s.text(t, x, y, size, align, w);
  };
  const align = st.headAlign;
  if (plan.label && jumpFrom === undefined) {
    put(plan.label, b * st.label, 'left');
    y += b * st.label * 1.7;
  }
  if (plan.truth.kicker && jumpFrom === undefined) {
    // Broken to the heading's width like the headline (set in one line it ran over the next column's text).
    for (const l of s.wrap(plan.truth.kicker, w, b * st.kicker)) {
      put(l, b * st.kicker, align);
      y += b * st.kicker * 1.45;
    }
  }
  const headSize = b * st.head * (jumpFrom !== undefined ? 0.8 : 1);
  const titleLines = s.wrap(plan.truth.title, w, headSize);
  const byline = plan.truth.byline;
  const bylineSize = b * st.byline;
  const lastTitleW = s.width(titleLines[titleLines.length - 1] ?? '', headSize);
  const beside =
    byline !== undefined &&
    st.bylineBeside &&
    align === 'left' &&
    lastTitleW + s.width(byline, bylineSize) + 3 * b < w;
  for (const [k, l] of titleLines.entries()) {
    put(l, headSize, align);
    if (beside && k === titleLines.length - 1 && !dry)
      s.text(byline, x, y + headSize - bylineSize * 1.1, bylineSize, 'right', w);
    y += headSize * 1.3;
  }
  if (jumpFrom !== undefined) {
    put(`（上接第${jumpFrom}版）`, bylineSize, 'left');
    y += bylineSize * 1.8;
    return y + b * 0.4;
  }
  if (plan.truth.subtitle) {
    const sub = (st.subDash ? '——' : '') + plan.truth.subtitle;
    for (const l of s.wrap(sub, w, b * st.sub)) {
      put(l, b * st.sub, align);
      y += b * st.sub * 1.45;
    }
  }
  if (byline !== undefined && !beside) {
    y += b * 0.2;
    put(byline, bylineSize, align === 'center' && st.bylineBeside ? 'center' : 'left');
    y += bylineSize * 1.8;
  }
  return y + b * 0.5;
}

/**
 * An article in a module: heading across the module (or in its first column), body balanced over the columns,
 * picture and pull quote placed in columns. Returns the module's bottom, or undefined when not even a few lines
 * fit. With `jumpTo`, what does not fit goes to the next page ("下转第N版").
 */
function setModule(
  s: PageSetter,
  plan: ArticlePlan,
  m: Module,
  rng: Rng,
  opts: { items: BodyItem[]; jumpTo?: number; jumpFrom?: number },
): { bottom: number; rest?: BodyItem[]; set: number } | undefined {
  const st = s.style;
  const colW = (s.page.width - 2 * st.margin - (st.columns - 1) * st.gutter) / st.columns;
  const colX = (c: number): number => m.x + c * (colW + st.gutter);
  const moduleW = m.cols * colW + (m.cols - 1) * st.gutter;
  const pitch = st.body * st.leading;
  const inColumn = m.cols >= 2 && rng.chance(0.25) && opts.jumpFrom === undefined;
  const headW = inColumn ? colW : moduleW;
  const headBottom = setHeading(s, plan, m.x, headW, m.top, true, opts.jumpFrom);
  const bodyTop = headBottom;
  if (m.maxBottom - bodyTop < pitch * 4) return undefined;
  let picCol = plan.caption && opts.jumpFrom === undefined ? rng.int(0, m.cols - 1) : -1;
  const capLines = plan.caption ? s.wrapCaption(plan.caption, colW, st.body * st.caption) : [];
  const capH = capLines.length * st.body * st.caption * 1.4 + st.body * 0.8;
  // The picture and its caption stay inside the module (a caption run into the page's foot would overprint it):
  // a smaller picture, or none where not even a small one fits.
  const picTop = inColumn && picCol > 0 ? m.top : bodyTop;
  const picH = Math.min(pitch * rng.int(4, 8), m.maxBottom - picTop - 4 - capH);
  if (picCol >= 0 && picH < pitch * 2) {
    picCol = -1;
    plan.caption = undefined;
  }
  const quoteCol = plan.quote && m.cols >= 2 ? Math.min(m.cols - 1, 1) : -1;
  const quoteLines = plan.quote ? s.wrap(plan.quote, colW, st.body * st.quote) : [];
  const quoteH = quoteLines.length * st.body * st.quote * 1.35 + pitch;

  const segments = (h: number): Segment[] => {
    const segs: Segment[] = [];
    for (let c = 0; c < m.cols; c++) {
      const top = inColumn && c > 0 ? m.top : c === 0 || !inColumn ? bodyTop : m.top;
      const bottom = (inColumn ? m.top : bodyTop) + h;
      let t = top;
      if (c === picCol) t += picH + 4 + capH;
      if (c === quoteCol && bottom - t > quoteH + 4 * pitch) {
        const mid = t + Math.floor((bottom - t - quoteH) / 2 / pitch) * pitch;
        segs.push({ x: colX(c), w: colW, top: t, bottom: mid });
        segs.push({ x: colX(c), w: colW, top: mid + quoteH, bottom });
        continue;
      }
      segs.push({ x: colX(c), w: colW, top: t, bottom });
    }
    return segs.filter((g) => g.bottom - g.top >= pitch);
  };
  const maxH = m.maxBottom - (inColumn ? m.top : bodyTop);
  let items = opts.items;
  const jumpLine = opts.jumpTo !== undefined ? pitch : 0;
  // Balanced columns: the least height that holds the text.
  // (Never taller than the room: a first guess beyond it set text past the page's foot.)
  let h = Math.min(maxH, Math.max(pitch * 3, Math.ceil(((items.length * 3) / m.cols) * 0.5) * pitch));
  let fit = flow(s, items, segments(h - jumpLine), true);
  while (!fit.done && h + pitch <= maxH) {
    h += pitch;
    fit = flow(s, items, segments(h - jumpLine), true);
  }
  let rest: BodyItem[] | undefined;
  if (!fit.done) {
    if (opts.jumpTo !== undefined && fit.item < items.length && (fit.item > 0 || fit.offset > 0)) {
      // Cut where the space ends; the rest continues on the next page.
      const cut = items[fit.item] as BodyItem;
      const chars = [...cut.text];
      rest = [
        ...(fit.offset > 0 ? [{ ...cut, text: chars.slice(fit.offset).join(''), tail: true }] : [cut]),
        ...items.slice(fit.item + 1),
      ];
      items = [
        ...items.slice(0, fit.item),
        ...(fit.offset > 0 ? [{ ...cut, text: chars.slice(0, fit.offset).join('') }] : []),
      ];
    } else {
      // Drop paragraphs from the end until the text fits.
      while (items.length > 1 && !fit.done) {
        items = items.slice(0, -1);
        fit = flow(s, items, segments(h - jumpLine), true);
      }
      if (!fit.done) return undefined;
      while (items.length > 1 && items[items.length - 1]?.kind === 'num') items = items.slice(0, -1);
    }
  }
  const segs = segments(h - jumpLine);
  const res = flow(s, items, segs, false);
  setHeading(s, plan, m.x, headW, m.top, false, opts.jumpFrom);
  if (picCol >= 0 && plan.caption) {
    const top = inColumn && picCol > 0 ? m.top : bodyTop;
    s.page.pictures.push({ x: colX(picCol), y: top, w: colW, h: picH });
    let y = top + picH + 4;
    for (const l of capLines) {
      s.text(l, colX(picCol), y, st.body * st.caption);
      y += st.body * st.caption * 1.4;
    }
  }
  if (quoteCol >= 0 && plan.quote) {
    const seg = segs.find((g, k) => g.x === colX(quoteCol) && segs[k + 1]?.x === g.x);
    if (seg) {
      let y = seg.bottom + pitch * 0.5;
      s.page.rules.push({ x1: seg.x, x2: seg.x + colW, y: seg.bottom + pitch * 0.2 });
      for (const l of quoteLines) {
        s.text(l, seg.x, y, st.body * st.quote);
        y += st.body * st.quote * 1.35;
      }
    } else plan.quote = undefined;
  }
  let bottom = Math.max(res.bottom, headBottom);
  if (opts.jumpTo !== undefined && rest) {
    const size = st.body * (rng.chance(0.5) ? st.byline : 1);
    const last = segs[segs.length - 1] as Segment;
    s.text(`（下转第${opts.jumpTo}版）`, last.x, last.bottom, size, 'right', last.w);
    bottom = Math.max(bottom, last.bottom + pitch);
  }
  if (picCol >= 0) bottom = Math.max(bottom, bodyTop + picH + capH);
  if (opts.jumpFrom === undefined && !rest) finishTruth(plan, items);
  return rest ? { bottom, rest, set: items.length } : { bottom, set: items.length };
}

/** Column counts of the modules side by side in a band. */
function partition(rng: Rng, cols: number): number[] {
  if (cols <= 2 || rng.chance(0.35))
    return rng.chance(0.5) || cols < 2 ? [cols] : cols === 2 ? [1, 1] : [cols];
  const a = rng.int(cols >= 4 ? 2 : 1, cols - (cols >= 4 ? 2 : 1));
  const rest = cols - a;
  if (rest >= 4 && rng.chance(0.4)) {
    const b = rng.int(2, rest - 2);
    return [a, b, rest - b];
  }
  return [a, rest];
}

/** Running head (paper, date, edition and section) and folio; returns the text area. */
function furniture(
  s: PageSetter,
  rng: Rng,
  text: ReportText,
  paper: string,
  printed: string,
  edition: number,
): { top: number; bottom: number; inner: number } {
  const st = s.style;
  const b = st.body;
  const hs = b * rng.range(0.8, 0.95);
  const headY = st.margin;
  const inner = st.width - 2 * st.margin;
  const parts = [paper, printed, `第${edition}版 ${text.section()}`];
  if (rng.chance(0.5)) {
    s.text(parts[0] as string, st.margin, headY, hs, 'left', inner);
    s.text(parts[1] as string, st.margin, headY, hs, 'center', inner);
    s.text(parts[2] as string, st.margin, headY, hs, 'right', inner);
  } else s.text(`${parts[2]} ${parts[0]} ${parts[1]}`, st.margin, headY, hs, 'left', inner);
  s.page.rules.push({ x1: st.margin, x2: st.width - st.margin, y: headY + hs * 1.5 });
  const footY = st.height - st.margin;
  if (rng.chance(0.5))
    s.text(rng.chance(0.5) ? `${edition}` : `- ${edition} -`, st.margin, footY, hs, 'center', inner);
  else {
    s.text(text.editor(), st.margin, footY, hs * 0.95, 'left', inner);
    s.text(`${edition}`, st.margin, footY, hs, 'right', inner);
  }
  return { top: headY + hs * 1.5 + b * 1.2, bottom: footY - b * 1.5, inner };
}

/**
 * Given articles (titles, subtitles, bylines, paragraphs) typeset in a random style with `columns` columns, in
 * order, one or two modules to a band; an article that does not fit the room left goes to the next page, across
 * all columns. For reading real pages' articles back as e-paper (nothing of them is kept).
 */
export function typesetArticles(
  given: TruthArticle[],
  seed: number,
  measure: Measure,
  columns: number,
): GenIssue {
  const rng = new Rng(seed);
  const drawn = randomStyle(rng);
  const gutter = drawn.gutter;
  const perCol = (drawn.width - 2 * drawn.margin - (drawn.columns - 1) * gutter) / drawn.columns;
  const width = Math.round(2 * drawn.margin + columns * perCol + (columns - 1) * gutter);
  const st: Style = { ...drawn, family: `${columns}col`, columns, width, height: Math.round(width * 3) };
  const text = new ReportText(rng, { halfWidth: st.halfWidth });
  const date = printedDate(rng);
  const paper = text.paper();
  const pages: GenPage[] = [];
  let k = 0;
  let edition = rng.int(1, 4);
  while (k < given.length) {
    const s = new PageSetter(st, measure);
    const { top, bottom, inner } = furniture(s, rng, text, paper, date.printed, edition);
    const colW = (inner - (columns - 1) * st.gutter) / columns;
    let y = top;
    let placed = 0;
    while (k < given.length && bottom - y > st.body * st.leading * 6) {
      const a = given[k] as TruthArticle;
      const plan: ArticlePlan = {
        truth: { ...a },
        items: a.paragraphs.map((t) => ({ text: t, kind: 'para' })),
      };
      const m: Module = { x: st.margin, cols: columns, top: y, maxBottom: bottom };
      void colW;
      const mark = [s.page.lines.length, s.page.pictures.length, s.page.rules.length] as const;
      const r = setModule(s, plan, m, rng, { items: plan.items });
      if (!r || r.set < plan.items.length) {
        // Set only in part: taken off this page and set whole on the next one.
        s.page.lines.length = mark[0];
        s.page.pictures.length = mark[1];
        s.page.rules.length = mark[2];
        if (placed === 0) throw new Error(`article too long for one page: ${a.title}`);
        break;
      }
      placed++;
      k++;
      s.page.rules.push({ x1: st.margin, x2: st.width - st.margin, y: r.bottom + st.body * 0.6 });
      y = r.bottom + st.body * st.leading * rng.range(1.3, 2.2);
    }
    pages.push(s.page);
    edition++;
  }
  return { seed, style: st, date: date.iso, editions: [], pages, articles: given };
}

export function generateIssue(seed: number, measure: Measure): GenIssue {
  const rng = new Rng(seed);
  const st = randomStyle(rng);
  const text = new ReportText(rng, { halfWidth: st.halfWidth });
  const nPages = rng.chance(0.3) ? 2 : 1;
  const first = rng.int(1, 8);
  const editions = Array.from({ length: nPages }, (_, k) => first + k);
  const date = printedDate(rng);
  const paper = text.paper();
  const pages: GenPage[] = [];
  const articles: TruthArticle[] = [];
  let jump: Jump | undefined;
  for (let p = 0; p < nPages; p++) {
    const s = new PageSetter(st, measure);
    const edition = editions[p] as number;
    const b = st.body;
    const { top, bottom, inner } = furniture(s, rng, text, paper, date.printed, edition);
    let y = top;
    let guard = 0;
    let full = false;
    while (bottom - y > b * st.leading * 8 && guard++ < 12) {
      const parts2 = partition(rng, st.columns);
      let col = 0;
      let bandBottom = y;
      const bandMax = full ? bottom : Math.min(bottom, y + (bottom - top) * rng.range(0.3, 0.7));
      for (const cols of parts2) {
        const m: Module = {
          x: st.margin + col * ((inner - (st.columns - 1) * st.gutter) / st.columns + st.gutter),
          cols,
          top: y,
          maxBottom: jump && jump.page < p ? bottom : bandMax,
        };
        col += cols;
        if (jump && jump.page < p) {
          const j = jump;
          jump = undefined;
          const r = setModule(s, j.plan, m, rng, { items: j.rest, jumpFrom: j.fromEdition });
          if (!r) throw new Error(`seed ${seed}: no room for a continuation`);
          // The truth: what was set on both pages, the cut paragraph whole.
          const dropped = j.rest.length - r.set;
          finishTruth(j.plan, j.plan.items.slice(0, j.plan.items.length - dropped));
          bandBottom = Math.max(bandBottom, r.bottom);
          continue;
        }
        const plan = makeArticle(rng, text, st);
        const jumpTo = !jump && p < nPages - 1 && rng.chance(0.3) ? (editions[p + 1] as number) : undefined;
        const r = setModule(s, plan, m, rng, { items: plan.items, ...(jumpTo ? { jumpTo } : {}) });
        if (!r) continue;
        articles.push(plan.truth);
        if (r.rest && jumpTo !== undefined) jump = { plan, rest: r.rest, fromEdition: edition, page: p };
        bandBottom = Math.max(bandBottom, r.bottom);
      }
      if (bandBottom <= y) {
        // Nothing fitted the band's height: one more try with all the room left, then the page is done.
        if (bandMax >= bottom || full) break;
        full = true;
        continue;
      }
      s.page.rules.push({ x1: st.margin, x2: st.width - st.margin, y: bandBottom + b * 0.6 });
      y = bandBottom + b * st.leading * rng.range(1.3, 2.2);
    }
    pages.push(s.page);
  }
  if (jump) throw new Error(`seed ${seed}: jump not placed`);
  return {
    seed,
    style: st,
    date: date.iso,
    editions,
    pages,
    articles: articles.filter((a) => a.paragraphs.length > 0),
  };
}
