/**
 * npm run gen:dialogs -- --corpus <path>… [--limit 1000] > dialogs.jsonl
 * Writes generated two-turn follow-up dialogs (src/eval/gen-dialogs.ts) for the reports at the given paths, in the
 * dialogs format `npm run eval` scores. Calibrate on one half (`--half even`) and report the other.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { readDocuments } from '../app/ingest-door.js';
import { parseDocument } from '../app/ingest-door.js';
import { generateDialogs } from '../eval/gen-dialogs.js';
import type { Article } from '../types.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { corpus: { type: 'string', multiple: true }, limit: { type: 'string', default: '1000' } },
  });
  const paths = values.corpus ?? [];
  const limit = Number(values.limit);
  if (paths.length === 0 || !Number.isInteger(limit) || limit < 1) {
    process.stderr.write('usage: npm run gen:dialogs -- --corpus <path>… [--limit 1000]\n');
    process.exitCode = 2;
    return;
  }
  const articles: Article[] = [];
  for (const p of paths) {
    const root = resolve(p);
    for await (const doc of readDocuments(root, root, {
      onSkip: (e) => process.stderr.write(`skipped: ${e.message}\n`),
    }))
      articles.push(...parseDocument(doc));
  }
  const dialogs = generateDialogs(articles, limit);
  for (const d of dialogs) process.stdout.write(`${JSON.stringify(d)}\n`);
  process.stderr.write(`${dialogs.length} dialogs from ${articles.length} articles\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`gen:dialogs failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
