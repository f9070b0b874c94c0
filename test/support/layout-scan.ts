/**
 * Failure kinds over many generated issues (a development tool): for each issue seed, which typeset articles
 * did not come back exactly and how — a paragraph merged with the next (joined where a new one starts), a
 * paragraph cut in two, text of another article inside, a title not found, an article read back that was not
 * typeset. Prints one line per failing issue and the counts.
 *
 *   npx tsx test/support/layout-scan.ts <seed> <issues> [kind]
 */
import { readPdfDocs } from '../../ingest/readers/structured.js';
import type { ArticleDraft } from '../../ingest/segment.js';
import { issueFor, renderIssue } from './epaper-pdf.js';

const [seedArg, nArg, only] = process.argv.slice(2);
const seed = Number(seedArg ?? 1);
const n = Number(nArg ?? 50);
const counts = new Map<string, number>();
const squeeze = (t: string): string => t.replace(/\s+/g, '');
for (let k = 0; k < n; k++) {
  const s = seed * 1_000_000 + k;
  let issue;
  try {
    issue = issueFor(s);
  } catch {
    continue;
  }
  const got: ArticleDraft[] = [];
  for await (const doc of readPdfDocs(await renderIssue(issue), `${s}.pdf`, () => undefined))
    got.push(...(doc.articles ?? []));
  const kinds = new Set<string>();
  const all = new Set(issue.articles.flatMap((a) => [...a.paragraphs, ...(a.captions ?? [])]));
  for (const w of issue.articles) {
    const want = [...w.paragraphs, ...(w.captions ?? [])];
    const g = got.find((a) => squeeze(a.title) === squeeze(w.title));
    if (!g) {
      kinds.add('title');
      continue;
    }
    const have = g.paragraphs;
    if (have.join('\n') === want.join('\n')) continue;
    for (let i = 0; i + 1 < want.length; i++)
      if (have.some((p) => p.includes((want[i] as string) + (want[i + 1] as string)))) kinds.add('merged');
    for (const p of want)
      if (
        !have.includes(p) &&
        have.some((h, j) => h !== '' && p.startsWith(h) && p.includes(h + (have[j + 1] ?? '').slice(0, 4)))
      )
        kinds.add('split');
    if (have.some((p) => all.has(p) && !want.includes(p))) kinds.add('foreign');
    if (have.some((p) => ![...all].some((a) => a.includes(p) || p.includes(a)))) kinds.add('mixed');
    if (squeeze(have.join('')) !== squeeze(want.join('')) && kinds.size === 0) kinds.add('other');
    if (squeeze(have.join('')) === squeeze(want.join('')) && have.join('') !== want.join(''))
      kinds.add('spaces');
  }
  for (const g of got)
    if (!issue.articles.some((w) => squeeze(w.title) === squeeze(g.title))) kinds.add('extra');
  if (kinds.size === 0) continue;
  for (const kd of kinds) counts.set(kd, (counts.get(kd) ?? 0) + 1);
  if (only === undefined || kinds.has(only))
    console.log(
      `${s} ${issue.style.family} indent=${issue.style.indent} gap=${issue.style.paraGap.toFixed(2)} glyphs=${issue.style.glyphs}: ${[...kinds].join(' ')}`,
    );
}
console.log(JSON.stringify(Object.fromEntries(counts)));
