/**
 * Draws generated e-paper issues (epaper-generator.ts) as PDF with pdfkit and an embedded CJK font subset:
 * glyph by glyph (as some e-paper exports do) or line by line with character spacing for justification.
 */
import PDFDocument from 'pdfkit';
import { CJK_FONT } from './newspaper-pdf.js';
import { generateIssue, type GenIssue, type Glyph, type Measure } from './epaper-generator.js';

/** Advance widths of the CJK font, in em (cached per character). */
export function fontMeasure(): Measure {
  const doc = new PDFDocument({ autoFirstPage: false });
  doc.registerFont('cjk', CJK_FONT, 'WenQuanYiMicroHei');
  doc.font('cjk').fontSize(1000);
  const cache = new Map<string, number>();
  return (ch) => {
    let w = cache.get(ch);
    if (w === undefined) {
      w = doc.widthOfString(ch) / 1000;
      cache.set(ch, w);
    }
    return w;
  };
}

let shared: Measure | undefined;

/** An issue for a seed, with the font's own widths. */
export function issueFor(seed: number): GenIssue {
  shared ??= fontMeasure();
  return generateIssue(seed, shared);
}

/**
 * Runs of glyphs evenly spaced (one text call each, with character spacing). A space is no glyph of a run: the
 * next word starts a run of its own further right (inside a letter-spaced run pdf.js turns word spaces and
 * letter spacing alike into single spaces, and no reader could tell them apart).
 */
function runs(
  glyphs: Glyph[],
  size: number,
  measure: Measure,
): { text: string; x: number; spacing: number }[] {
  const out: { text: string; x: number; spacing: number }[] = [];
  let cur: { text: string; x: number; spacing: number; end: number } | undefined;
  for (const g of glyphs) {
    if (g.ch === ' ') {
      if (cur) out.push(cur);
      cur = undefined;
      continue;
    }
    const adv = measure(g.ch) * size;
    if (cur) {
      const gap = g.x - cur.end;
      const single = [...cur.text].length === 1;
      if (Math.abs(gap - cur.spacing) < 0.01 * size || (single && gap > -0.01 && gap < size * 0.2)) {
        if (single) cur.spacing = gap;
        cur.text += g.ch;
        cur.end = g.x + adv;
        continue;
      }
      out.push(cur);
    }
    cur = { text: g.ch, x: g.x, spacing: 0, end: g.x + adv };
  }
  if (cur) out.push(cur);
  return out;
}

export async function renderIssue(issue: GenIssue): Promise<Uint8Array> {
  shared ??= fontMeasure();
  const measure = shared;
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    compress: true,
    info: { Producer: 'epaper-pdf', CreationDate: new Date('2026-01-01T00:00:00Z') },
  });
  doc.registerFont('cjk', CJK_FONT, 'WenQuanYiMicroHei');
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  for (const page of issue.pages) {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    doc.font('cjk');
    for (const p of page.pictures)
      doc.save().rect(p.x, p.y, p.w, p.h).fill('#cccccc').restore().fillColor('black');
    for (const r of page.rules)
      doc.save().lineWidth(0.5).moveTo(r.x1, r.y).lineTo(r.x2, r.y).stroke().restore();
    for (const line of page.lines) {
      doc.fontSize(line.size);
      if (issue.style.glyphs) {
        for (const g of line.glyphs) doc.text(g.ch, g.x, line.top, { lineBreak: false });
        continue;
      }
      for (const r of runs(line.glyphs, line.size, measure))
        doc.text(r.text, r.x, line.top, { lineBreak: false, characterSpacing: r.spacing });
    }
  }
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}
