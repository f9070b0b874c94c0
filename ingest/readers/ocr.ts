/**
 * Optional OCR for scanned PDF pages: used when `@gutenye/ocr-node` (PaddleOCR PP-OCRv4 models on ONNX Runtime,
 * shipped inside its npm packages) is installed — see README. Without it a scanned page is reported as
 * "no text layer: needs OCR". The page's pictures are taken from the PDF as they are stored (no rendering), handed
 * to the recognizer as PNG, and the recognized lines become the page text.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PageText, TextRun } from './pdf-layout.js';

/** Loaded by name at run time so the app installs and runs without it. */
const OCR_MODULE = '@gutenye/ocr-node';
const SHARP_MODULE = 'sharp';

interface OcrEngine {
  /** Text lines with their corner points (pixels), top-left first. */
  detect(imagePath: string): Promise<{ text: string; box?: number[][] }[]>;
}

interface Sharp {
  png(): { toBuffer(): Promise<Buffer> };
}
type SharpFactory = (
  input: Buffer,
  opts: { raw: { width: number; height: number; channels: 1 | 3 | 4 } },
) => Sharp;

/** A picture as pdf.js decodes it: kind 1 = 1 bit grey, 2 = RGB, 3 = RGBA. */
export interface PageImage {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

let loaded: Promise<{ ocr: OcrEngine; sharp: SharpFactory } | undefined> | undefined;

/** The OCR engine, or undefined when the optional packages are not installed (asked once per process). */
export function ocrEngine(): Promise<{ ocr: OcrEngine; sharp: SharpFactory } | undefined> {
  if (process.env.REPORTS_OCR === 'off') return Promise.resolve(undefined);
  loaded ??= (async () => {
    try {
      const mod = (await import(OCR_MODULE)) as { default: { create(): Promise<OcrEngine> } };
      const sharp = ((await import(SHARP_MODULE)) as { default: SharpFactory }).default;
      return { ocr: await mod.default.create(), sharp };
    } catch {
      return undefined;
    }
  })();
  return loaded;
}

/** 1-bit grey rows (packed, each row byte-aligned, 1 = white in pdf.js' output) → 8-bit grey. */
function unpackBits(img: PageImage): Buffer {
  const out = Buffer.alloc(img.width * img.height);
  const rowBytes = Math.ceil(img.width / 8);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const bit = ((img.data[y * rowBytes + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      out[y * img.width + x] = bit ? 255 : 0;
    }
  return out;
}

/** A recognized line: its text and corner points (pixels), as the OCR engine gives them. */
export interface OcrLine {
  text: string;
  box?: number[][];
}

/**
 * Recognized lines → positioned runs, one per line box, for the same page layout as a PDF's text layer (reading
 * order, roles by type size, paragraphs): the box height stands for the type size, its bottom for the baseline.
 */
export function ocrRuns(lines: OcrLine[], offset = 0): TextRun[] {
  const runs: TextRun[] = [];
  for (const r of lines) {
    const xs = (r.box ?? []).map((p) => p[0] ?? 0);
    const ys = (r.box ?? []).map((p) => p[1] ?? 0);
    if (r.text.trim() === '' || xs.length === 0) continue;
    const size = (Math.max(...ys) - Math.min(...ys)) * 0.85;
    const x = Math.min(...xs);
    runs.push({
      text: r.text.trim(),
      x,
      w: Math.max(...xs) - x,
      size,
      baseline: offset + Math.max(...ys) - size * 0.1,
    });
  }
  return runs;
}

/** Box heights are noisy: lines within 15% of the common height are body text of one size. */
export function normalizeSizes(runs: TextRun[]): void {
  const sorted = runs.map((r) => r.size).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  for (const r of runs) if (Math.abs(r.size - median) <= median * 0.15) r.size = median;
}

/** Recognized text of a page's pictures as positioned runs (pixels of the largest picture), for the page layout. */
export async function recognize(images: PageImage[]): Promise<PageText | undefined> {
  const engine = await ocrEngine();
  if (!engine) return undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'report-ocr-'));
  try {
    const runs: TextRun[] = [];
    let width = 0;
    let height = 0;
    let offset = 0;
    for (const [k, img] of images.entries()) {
      const channels = img.kind === 1 ? 1 : img.kind === 2 ? 3 : 4;
      const raw =
        img.kind === 1
          ? unpackBits(img)
          : Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
      const file = path.join(dir, `p${k}.png`);
      await writeFile(
        file,
        await engine
          .sharp(raw, { raw: { width: img.width, height: img.height, channels } })
          .png()
          .toBuffer(),
      );
      runs.push(...ocrRuns(await engine.ocr.detect(file), offset));
      // Several pictures on one page are read one under the other.
      width = Math.max(width, img.width);
      height = offset + img.height;
      offset = height;
    }
    normalizeSizes(runs);
    return { width, height, runs, ocr: true };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
