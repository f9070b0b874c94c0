/**
 * PDF reports (I/O): the text layer of each page with positions and sizes, via pdfjs-dist (Mozilla's PDF.js, legacy
 * build for Node), handed to the page layout (pdf-layout.ts). Pages are read one at a time and released, so a
 * 300-page file needs the memory of one page plus the file itself.
 *
 * What cannot be read is said plainly: an encrypted or damaged file, a file with no pages, a scanned page with no
 * text layer ("no text layer: needs OCR").
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ocrEngine, recognize, type PageImage } from './ocr.js';
import { layoutPage, type PageLayout, type TextRun } from './pdf-layout.js';
import { loadWithoutCanvas } from './pdf-runtime.js';

const pdfjsRoot = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsLoaded: Promise<Pdfjs> | undefined;

/**
 * pdf.js, loaded on the first PDF only. Its legacy build carries core-js polyfills that replace built-ins for the
 * whole thread on Node 20 (`Array.prototype.push`, `JSON.parse`, …) with slower JavaScript versions: a process
 * that never reads a PDF (the bot answering questions) must not pay for them.
 */
function pdfjs(): Promise<Pdfjs> {
  pdfjsLoaded ??= loadWithoutCanvas(() => import('pdfjs-dist/legacy/build/pdf.mjs')).then((m) => {
    // In Node pdf.js parses in this thread ("fake worker"); the minified worker loads in half the time (no source map).
    m.GlobalWorkerOptions.workerSrc = pathToFileURL(
      join(pdfjsRoot, 'legacy', 'build', 'pdf.worker.min.mjs'),
    ).href;
    return m;
  });
  return pdfjsLoaded;
}

/** Why a PDF (or one of its pages) cannot be read: a sentence for the ingest report. */
export class PdfReadError extends Error {
  override name = 'PdfReadError';
}

export interface PdfPage extends PageLayout {
  /** 1-based page number in the file. */
  page: number;
  /** A page with no text layer that the optional OCR read (its articles are the OCR text's layout). */
  ocr?: boolean;
}

/** The pictures painted on a page, decoded (for OCR of scanned pages). */
async function pageImages(page: PDFPageProxy): Promise<PageImage[]> {
  const { OPS } = await pdfjs();
  const ops = await page.getOperatorList();
  const out: PageImage[] = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
    const id = (ops.argsArray[i] as unknown[])[0] as string;
    const img = await new Promise<Partial<PageImage> | undefined>((resolve) =>
      page.objs.has(id) ? resolve(page.objs.get(id) as Partial<PageImage>) : page.objs.get(id, resolve),
    );
    if (img?.data && img.width && img.height && img.kind) out.push(img as PageImage);
  }
  // Small pictures (logos, rules) are no scanned text.
  return out.filter((m) => m.width * m.height >= 200 * 200);
}

export interface PdfPages {
  pages: number;
  /** Every page, in order; a page that fails yields an Error instead of a layout. */
  read(): AsyncIterable<PdfPage | { page: number; error: string }>;
  close(): Promise<void>;
}

function describe(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  const msg = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return 'encrypted PDF: needs a password';
  if (name === 'InvalidPDFException') return `damaged PDF: ${msg}`;
  return `damaged PDF: ${msg}`;
}

interface RawItem {
  str?: string;
  transform?: number[];
  width?: number;
}

/** The product of two PDF transformation matrices [a b c d e f] (what pdf.js's `Util.transform` computes). */
function transform(m1: number[], m2: number[]): number[] {
  const [a1 = 0, b1 = 0, c1 = 0, d1 = 0, e1 = 0, f1 = 0] = m1;
  const [a2 = 0, b2 = 0, c2 = 0, d2 = 0, e2 = 0, f2 = 0] = m2;
  return [
    a1 * a2 + c1 * b2,
    b1 * a2 + d1 * b2,
    a1 * c2 + c1 * d2,
    b1 * c2 + d1 * d2,
    a1 * e2 + c1 * f2 + e1,
    b1 * e2 + d1 * f2 + f1,
  ];
}

