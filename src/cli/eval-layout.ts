/**
 * How well PDF/Word reports are read back: for every file with an expectation, the share of paragraphs that come
 * out whole, in order and in the right article, and whether titles are exact; plus pages read per second.
 *
 *   npm run eval:layout [-- --dir <reports dir> --truth <expected.json>]
 *
 * Defaults to the generated fixtures (test/fixtures/reports, test/fixtures/report-truth/expected.json). The last
 * stdout line is JSON.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readDocuments } from '../app/ingest-door.js';
import { parseDocument } from '../app/ingest-door.js';
import type { Article } from '../types.js';

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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'test/fixtures/reports' },
      truth: { type: 'string', default: 'test/fixtures/report-truth/expected.json' },
    },
  });
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
