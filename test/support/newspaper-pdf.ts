/**
 * A tiny newspaper typesetter on pdfkit, for test fixtures and measurements only: headlines across columns,
 * body text flowing through column boxes with a two-character first-line indent, pictures with captions, running
 * heads and footers, rotated pages. It writes real PDF text with an embedded subset of a CJK font, so the PDF
 * reader is tested on what a newspaper's e-paper export looks like, not on text we hand it.
 */
import PDFDocument from 'pdfkit';
import { createWriteStream } from 'node:fs';

/** WenQuanYi Micro Hei (Apache-2.0), Debian package fonts-wqy-microhei. Only the glyphs used are embedded. */
export const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
const FONT_FAMILY = 'WenQuanYiMicroHei';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface SheetOptions {
  width?: number;
  height?: number;
  /** Encrypt with this user password. */
  userPassword?: string;
}

export const BODY = 10;
const LEADING = 1.55;
/** The gap a space leaves, in em: CJK typesetting sets a title and a name ("局长 李明远") half an em apart. */
const WORD_SPACE = 0.5;

/** One PDF being typeset. Coordinates: points, origin top-left of the page as read. */
export class Sheet {
  readonly doc: PDFKit.PDFDocument;
  readonly width: number;
  readonly height: number;
  private rotated = false;

  constructor(opts: SheetOptions = {}) {
    this.width = opts.width ?? 595;
    this.height = opts.height ?? 842;
    this.doc = new PDFDocument({
      size: [this.width, this.height],
      margin: 0,
      autoFirstPage: false,
      compress: true,
      info: {
        Title: 'fixture',
        Producer: 'newspaper-pdf',
        Creator: 'newspaper-pdf',
        CreationDate: new Date('2026-01-01T00:00:00Z'),
      },
      ...(opts.userPassword
        ? { userPassword: opts.userPassword, ownerPassword: 'owner', pdfVersion: '1.7' }
        : {}),
    } as PDFKit.PDFDocumentOptions);
    this.doc.registerFont('cjk', CJK_FONT, FONT_FAMILY);
    this.doc.font('cjk');
  }

  /** A new page; `rotate` 90 stores it portrait with /Rotate 90 and content drawn so it reads upright. */
  page(rotate: 0 | 90 = 0): void {
    if (this.rotated) this.doc.restore();
    this.rotated = false;
    if (rotate === 90) {
      this.doc.addPage({ size: [this.height, this.width], margin: 0 });
      (this.doc.page.dictionary.data as Record<string, unknown>).Rotate = 90;
      this.doc.save();
      // Layout coordinates (landscape, as displayed) → the portrait page's own coordinates.
      this.doc.transform(0, -1, 1, 0, 0, this.width);
      this.rotated = true;
    } else {
      this.doc.addPage({ size: [this.width, this.height], margin: 0 });
    }
  }

  measure(text: string, size: number): number {
    const words = text.split(' ');
    const glyphs = words.reduce((w, word) => w + this.doc.fontSize(size).widthOfString(word), 0);
    return glyphs + (words.length - 1) * size * WORD_SPACE;
  }

  /**
   * One line of text, left-aligned at x (or centered in w). A space is set as e-paper sets it: no space glyph,
   * the next word just starts further right.
   */
  line(text: string, x: number, y: number, size: number, center?: number): void {
    const dx = center !== undefined ? Math.max(0, (center - this.measure(text, size)) / 2) : 0;
    let at = x + dx;
    for (const word of text.split(' ')) {
      if (word !== '') this.doc.fontSize(size).text(word, at, y, { lineBreak: false });
      at += this.measure(word, size) + size * WORD_SPACE;
    }
  }

  /** Lines of a text broken to a width. */
  wrap(text: string, width: number, size: number, firstIndent = 0): string[] {
    const lines: string[] = [];
    let cur = '';
    let limit = width - firstIndent;
    for (const ch of text) {
      if (cur !== '' && this.measure(cur + ch, size) > limit) {
        lines.push(cur);
        cur = '';
        limit = width;
      }
      cur += ch;
    }
    if (cur !== '') lines.push(cur);
    return lines;
  }

  /** A headline (or any centered heading lines) in a box; returns the y below it. */
  heading(text: string, box: Box, size: number, gapAfter = size * 0.6): number {
    let y = box.y;
    for (const l of this.wrap(text, box.w, size)) {
      this.line(l, box.x, y, size, box.w);
      y += size * 1.3;
    }
    return y + gapAfter;
  }

  /** A left-aligned small line (byline, column label). */
  small(text: string, x: number, y: number, size = 9): number {
    this.line(text, x, y, size);
    return y + size * 1.8;
  }

  /** A picture: a grey frame with a cross (what a photo is to the text layer: nothing). */
  picture(box: Box): void {
    const d = this.doc;
    d.save().lineWidth(0.5).rect(box.x, box.y, box.w, box.h).fillAndStroke('#dddddd', '#888888');
    d.moveTo(box.x, box.y)
      .lineTo(box.x + box.w, box.y + box.h)
      .stroke();
    d.moveTo(box.x + box.w, box.y)
      .lineTo(box.x, box.y + box.h)
      .stroke();
    d.restore().fillColor('black');
  }

  /** A caption under a picture, in small type; returns the y below it. */
  caption(text: string, box: Box, size = 8): number {
    let y = box.y;
    for (const l of this.wrap(text, box.w, size)) {
      this.line(l, box.x, y, size);
      y += size * 1.4;
    }
    return y + size;
  }

