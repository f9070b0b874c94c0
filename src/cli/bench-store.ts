/**
 * Store benchmark through the real QdrantClient, against the embedded store (or QDRANT_URL if set):
 *   npx tsx src/cli/bench-store.ts --points 10000,50000,150000 [--dim 1024] [--queries 200] [--data DIR]
 * One collection grows to each size in turn; at each size it prints p50/p95 of a sparse BM25 query (~10 terms,
 * idf modifier), a dense Cosine query and a hybrid prefetch(sparse+dense)+RRF query with a keyword place filter,
 * then the upsert throughput (batches of 256, wait=true) and RSS. Finally the cold start of the largest store:
 * close (compaction), reopen in a fresh process, time until the first query answers.
 * Data is synthetic: Zipf-distributed term ids (~60 distinct terms per doc), Gaussian dense vectors.
 */
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { openStore } from '../store/connect.js';

const { values: args } = parseArgs({
  options: {
    points: { type: 'string', default: '10000,50000,150000' },
    dim: { type: 'string', default: '1024' },
    queries: { type: 'string', default: '200' },
    data: { type: 'string' },
    keep: { type: 'boolean', default: false },
    cold: { type: 'string' },
  },
});

const sizes = (args.points ?? '')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
  .sort((a, b) => a - b);
const DIM = Number(args.dim);
const QUERIES = Number(args.queries);
const VOCAB = 200_000;
const TERMS_PER_DOC = 60;
const TERMS_PER_QUERY = 10;
const BATCH = 256;
const COLLECTION = 'bench_store';
const PLACES = Array.from({ length: 40 }, (_, i) => `place-${i}`);

