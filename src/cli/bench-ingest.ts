/**
 * Ingest figures: wall time and peak RSS of ingesting inputs into a fresh embedded store (BM25 only, offline).
 *
 *   npx tsx src/cli/bench-ingest.ts <file|dir|.jsonl>... [--data-dir DIR] [--runs N] [--batch-size N] [--workers N]
 *
 * Each run ingests the same inputs into the same DATA_DIR, so run 2 measures a re-ingest (all `unchanged`).
 * Without --data-dir a fresh temp dir is used and removed afterwards. Peak RSS is the whole process's,
 * which includes the embedded store (it runs in this process).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../store/connect.js';
import { runIngest } from '../app/ingest-door.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string' },
    runs: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '512' },
    workers: { type: 'string' },
  },
});
if (positionals.length === 0) {
  process.stderr.write('usage: npx tsx src/cli/bench-ingest.ts <inputs>... [--data-dir DIR] [--runs N]\n');
  process.exit(1);
}

const ownDir = values['data-dir'] === undefined;
const dataDir = values['data-dir'] ?? (await mkdtemp(path.join(tmpdir(), 'bench-ingest-')));
const mb = (kb: number) => Math.round(kb / 1024);

for (let run = 1; run <= Number(values.runs); run++) {
  const t0 = performance.now();
  const store = await openStore({ DATA_DIR: dataDir });
  const opened = performance.now();
  const summary = await runIngest({
    paths: positionals,
    client: store.client,
    cfg: { QDRANT_COLLECTION: 'bench_chunks' },
    batchSize: Number(values['batch-size']),
    ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
  });
  const ingested = performance.now();
  await store.close();
  const t1 = performance.now();
  const { skipped, ...counts } = summary;
  const line = {
    run,
    inputs: positionals,
    dataDir,
    wallSeconds: +((t1 - t0) / 1000).toFixed(2),
    openSeconds: +((opened - t0) / 1000).toFixed(2),
    ingestSeconds: +((ingested - opened) / 1000).toFixed(2),
    closeSeconds: +((t1 - ingested) / 1000).toFixed(2),
    peakRssMB: mb(process.resourceUsage().maxRSS),
    ...counts,
    skipped: skipped.length,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
if (ownDir) await rm(dataDir, { recursive: true, force: true });
