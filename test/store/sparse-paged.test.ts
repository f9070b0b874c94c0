/**
 * The sparse index keeps its row arena and posting pool in fixed-size pages (engine/paged.ts) so that growing
 * never copies them. With pages of a few dozen entries, rows and posting blocks land on many pages (and long
 * rows or bulk-loaded terms on pages of their own): search, pruned or not, must still return the brute-force
 * ranking; reads, deletes and overwrites must see the right vectors; a snapshot must hold exactly what an index
 * with one big page writes; and an index restored from a snapshot (one adopted page) must keep growing on new
 * pages and answer as one built directly.
 */
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { writeSnapshot } from '../../src/store/embedded/disk/snapshot.js';
import { idf, SparseVectors, type SparseQuery } from '../../src/store/embedded/engine/sparse-index.js';

const SMALL = 64;
const VOCAB = 400;

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true });
});

function rng(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

interface Vec {
  indices: number[];
  values: number[];
}

/** Skewed terms (a few in most rows); now and then a row longer than a small page. */
function vector(rnd: () => number): Vec {
  const picked = new Set<number>();
  const n = rnd() < 0.02 ? 100 + Math.floor(rnd() * 60) : 1 + Math.floor(rnd() * 20);
  for (let k = 0; k < n; k++) picked.add(Math.floor(VOCAB * rnd() ** 3));
  const indices = [...picked].sort((a, b) => a - b);
  // Mostly small values, a few large: bounds of cells and terms differ, so pruning skips much.
  return { indices, values: indices.map(() => Math.round(3000 * rnd() ** 4) / 1000) };
}

/** What the index should hold: row → vector, mirrored through the same sets, overwrites and deletes. */
class Model {
  readonly rows = new Map<number, Vec>();
  constructor(readonly indexes: SparseVectors[]) {}
  set(row: number, v: Vec): void {
    for (const s of this.indexes) s.set(row, v.indices, v.values);
    this.rows.set(row, v);
  }
  clear(row: number): void {
    for (const s of this.indexes) s.clear(row);
    this.rows.delete(row);
  }
}

/**
 * Rows `from`… written one by one, with deletes and overwrites of earlier rows. As in a collection, an overwrite
 * never rewrites a row in place: the old row is cleared and the new vector takes the next row. Returns the next
 * free row.
 */
function fill(m: Model, seed: number, from: number, n: number): number {
  const rnd = rng(seed);
  let next = from;
  for (let k = 0; k < n; k++) {
    m.set(next++, vector(rnd));
    const u = rnd();
    const old = Math.floor(rnd() * next);
    if (u < 0.14 && m.rows.has(old)) {
      m.clear(old);
      if (u < 0.08) m.set(next++, vector(rnd));
    }
  }
  return next;
}

/** Brute-force top k: f32 BM25-weighted dot products in query order, non-zero, best first, ties by earlier row. */
function bruteForce(rows: Map<number, Vec>, q: SparseQuery, k: number): { rows: number[]; scores: number[] } {
  const df = (t: number) => [...rows.values()].filter((v) => v.indices.includes(t)).length;
  const w = Array.from(q.indices, (t, i) => Math.fround((q.values[i] as number) * idf(rows.size, df(t))));
  const ranked = [...rows.entries()]
    .map(([row, v]) => ({ row, s: dot(v, q, w) ?? 0 }))
    .filter((x) => x.s !== 0)
    .sort((x, y) => y.s - x.s || x.row - y.row)
    .slice(0, k);
  return { rows: ranked.map((x) => x.row), scores: ranked.map((x) => x.s) };
}

function dot(v: Vec, q: SparseQuery, w: number[]): number | undefined {
  let s = 0;
  let overlap = false;
  Array.from(q.indices).forEach((t, i) => {
    const at = v.indices.indexOf(t);
    if (at < 0) return;
    overlap = true;
    s = Math.fround(s + Math.fround((w[i] as number) * Math.fround(v.values[at] as number)));
  });
  return overlap ? s : undefined;
}

function queries(seed: number, n: number): SparseQuery[] {
  const rnd = rng(seed);
  const out: SparseQuery[] = [];
  for (let k = 0; k < n; k++) {
    const terms = new Set<number>();
    const m = 1 + Math.floor(rnd() * 8);
    for (let j = 0; j < m; j++) terms.add(Math.floor(VOCAB * rnd() ** 2));
    const indices = [...terms].sort((a, b) => a - b);
    out.push({ indices: Uint32Array.from(indices), values: Float32Array.from(indices, () => 0.5 + rnd()) });
  }
  return out;
}

const search = (s: SparseVectors, q: SparseQuery, k: number) => s.search(q, k, undefined, undefined);

function liveRows(m: Model): number[] {
  return [...m.rows.keys()].sort((a, b) => a - b);
}

test('rows and posting blocks spread over many small pages: pruned and full search give the brute-force top k', () => {
  const pruned = new SparseVectors(true, 5000, true, { pageSize: SMALL });
  const full = new SparseVectors(true, 5000, false, { pageSize: SMALL });
  const m = new Model([pruned, full]);
  fill(m, 3, 0, 3000);
  const pages = pruned.pages();
  assert.ok(pages.arena > 100 && pages.postings > 100, `pages: ${JSON.stringify(pages)}`);
  // Common terms alone or together: pruned search then skips whole cells of the bound grid on every page.
  const common = [[0], [1], [2], [0, 1], [0, 3], [1, 2, 5]].map((t) => ({
    indices: Uint32Array.from(t),
    values: Float32Array.from(t, () => 1),
  }));
  for (const q of [...common, ...queries(17, 60)])
    for (const k of [1, 3, 10, 100]) {
      const want = bruteForce(m.rows, q, k);
      assert.deepEqual(search(pruned, q, k), want);
      assert.deepEqual(search(full, q, k), want);
    }
});

test('on small pages, stored vectors read back, score and filter as written, through overwrites and deletes', () => {
  const s = new SparseVectors(true, 5000, true, { pageSize: SMALL });
  const m = new Model([s]);
  const rowsWritten = fill(m, 5, 0, 1500);
  for (let r = 0; r < rowsWritten; r++) {
    const v = m.rows.get(r);
    const got = s.get(r);
    if (!v) {
      assert.equal(got, undefined, `row ${r} was deleted`);
      continue;
    }
    assert.deepEqual(Array.from(got!.indices), v.indices);
    assert.deepEqual(Array.from(got!.values), Array.from(Float32Array.from(v.values)));
  }
  const live = liveRows(m);
  for (const q of queries(23, 20)) {
    const df = (t: number) => [...m.rows.values()].filter((v) => v.indices.includes(t)).length;
    const w = Array.from(q.indices, (t, i) => Math.fround((q.values[i] as number) * idf(m.rows.size, df(t))));
    const probe = [0, 1, 2, ...live.slice(0, 50), rowsWritten - 1];
    assert.deepEqual(
      s.scoreRows(q, probe),
      probe.map((r) => {
        const v = m.rows.get(r);
        return v && dot(v, q, w);
      }),
    );
    // A small filtered set is scored row by row (scoreRow) and keeps overlapping rows at score 0; a large one
    // goes through the postings, which publish non-zero scores only. Both use the whole index's N and df.
    for (const share of [1, 90]) {
      const mask = new Uint8Array(rowsWritten);
      const rows = live.filter((_, i) => (i * 7919) % 100 < share);
      for (const r of rows) mask[r] = 1;
      const want = rows
        .map((row) => ({ row, s: dot(m.rows.get(row)!, q, w) }))
        .filter((x) => x.s !== undefined && (share === 1 || x.s !== 0))
        .sort((x, y) => y.s! - x.s! || x.row - y.row)
        .slice(0, 10);
      assert.deepEqual(s.search(q, 10, { mask, rows: Int32Array.from(rows) }, undefined), {
        rows: want.map((x) => x.row),
        scores: want.map((x) => x.s),
      });
    }
  }
});

test('a snapshot of a small-paged index is exactly what an index on one big page writes, and loads back', async () => {
  const paged = new SparseVectors(true, 5000, true, { pageSize: SMALL });
  const big = new SparseVectors(true, 5000, true);
  const m = new Model([paged, big]);
  fill(m, 9, 0, 2500);
  const live = liveRows(m);
  assert.deepEqual(paged.export(live), big.export(live));
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-paged-'));
  dirs.push(dir);
  const files: Buffer[] = [];
  for (const [name, snap] of [
    ['big-copy', { type: 'sparse' as const, ...big.export(live) }],
    ['paged-copy', { type: 'sparse' as const, ...paged.export(live) }],
    ['paged-chunked', paged.exportChunked(live)],
  ] as const) {
    const file = path.join(dir, `${name}.bin`);
    await writeSnapshot(file, { v: snap });
    files.push(await fsp.readFile(file));
  }
  assert.ok(files[1]!.equals(files[0]!) && files[2]!.equals(files[0]!), 'byte for byte the same files');

  const snap = paged.export(live);
  const indexed = new SparseVectors(true, 5000, true, { pageSize: SMALL });
  indexed.loadIndexed(snap.offsets, snap.indices, snap.values, snap.present, snap.postings);
  const rebuilt = new SparseVectors(true, 5000, true, { pageSize: SMALL });
  rebuilt.load(snap.offsets, snap.indices, snap.values, snap.present);
  for (const q of queries(31, 40)) {
    const want = search(paged, q, 10);
    for (const back of [indexed, rebuilt]) {
      const got = search(back, q, 10);
      assert.deepEqual(got.scores, want.scores);
      assert.deepEqual(
        got.rows.map((r) => live[r]),
        want.rows,
      );
    }
  }
});

test('an index restored from a snapshot (one adopted page) grows on new pages and answers as one built directly', () => {
  const first = new SparseVectors(true, 5000, true, { pageSize: SMALL });
  const m = new Model([first]);
  fill(m, 13, 0, 2000);
  const live = liveRows(m);
  const snap = first.export(live);
  const restored = new SparseVectors(true, 5000, true, { pageSize: SMALL });
  restored.loadIndexed(snap.offsets, snap.indices, snap.values, snap.present, snap.postings);
  const reloaded = new SparseVectors(true, 5000, false, { pageSize: SMALL });
  reloaded.load(snap.offsets, snap.indices, snap.values, snap.present);
  assert.equal(restored.pages().arena, 1, 'the snapshot arrays are one page, not copied into small ones');
  // The same rows, renumbered as the snapshot numbers them, then more writes on both.
  const direct = new SparseVectors(true, 5000, false);
  const after = new Model([restored, reloaded, direct]);
  live.forEach((r, i) => {
    const v = m.rows.get(r)!;
    direct.set(i, v.indices, v.values);
    after.rows.set(i, v);
  });
  let next = fill(after, 21, live.length, 2000);
  // Restored rows overwritten (moved to new rows) and deleted too.
  const rnd = rng(5);
  for (let k = 0; k < 200; k++) {
    const r = Math.floor(rnd() * live.length);
    if (!after.rows.has(r)) continue;
    after.clear(r);
    if (k % 2 === 0) after.set(next++, vector(rnd));
  }
  assert.ok(restored.pages().arena > 50 && restored.pages().postings > 50);
  for (const q of queries(37, 60)) {
    const want = bruteForce(after.rows, q, 10);
    assert.deepEqual(search(restored, q, 10), want);
    assert.deepEqual(search(reloaded, q, 10), want);
    assert.deepEqual(search(direct, q, 10), want);
  }
  for (const [r, v] of after.rows) assert.deepEqual(Array.from(restored.get(r)!.indices), v.indices);
});