/** Display coordinates turned back by `turn` quarter turns, into the text's own frame. */
function rotate(turn: number, x: number, y: number): [number, number] {
  return turn === 0 ? [x, y] : turn === 1 ? [y, -x] : turn === 2 ? [-x, -y] : [-y, x];
}

/** Runs of one page, turned so that the page's main text direction reads left to right. */
export function uprightRuns(items: RawItem[], viewport: number[]): { runs: TextRun[]; turn: number } {
  const placed = items
    // Space-only items stay: pdf.js puts one where glyphs leave a gap, and the layout turns it into a space.
    .filter((i): i is Required<RawItem> => typeof i.str === 'string' && i.str !== '' && !!i.transform)
    .map((i) => {
      const m = transform(viewport, i.transform);
      const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
      // Quarter turns only: text set at an angle on a page is rare and left as it comes.
      const turn = ((Math.round(Math.atan2(b, a) / (Math.PI / 2)) % 4) + 4) % 4;
      return { text: i.str, x: e, y: f, w: i.width, size: Math.hypot(c, d), turn };
    });
  const weight = [0, 0, 0, 0];
  for (const p of placed) weight[p.turn] = (weight[p.turn] ?? 0) + p.text.trim().length;
  const turn = weight.indexOf(Math.max(...weight));
  const runs = placed
    .filter((p) => p.turn === turn)
    .map((p) => {
      const [x, baseline] = rotate(turn, p.x, p.y);
      return { text: p.text, x, baseline, w: p.w, size: p.size };
    });
  return { runs, turn };
}

/** Open a PDF from its bytes; throws PdfReadError for encrypted, damaged or empty files. */
export async function openPdf(bytes: Uint8Array): Promise<PdfPages> {
  const { getDocument, VerbosityLevel } = await pdfjs();
  let pdf: PDFDocumentProxy;
  const task = getDocument({
    // pdf.js takes over (detaches) the buffer it is given: hand it a copy, never a pooled Buffer's memory.
    data: new Uint8Array(bytes),
    cMapUrl: `${join(pdfjsRoot, 'cmaps')}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(pdfjsRoot, 'standard_fonts')}/`,
    useSystemFonts: false,
    disableFontFace: true,
    isEvalSupported: false,
    // Pictures decoded to plain pixels (only read for OCR).
    isOffscreenCanvasSupported: false,
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    pdf = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw new PdfReadError(describe(err));
  }
  if (pdf.numPages === 0) {
    await pdf.destroy();
    throw new PdfReadError('PDF has no pages');
  }
  return {
    pages: pdf.numPages,
    async *read() {
      for (let n = 1; n <= pdf.numPages; n++) {
        try {
          const page = await pdf.getPage(n);
          const vp = page.getViewport({ scale: 1 });
          const content = await page.getTextContent();
          const { runs, turn } = uprightRuns(content.items as RawItem[], vp.transform);
          const [width, height] = turn % 2 === 0 ? [vp.width, vp.height] : [vp.height, vp.width];
          // After a turn the page's corner moves: shift so the page box starts at (0, 0) again.
          const corners = [rotate(turn, 0, 0), rotate(turn, vp.width, vp.height)];
          const dx = Math.min(...corners.map((c) => c[0]));
          const dy = Math.min(...corners.map((c) => c[1]));
          const shifted = runs.map((r) => ({ ...r, x: r.x - dx, baseline: r.baseline - dy }));
          const layout = layoutPage({ width, height, runs: shifted });
          const scanned =
            layout.chars === 0 && (await ocrEngine()) ? await recognize(await pageImages(page)) : undefined;
          page.cleanup();
          if (scanned && scanned.runs.length > 0) yield { page: n, ...layoutPage(scanned), ocr: true };
          else yield { page: n, ...layout };
        } catch (err) {
          yield { page: n, error: describe(err) };
        }
      }
    },
    close: () => pdf.destroy(),
  };
}