/** Deterministic PRNG (mulberry32) so runs are comparable. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(42);

/** Zipf(s=1) sampler over [0, VOCAB) by inverse CDF on a precomputed table. */
const zipfCdf = (() => {
  const cdf = new Float64Array(VOCAB);
  let sum = 0;
  for (let i = 0; i < VOCAB; i++) {
    sum += 1 / (i + 1);
    cdf[i] = sum;
  }
  for (let i = 0; i < VOCAB; i++) cdf[i] = (cdf[i] as number) / sum;
  return cdf;
})();
function zipf(): number {
  const u = rand();
  let lo = 0;
  let hi = VOCAB - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((zipfCdf[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sparseVector(terms: number): { indices: number[]; values: number[] } {
  const tf = new Map<number, number>();
  while (tf.size < terms) {
    const t = zipf();
    tf.set(t, (tf.get(t) ?? 0) + 1);
  }
  const indices = [...tf.keys()].sort((a, b) => a - b);
  // BM25 term-frequency part with k1=1.2, b=0 (IDF comes from the collection's modifier).
  const values = indices.map((t) => Math.fround(((tf.get(t) ?? 1) * 2.2) / ((tf.get(t) ?? 1) + 1.2)));
  return { indices, values };
}

function gaussian(): number {
  const u = rand() || 1e-12;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function denseVector(): number[] {
  const v = new Array<number>(DIM);
  for (let i = 0; i < DIM; i++) v[i] = Math.fround(gaussian());
  return v;
}

function point(id: number): Schemas['PointStruct'] {
  const places = [PLACES[Math.floor(rand() * PLACES.length)] as string];
  if (rand() < 0.3) places.push(PLACES[Math.floor(rand() * PLACES.length)] as string);
  return {
    id,
    vector: { dense: denseVector(), bm25: sparseVector(TERMS_PER_DOC) },
    payload: { places, doc_id: `doc-${id >> 4}`, chunk_index: id & 15, text: `synthetic chunk ${id}` },
  };
}

function pct(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] as number;
}

async function timeQueries(name: string, run: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < Math.min(20, QUERIES); i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `${name} p50 ${pct(ms, 50).toFixed(2)} ms  p95 ${pct(ms, 95).toFixed(2)} ms`;
}

const sparseQuery = (client: QdrantClient) => () =>
  client.query(COLLECTION, { query: sparseVector(TERMS_PER_QUERY), using: 'bm25', limit: 10 });
const denseQuery = (client: QdrantClient) => () =>
  client.query(COLLECTION, { query: denseVector(), using: 'dense', limit: 10 });
const hybridQuery = (client: QdrantClient) => () =>
  client.query(COLLECTION, {
    prefetch: [
      { query: sparseVector(TERMS_PER_QUERY), using: 'bm25', limit: 50 },
      { query: denseVector(), using: 'dense', limit: 50 },
    ],
    query: { fusion: 'rrf' },
    filter: {
      must: [{ key: 'places', match: { value: PLACES[Math.floor(rand() * PLACES.length)] as string } }],
    },
    limit: 10,
    with_payload: true,
  });

const mb = (bytes: number): string => `${Math.round(bytes / (1 << 20))} MB`;

/** Child mode: open an existing store, time until the first query answers, then query it. */
async function coldStart(dataDir: string): Promise<void> {
  const t0 = performance.now();
  const store = await openStore({ DATA_DIR: dataDir });
  const tOpen = performance.now();
  const count = (await store.client.count(COLLECTION, { exact: true })).count;
  await store.client.query(COLLECTION, { query: denseVector(), using: 'dense', limit: 10 });
  const t1 = performance.now();
  console.log(
    `cold start of ${count} points: ${Math.round(t1 - t0)} ms until the first query answered ` +
      `(open ${Math.round(tOpen - t0)} ms; process uptime ${Math.round(process.uptime() * 1000)} ms)`,
  );
  console.log(`RSS after reopen: ${mb(process.memoryUsage().rss)}`);
  console.log(await timeQueries('sparse BM25 after reopen    ', sparseQuery(store.client)));
  console.log(await timeQueries('dense after reopen          ', denseQuery(store.client)));
  console.log(`RSS after queries: ${mb(process.memoryUsage().rss)}`);
  await store.close();
}

async function main(): Promise<void> {
  if (args.cold) return coldStart(args.cold);
  if (sizes.length === 0 || !Number.isInteger(DIM) || DIM < 1)
    throw new Error('usage: --points 10000,50000 --dim 1024');
  const dataDir = args.data ?? (await fsp.mkdtemp(path.join(os.tmpdir(), 'bench-store-')));
  const cfg = {
    QDRANT_URL: process.env.QDRANT_URL,
    QDRANT_API_KEY: process.env.QDRANT_API_KEY,
    DATA_DIR: dataDir,
  };
  let store = await openStore(cfg);
  console.log(
    `store: ${store.embedded ? `embedded at ${store.url}, data ${dataDir}` : `Qdrant at ${store.url}`}; ` +
      `dim ${DIM}; ${QUERIES} queries per kind; node ${process.version}; ${os.cpus().length} CPUs`,
  );
  const { client } = store;
  if (await client.collectionExists(COLLECTION).then((r) => r.exists))
    await client.deleteCollection(COLLECTION);
  await client.createCollection(COLLECTION, {
    vectors: { dense: { size: DIM, distance: 'Cosine' } },
    sparse_vectors: { bm25: { modifier: 'idf' } },
  });
  await client.createPayloadIndex(COLLECTION, { field_name: 'places', field_schema: 'keyword', wait: true });

  let loaded = 0;
  for (const size of sizes) {
    let upsertMs = 0;
    const added = size - loaded;
    while (loaded < size) {
      const n = Math.min(BATCH, size - loaded);
      const points = Array.from({ length: n }, (_, i) => point(loaded + i));
      const t0 = performance.now();
      await client.upsert(COLLECTION, { wait: true, points });
      upsertMs += performance.now() - t0;
      loaded += n;
    }
    const count = (await client.count(COLLECTION, { exact: true })).count;
    console.log(`\n== ${size} points (count ${count})`);
    console.log(
      `upsert: ${Math.round(added / (upsertMs / 1000))} points/s (${added} points, batches of ${BATCH})`,
    );
    console.log(await timeQueries('sparse BM25 (10 terms, idf)', sparseQuery(client)));
    console.log(await timeQueries(`dense ${DIM}-d Cosine      `, denseQuery(client)));
    console.log(await timeQueries('hybrid RRF + place filter  ', hybridQuery(client)));
    console.log(`RSS: ${mb(process.memoryUsage().rss)} (heap ${mb(process.memoryUsage().heapUsed)})`);
  }

  if (store.embedded) {
    const tc = performance.now();
    await store.close();
    console.log(`\nclose (snapshot written): ${Math.round(performance.now() - tc)} ms`);
    const snap = await fsp.stat(path.join(dataDir, 'qdrant', 'snapshot.bin')).catch(() => undefined);
    if (snap) console.log(`snapshot size: ${mb(snap.size)}`);
    // A fresh process, so the RSS is the reopened store's alone (not this process's garbage from building it).
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--cold', dataDir, '--dim', String(DIM)],
      {
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    if (child.status !== 0) throw new Error(`cold start child failed (${child.status ?? child.signal})`);
    store = await openStore(cfg);
  }
  if (!args.keep) await store.client.deleteCollection(COLLECTION);
  await store.close();
  if (!args.data && !args.keep) await fsp.rm(dataDir, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
