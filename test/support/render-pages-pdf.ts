/**
 * Renders text report pages as e-paper PDFs (a measurement tool, nothing here is committed output): each .txt page
 * is segmented by the normal text pipeline, then its articles are typeset in columns, headline across, with a
 * running head and page number. Writes <out>/<name>.pdf and <truth>: what the PDF reader should give back.
 *
 *   npx tsx test/support/render-pages-pdf.ts <pages dir> <out dir> <truth.json> [columns=6] [width=1000] [height=2400]
 *
 * A newspaper page holds 6–8k characters: the default sheet is large enough that a page stays one PDF page.
 */
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from '../../ingest/parse.js';
import { autoLayout, Sheet } from './newspaper-pdf.js';

const [inDir, outDir, truthFile, cols, width, height] = process.argv.slice(2);
if (!inDir || !outDir || !truthFile) {
  console.error('usage: render-pages-pdf.ts <pages dir> <out dir> <truth.json> [columns]');
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
const truth: Record<string, { articles: { title: string; paragraphs: string[] }[] }> = {};
for (const name of (await readdir(inDir)).filter((n) => n.endsWith('.txt')).sort()) {
  const text = await readFile(path.join(inDir, name), 'utf8');
  const articles = parseDocument({ docId: name, source: name, text, kind: 'page' }).map((a) => ({
    title: a.title,
    ...(a.subtitle ? { subtitle: a.subtitle } : {}),
    paragraphs: a.paragraphs.map((p) => p.text),
  }));
  const sheet = new Sheet({ width: Number(width ?? 1000), height: Number(height ?? 2400) });
  autoLayout(sheet, articles, {
    columns: Number(cols ?? 6),
    header: (n) => `政协周刊 2026年11月20日 第${n}版`,
    footer: (n) => `${n}`,
  });
  const pdf = name.replace(/\.txt$/, '.pdf');
  await sheet.save(path.join(outDir, pdf));
  truth[pdf] = { articles };
}
await writeFile(truthFile, JSON.stringify(truth, null, 2));
console.log(`rendered ${Object.keys(truth).length} pages to ${outDir}`);
