/**
 * Real-page check (a measurement tool; its PDFs are not committed): text pages are segmented by the text reader,
 * their articles typeset as e-paper by the page generator in the given column counts (random style otherwise),
 * then read back by the PDF reader and compared with the text reader: same articles (titles), same paragraphs
 * (count and text). Writes <out>/<columns>col/<page>.pdf for the answer eval (`npm run eval -- --corpus <dir>`).
 *
 *   npx tsx test/support/render-pages-epaper.ts <pages dir> <out dir> [columns=3,4,5] [seed=1]
 *
 * The last stdout line is JSON.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from '../../ingest/parse.js';
import { readPdfDocs } from '../../ingest/readers/structured.js';
import { typesetArticles, type TruthArticle } from './epaper-generator.js';
import { fontMeasure, renderIssue } from './epaper-pdf.js';

const [inDir, outDir, colsArg, seedArg] = process.argv.slice(2);
if (!inDir || !outDir) {
  console.error('usage: render-pages-epaper.ts <pages dir> <out dir> [columns=3,4,5] [seed=1]');
  process.exit(2);
}
const measure = fontMeasure();
const results: Record<string, unknown> = {};
for (const cols of (colsArg ?? '3,4,5').split(',').map(Number)) {
  const dir = path.join(outDir, `${cols}col`);
  await mkdir(dir, { recursive: true });
  let articles = 0;
  let paragraphs = 0;
  let readArticles = 0;
  let readParagraphs = 0;
  let sameTitles = 0;
  let sameParagraphs = 0;
  const names = (await readdir(inDir)).filter((n) => n.endsWith('.txt')).sort();
  for (const [k, name] of names.entries()) {
    const text = await readFile(path.join(inDir, name), 'utf8');
    const want: TruthArticle[] = parseDocument({ docId: name, source: name, text, kind: 'page' }).map(
      (a) => ({
        title: a.title,
        ...(a.subtitle ? { subtitle: a.subtitle } : {}),
        ...(a.byline ? { byline: a.byline } : {}),
        paragraphs: a.paragraphs.map((p) => p.text),
      }),
    );
    const issue = typesetArticles(want, Number(seedArg ?? 1) * 1000 + cols * 100 + k, measure, cols);
    const pdf = await renderIssue(issue);
    const file = name.replace(/\.txt$/, '.pdf');
    await writeFile(path.join(dir, file), pdf);
    const got = [];
    for await (const doc of readPdfDocs(pdf, file, () => undefined)) got.push(...(doc.articles ?? []));
    articles += want.length;
    paragraphs += want.reduce((n, a) => n + a.paragraphs.length, 0);
    readArticles += got.length;
    readParagraphs += got.reduce((n, a) => n + a.paragraphs.length, 0);
    for (const w of want) {
      const g = got.find((a) => a.title.replace(/\s+/g, '') === w.title.replace(/\s+/g, ''));
      if (!g) {
        console.log(`${cols}col ${name}: title not read back: ${w.title}`);
        continue;
      }
      sameTitles++;
      const same = w.paragraphs.filter((p, i) => g.paragraphs[i] === p).length;
      sameParagraphs += same;
      if (same < w.paragraphs.length || g.paragraphs.length !== w.paragraphs.length)
        console.log(
          `${cols}col ${name}: 《${w.title}》 ${same}/${w.paragraphs.length} paragraphs the same (read ${g.paragraphs.length})`,
        );
    }
  }
  results[`${cols}col`] = {
    articles,
    articles_read: readArticles,
    titles_same: sameTitles,
    paragraphs,
    paragraphs_read: readParagraphs,
    paragraphs_same: sameParagraphs,
  };
  console.log(`${cols}col: ${JSON.stringify(results[`${cols}col`])}`);
}
console.log(JSON.stringify(results));
