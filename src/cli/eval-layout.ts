/**
 * How well PDF/Word reports are read back: for every file with an expectation, the share of paragraphs that come
 * out whole, in order and in the right article, and whether titles are exact; plus pages read per second.
 *
 *   npm run eval:layout [-- --dir <reports dir> --truth <expected.json>]
 *   npm run eval:layout -- --pages 300 --seed <s> [--verbose]
 *
 * Defaults to the generated fixtures (test/fixtures/reports, test/fixtures/report-truth/expected.json). With
 * --pages, random e-paper issues from the page generator (test/support/epaper-generator.ts; issue seeds s·10⁶ + k)
 * are typeset as PDF and read back until that many pages were read: article boundary F1, titles exact,
 * paragraphs whole and in order, overall and per style family (column count). The last stdout line is JSON.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readDocuments } from '../app/ingest-door.js';
import { parseDocument } from '../app/ingest-door.js';
import type { Article } from '../types.js';
import { readPdfDocs } from '../app/ingest-door.js';
import { addScores, emptyScore, figures, scoreArticles, type LayoutScore } from '../eval/layout-score.js';

interface ExpectedArticle {
  title: string;
  paragraphs: string[];
  captions?: string[];
}

interface FileScore {
  file: string;
  paragraphs: number;
  whole: number;
  titles: number;
  titlesExact: number;
  missingTitles: string[];
}

/** Paragraphs of `want` found whole and in order in `got`. */
export function inOrder(want: string[], got: string[]): number {
  let from = 0;
  let found = 0;
  for (const p of want) {
    const at = got.indexOf(p, from);
    if (at < 0) continue;
    found++;
    from = at + 1;
  }
  return found;
}

/** Score one file's articles against what was typeset. */
export function scoreFile(file: string, want: ExpectedArticle[], got: Article[]): FileScore {
  const score: FileScore = {
    file,
    paragraphs: 0,
    whole: 0,
    titles: want.length,
    titlesExact: 0,
    missingTitles: [],
  };
  for (const w of want) {
    const paras = [...w.paragraphs, ...(w.captions ?? [])];
    score.paragraphs += paras.length;
    const byTitle = got.find((a) => a.title === w.title);
    if (byTitle) score.titlesExact++;
    else score.missingTitles.push(w.title);
    // The article it landed in: by title, else the one holding most of its paragraphs.
    const texts = (a: Article): string[] => a.paragraphs.map((p) => p.text);
    const home =
      byTitle ?? [...got].sort((a, b) => inOrder(paras, texts(b)) - inOrder(paras, texts(a)))[0] ?? undefined;
    if (home) score.whole += inOrder(paras, texts(home));
  }
  return score;
}

/** Random generated pages read back: figures overall and per style family. */
async function generatedPages(pages: number, seed: number, verbose: boolean): Promise<void> {
  // The generator and pdfkit are developer tools: loaded only here.
  const { issueFor, renderIssue } = await import('../../test/support/epaper-pdf.js');
  const families = new Map<string, LayoutScore>();
  let total = emptyScore();
  let read = 0;
  let seconds = 0;
  let skipped = 0;
  for (let k = 0; read < pages; k++) {
    const issueSeed = seed * 1_000_000 + k;
    let issue;
    try {
      issue = issueFor(issueSeed);
    } catch {
      skipped++;
      continue;
    }
    const pdf = await renderIssue(issue);
    const started = performance.now();
    const got = [];
    for await (const doc of readPdfDocs(pdf, `issue-${issueSeed}.pdf`, () => undefined))
      got.push(...(doc.articles ?? []));
    seconds += (performance.now() - started) / 1000;
    read += issue.pages.length;
    const s = scoreArticles(issue.articles, got);
    total = addScores(total, s);
    const fam = issue.style.family;
    families.set(fam, addScores(families.get(fam) ?? emptyScore(), s));
    if (
      verbose &&
      (s.articlesExact < s.articles || s.articlesRead !== s.articles || s.paragraphsWhole < s.paragraphs)
    )
      console.log(
        `seed ${issueSeed} (${fam}, ${issue.pages.length}p): articles ${s.articlesExact}/${s.articles} (read ${s.articlesRead}), paragraphs ${s.paragraphsWhole}/${s.paragraphs}, titles ${s.titlesExact}/${s.titles}${s.missingTitles.length > 0 ? `  missing: ${s.missingTitles.join(' | ')}` : ''}`,
      );
  }
  const perFamily = Object.fromEntries(
    [...families.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, s]) => [f, figures(s)]),
  );
  for (const [f, v] of Object.entries(perFamily)) console.log(`${f}: ${JSON.stringify(v)}`);
  console.log(
    JSON.stringify({
      seed,
      pages: read,
      issues_skipped: skipped,
      ...figures(total),
      pages_per_second: seconds > 0 ? Math.round((read / seconds) * 10) / 10 : 0,
      families: perFamily,
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'test/fixtures/reports' },
      truth: { type: 'string', default: 'test/fixtures/report-truth/expected.json' },
      pages: { type: 'string' },
      seed: { type: 'string', default: '1' },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (values.pages !== undefined) {
    await generatedPages(Number(values.pages), Number(values.seed), values.verbose === true);
    return;
  }
  const dir = values.dir as string;
  const truth = JSON.parse(await readFile(values.truth as string, 'utf8')) as Record<
    string,
    { articles: ExpectedArticle[] }
  >;
  const scores: FileScore[] = [];
  let pages = 0;
  let seconds = 0;
  for (const [file, want] of Object.entries(truth)) {
    if (want.articles.length === 0) continue;
    const started = performance.now();
    const got: Article[] = [];
    for await (const doc of readDocuments(path.join(dir, file), dir, { onSkip: () => undefined })) {
      got.push(...parseDocument(doc));
      if (doc.page !== undefined) pages++;
    }
    seconds += (performance.now() - started) / 1000;
    const s = scoreFile(file, want.articles, got);
    scores.push(s);
    const miss = s.missingTitles.length > 0 ? `  titles not found: ${s.missingTitles.join(' | ')}` : '';
    console.log(
      `${file}: paragraphs whole/in order/in right article ${s.whole}/${s.paragraphs}, titles exact ${s.titlesExact}/${s.titles}${miss}`,
    );
  }
  const sum = (k: 'paragraphs' | 'whole' | 'titles' | 'titlesExact'): number =>
    scores.reduce((n, s) => n + s[k], 0);
  const result = {
    files: scores.length,
    paragraphs: sum('paragraphs'),
    paragraphs_whole: sum('whole'),
    paragraphs_whole_rate: Math.round((sum('whole') / Math.max(1, sum('paragraphs'))) * 1000) / 1000,
    titles: sum('titles'),
    titles_exact: sum('titlesExact'),
    pdf_pages: pages,
    pages_per_second: seconds > 0 ? Math.round((pages / seconds) * 10) / 10 : 0,
  };
  console.log(JSON.stringify(result));
}

await main();
