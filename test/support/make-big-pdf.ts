/**
 * A large e-paper file for the memory and speed measurement (not committed): the fixture articles typeset again and
 * again in 4 columns until the file has the pages asked for.
 *
 *   npx tsx test/support/make-big-pdf.ts <out.pdf> [pages=300]
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { autoLayout, Sheet, type LaidArticle } from './newspaper-pdf.js';

const [out, pagesArg] = process.argv.slice(2);
if (!out) {
  console.error('usage: make-big-pdf.ts <out.pdf> [pages]');
  process.exit(2);
}
const pages = Number(pagesArg ?? 300);
const truth = JSON.parse(
  await readFile(fileURLToPath(new URL('../fixtures/report-truth/expected.json', import.meta.url)), 'utf8'),
) as Record<string, { articles: LaidArticle[] }>;
const pool = Object.values(truth).flatMap((t) => t.articles);
// Enough articles for about the pages asked for: a 595×842 page in 4 columns holds about six of them.
const articles = Array.from({ length: Math.ceil(pages * 6.25) }, (_, k) => {
  const a = pool[k % pool.length] as LaidArticle;
  return { ...a, title: `${a.title}（${k + 1}）` };
});
const sheet = new Sheet({ width: 595, height: 842 });
let count = 0;
autoLayout(sheet, articles, {
  columns: 4,
  header: (n) => {
    count = n;
    return `示例政协报 2026年11月20日 第${n}版`;
  },
  footer: (n) => `${n}`,
});
await sheet.save(out);
console.log(`wrote ${count} pages to ${out}`);
