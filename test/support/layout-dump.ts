/**
 * A look at one generated e-paper issue read back (a development tool): what was typeset against what the PDF
 * reader gives, article by article — titles not found, paragraphs cut or merged, text in the wrong article.
 * Writes the PDF (and, with --png, page images by pdftoppm) to the out dir for a look at the page itself.
 *
 *   npx tsx test/support/layout-dump.ts <issue seed> [out dir=/tmp/layout/dump] [--png]
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readPdfDocs } from '../../ingest/readers/structured.js';
import type { ArticleDraft } from '../../ingest/segment.js';
import { scoreArticles } from '../../src/eval/layout-score.js';
import { issueFor, renderIssue } from './epaper-pdf.js';

const args = process.argv.slice(2);
const png = args.includes('--png');
const [seedArg, outArg] = args.filter((a) => !a.startsWith('--'));
if (!seedArg) {
  console.error('usage: layout-dump.ts <issue seed> [out dir] [--png]');
  process.exit(2);
}
const seed = Number(seedArg);
const out = outArg ?? '/tmp/layout/dump';
await mkdir(out, { recursive: true });
const issue = issueFor(seed);
const pdf = await renderIssue(issue);
const file = path.join(out, `${seed}.pdf`);
await writeFile(file, pdf);
if (png) execFileSync('pdftoppm', ['-png', '-r', '110', file, path.join(out, String(seed))]);
const got: ArticleDraft[] = [];
for await (const doc of readPdfDocs(pdf, `${seed}.pdf`, () => undefined)) got.push(...(doc.articles ?? []));

const st = issue.style;
console.log(
  `seed ${seed}: ${st.family}, ${issue.pages.length}p, body ${st.body.toFixed(1)} leading ${st.leading.toFixed(2)} indent ${st.indent} gap ${st.paraGap.toFixed(2)} justify ${st.justify} glyphs ${st.glyphs} half ${st.halfWidth} head ${st.head.toFixed(2)} sub ${st.sub.toFixed(2)} kicker ${st.kicker.toFixed(2)} byline ${st.byline.toFixed(2)} caption ${st.caption.toFixed(2)} quote ${st.quote.toFixed(2)} label ${st.label.toFixed(2)} numbered ${st.numbered.toFixed(2)} ${st.headAlign} beside ${st.bylineBeside} gutter ${(st.gutter / st.body).toFixed(2)}em`,
);
const short = (t: string): string => (t.length <= 36 ? t : `${t.slice(0, 16)}…${t.slice(-16)}`);
const wantParas = new Set(issue.articles.flatMap((a) => [...a.paragraphs, ...(a.captions ?? [])]));
for (const w of issue.articles) {
  const paras = [...w.paragraphs, ...(w.captions ?? [])];
  const g = got.find((a) => a.title.replace(/\s+/g, '') === w.title.replace(/\s+/g, ''));
  const head = `《${w.title}》${w.subtitle ? ` ——${w.subtitle}` : ''}${w.byline ? ` [${w.byline}]` : ''}${w.kicker ? ` kicker:${w.kicker}` : ''}`;
  if (!g) {
    console.log(`MISSING ${head}`);
    continue;
  }
  const exact = g.paragraphs.join('') === paras.join('') && g.paragraphs.length === paras.length;
  const meta =
    (g.subtitle ?? '') !== (w.subtitle ?? '') || (g.byline ?? '') !== (w.byline ?? '')
      ? `  (read sub: ${g.subtitle ?? '-'}; byline: ${g.byline ?? '-'})`
      : '';
  console.log(`${exact ? 'ok     ' : 'DIFF   '}${head}${meta}`);
  if (exact) continue;
  paras.forEach((p, k) => {
    if (!g.paragraphs.includes(p)) console.log(`   - want ${k}: ${short(p)}`);
  });
  g.paragraphs.forEach((p, k) => {
    if (!paras.includes(p))
      console.log(`   + got  ${k}: ${short(p)}${wantParas.has(p) ? '  (another article’s)' : ''}`);
  });
}
for (const g of got)
  if (!issue.articles.some((w) => w.title.replace(/\s+/g, '') === g.title.replace(/\s+/g, '')))
    console.log(
      `EXTRA  《${g.title}》 ${g.paragraphs.length} paragraphs: ${g.paragraphs.map(short).slice(0, 3).join(' / ')}`,
    );
console.log(JSON.stringify(scoreArticles(issue.articles, got)));
