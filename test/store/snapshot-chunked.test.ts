/**
 * A snapshot file is written from the sparse index as it is, slice by slice (engine/chunked.ts), instead of from a
 * copy: the file must hold exactly what the copying export wrote (so files written before and after open alike),
 * and a store reopened from it must answer as before it was closed.
 */
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { QdrantClient } from '@qdrant/js-client-rest';
import { readSnapshot, writeSnapshot } from '../../src/store/embedded/disk/snapshot.js';
import { loaded, type SparseSnapshot } from '../../src/store/embedded/engine/snapshot-types.js';
import { SparseVectors } from '../../src/store/embedded/engine/sparse-index.js';
import { startEmbeddedStore } from '../../src/store/embedded/index.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-chunked-'));
  dirs.push(dir);
  return dir;
}

function rng(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function vector(rnd: () => number, vocab: number): { indices: number[]; values: number[] } {
  const picked = new Set<number>();
  const n = 1 + Math.floor(rnd() * 12);
  for (let k = 0; k < n; k++) picked.add(Math.floor(vocab * rnd() ** 2));
  const indices = [...picked].sort((a, b) => a - b);
  return { indices, values: indices.map(() => Math.round(rnd() * 3000) / 1000) };
}

/**
 * `n` rows; with `churn`, rows now and then die (a delete, or an upsert that moves a point to a new row, as the
 * collection does), so the arena has holes.
 */
function build(seed: number, n: number, churn: boolean): { s: SparseVectors; live: number[] } {
  const rnd = rng(seed);
  const s = new SparseVectors(true);
  for (let r = 0; r < n; r++) {
    const v = vector(rnd, 5000);
    s.set(r, v.indices, v.values);
    if (churn && rnd() < 0.15) s.clear(Math.floor(rnd() * (r + 1)));
  }
  const live: number[] = [];
  for (let r = 0; r < n; r++) if (s.has(r)) live.push(r);
  return { s, live };
}

function plain(x: SparseSnapshot): unknown {
  return {
    offsets: loaded(x.offsets),
    indices: loaded(x.indices),
    values: loaded(x.values),
    present: loaded(x.present),
    postings: x.postings && {
      terms: loaded(x.postings.terms),
      offsets: loaded(x.postings.offsets),
      rows: loaded(x.postings.rows),
      values: loaded(x.postings.values),
    },
  };
}

for (const [name, n, churn] of [
  ['rows deleted', 4000, true],
  ['many rows, none dead (the arena in long runs)', 30_000, false],
] as const) {
  test(`chunked export holds the same arrays and writes the same file as a copy: ${name}`, async () => {
    const { s, live } = build(7, n, churn);
    const copy = { type: 'sparse' as const, ...s.export(live) };
    const chunked = s.exportChunked(live);
    assert.deepEqual(plain(chunked), plain(copy));
    const dir = await tempDir();
    const a = path.join(dir, 'copy.bin');
    const b = path.join(dir, 'chunked.bin');
    await writeSnapshot(a, { v: copy });
    await writeSnapshot(b, { v: chunked });
    assert.ok((await fsp.readFile(a)).equals(await fsp.readFile(b)), 'byte for byte the same file');
    // Read back, the index answers as the original.
    let back: SparseVectors | undefined;
    await readSnapshot(b, (state) => {
      const v = (state as { v: SparseSnapshot }).v;
      const p = v.postings!;
      back = new SparseVectors(true);
      back.loadIndexed(loaded(v.offsets), loaded(v.indices), loaded(v.values), loaded(v.present), {
        terms: loaded(p.terms),
        offsets: loaded(p.offsets),
        rows: loaded(p.rows),
        values: loaded(p.values),
      });
    });
    const rnd = rng(99);
    for (let k = 0; k < 20; k++) {
      const q = vector(rnd, 5000);
      const query = { indices: Uint32Array.from(q.indices), values: Float32Array.from(q.values) };
      const want = s.search(query, 10, undefined, undefined);
      const got = back!.search(query, 10, undefined, undefined);
      assert.deepEqual(got.scores, want.scores);
      assert.deepEqual(
        got.rows.map((r) => live[r]),
        want.rows,
      );
    }
  });
}

test('a stored row left out of the export falls back to the copy and stays consistent', () => {
  const { s, live } = build(3, 500, true);
  const some = live.filter((_, i) => i % 3 !== 0);
  assert.deepEqual(plain(s.exportChunked(some)), plain({ type: 'sparse', ...s.export(some) }));
});

test('a store closed (snapshot written) and reopened answers sparse queries as before', async () => {
  const dir = await tempDir();
  const rnd = rng(5);
  const points = Array.from({ length: 3000 }, (_, i) => ({
    id: i + 1,
    vector: { text: vector(rnd, 2000) },
    payload: { i },
  }));
  const queries = Array.from({ length: 10 }, () => vector(rnd, 2000));
  const ask = async (client: QdrantClient) =>
    Promise.all(
      queries.map(async (q) =>
        (await client.query('c', { query: q, using: 'text', limit: 5 })).points.map((p) => [p.id, p.score]),
      ),
    );
  let store = await startEmbeddedStore({ dir });
  let client = new QdrantClient({ url: store.server.url, checkCompatibility: false });
  await client.createCollection('c', { sparse_vectors: { text: { modifier: 'idf' } } });
  await client.upsert('c', { wait: true, points });
  // Rewrite and delete some, so the snapshot has dead rows to skip.
  await client.upsert('c', {
    wait: true,
    points: points.slice(0, 300).map((p) => ({ ...p, vector: { text: vector(rnd, 2000) } })),
  });
  await client.delete('c', { wait: true, points: [7, 8, 9, 1500] });
  const before = await ask(client);
  await store.close();
  store = await startEmbeddedStore({ dir });
  try {
    client = new QdrantClient({ url: store.server.url, checkCompatibility: false });
    assert.deepEqual(await ask(client), before);
    assert.equal((await client.count('c')).count, 2996);
  } finally {
    await store.close();
  }
});