  rule(x1: number, x2: number, y: number): void {
    this.doc.save().lineWidth(0.6).moveTo(x1, y).lineTo(x2, y).stroke().restore();
  }

  /**
   * Body paragraphs flowing through boxes in order, first lines indented by two characters. Throws when the
   * text does not fit, so a fixture never silently loses a paragraph. Returns where the flow stopped.
   */
  flow(paragraphs: string[], boxes: Box[], size = BODY): { box: number; y: number } {
    const lineH = size * LEADING;
    let bi = 0;
    let y = boxes[0]?.y ?? 0;
    for (const p of paragraphs) {
      const lines = this.wrap(p, (boxes[bi] as Box).w, size, size * 2);
      lines.forEach((l, k) => {
        let box = boxes[bi] as Box;
        if (y + lineH > box.y + box.h + 0.01) {
          bi++;
          box = boxes[bi] as Box;
          if (!box) throw new Error(`text does not fit: "${p.slice(0, 20)}…"`);
          y = box.y;
        }
        this.line(l, box.x + (k === 0 ? size * 2 : 0), y, size);
        y += lineH;
      });
    }
    return { box: bi, y };
  }

  /** Lines a paragraph list needs at a width. */
  linesNeeded(paragraphs: string[], width: number, size = BODY): number {
    return paragraphs.reduce((n, p) => n + this.wrap(p, width, size, size * 2).length, 0);
  }

  async save(path: string): Promise<void> {
    if (this.rotated) this.doc.restore();
    const out = createWriteStream(path);
    this.doc.pipe(out);
    this.doc.end();
    await new Promise<void>((resolve, reject) => {
      out.on('finish', resolve);
      out.on('error', reject);
    });
  }
}

/** Column boxes of a page region. */
export function columns(x: number, w: number, n: number, gutter: number, y: number, h: number): Box[] {
  const cw = (w - gutter * (n - 1)) / n;
  return Array.from({ length: n }, (_, k) => ({ x: x + k * (cw + gutter), y, w: cw, h }));
}

export interface LaidArticle {
  title: string;
  subtitle?: string;
  byline?: string;
  paragraphs: string[];
}

export interface AutoLayoutOptions {
  columns: number;
  /** Running head printed on every page, e.g. "示例日报 2026年11月20日 第3版". */
  header?: (page: number) => string;
  footer?: (page: number) => string;
}

/**
 * Lays articles out one after another: each headline across the full width, its body balanced over the columns
 * below it, continuing on the next page when the page is full. For rendering text pages as e-paper PDFs.
 */
export function autoLayout(sheet: Sheet, articles: LaidArticle[], opts: AutoLayoutOptions): void {
  const margin = 40;
  const gutter = 14;
  const top = margin + 30;
  const bottom = sheet.height - margin - 20;
  const lineH = BODY * LEADING;
  let page = 0;
  let y = bottom;
  const newPage = (): void => {
    page++;
    sheet.page();
    if (opts.header) {
      sheet.line(opts.header(page), margin, margin, 9);
      sheet.rule(margin, sheet.width - margin, margin + 14);
    }
    if (opts.footer)
      sheet.line(opts.footer(page), margin, sheet.height - margin, 8, sheet.width - 2 * margin);
    y = top;
  };
  const width = sheet.width - 2 * margin;
  const colW = (width - gutter * (opts.columns - 1)) / opts.columns;
  for (const a of articles) {
    const headH =
      sheet.wrap(a.title, width, 18).length * 18 * 1.3 + 12 + (a.subtitle ? 24 : 0) + (a.byline ? 18 : 0);
    if (y + headH + 3 * lineH > bottom) newPage();
    y = sheet.heading(a.title, { x: margin, y, w: width, h: 0 }, 18);
    if (a.subtitle) y = sheet.heading(`——${a.subtitle}`, { x: margin, y, w: width, h: 0 }, 12, 6);
    if (a.byline) y = sheet.small(a.byline, margin, y, 9);
    let rest = [...a.paragraphs];
    while (rest.length > 0) {
      const lines = sheet.linesNeeded(rest, colW);
      const fit = Math.floor((bottom - y) / lineH);
      const perCol = Math.min(fit, Math.ceil(lines / opts.columns));
      const boxes = columns(margin, width, opts.columns, gutter, y, perCol * lineH);
      // Flow what fits on this page; the rest goes on the next one.
      const { done, left } = splitToFit(sheet, rest, colW, perCol * opts.columns);
      sheet.flow(done, boxes);
      rest = left;
      y += perCol * lineH + 16;
      if (rest.length > 0) newPage();
    }
    sheet.rule(margin, sheet.width - margin, y - 8);
  }
}

/** Paragraphs (the last one possibly cut at a line) that fill `capacity` lines. */
function splitToFit(
  sheet: Sheet,
  paragraphs: string[],
  width: number,
  capacity: number,
): { done: string[]; left: string[] } {
  const done: string[] = [];
  let used = 0;
  for (let k = 0; k < paragraphs.length; k++) {
    const p = paragraphs[k] as string;
    const lines = sheet.wrap(p, width, BODY, BODY * 2);
    if (used + lines.length <= capacity) {
      done.push(p);
      used += lines.length;
      continue;
    }
    const room = capacity - used;
    if (room <= 0) return { done, left: paragraphs.slice(k) };
    // A paragraph cut at a page end: the tail continues un-indented on the next page, which flow() would indent;
    // keep it simple and move the whole paragraph.
    return { done, left: paragraphs.slice(k) };
  }
  return { done, left: [] };
}
