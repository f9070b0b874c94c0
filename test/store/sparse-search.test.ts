/**
 * Pruned sparse search (engine/maxscore.ts) must return exactly what scoring every posting returns — the same
 * rows, the same f32 scores, the same order on ties — whatever the data: common and rare terms, equal values,
 * zeros, deleted and replaced rows, filters, thresholds, small limits, and negative values (which turn pruning
 * off). Reference: the same index with pruning disabled, and a brute-force ranking written here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idf, SparseVectors } from '../../src/store/embedded/engine/sparse-index.js';

function rng(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** A skewed vocabulary: term 0 is in most rows, higher terms ever rarer (like words in news reports). */
function randomVector(
  rnd: () => number,
  vocab: number,
  ties: boolean,
): { indices: number[]; values: number[] } {
  const picked = new Set<number>();
  const n = 1 + Math.floor(rnd() * 8);
  for (let k = 0; k < n; k++) picked.add(Math.floor(vocab * rnd() ** 3));
  const indices = [...picked].sort((a, b) => a - b);
  const values = indices.map(() =>
    ties ? [0, 1, 1, 2][Math.floor(rnd() * 4)]! : Math.round(rnd() * 3000) / 1000,
  );
  return { indices, values };
}

interface Built {
  pruned: SparseVectors;
  full: SparseVectors;
  rows: Map<number, { indices: number[]; values: number[] }>;
}

/** Two identical indexes (pruned and not), with upserts that replace rows and deletions. */
function build(seed: number, n: number, opts: { ties: boolean; negative?: boolean }): Built {
  const rnd = rng(seed);
  const pruned = new SparseVectors(true, 5000, true);
  const full = new SparseVectors(true, 5000, false);
  const rows = new Map<number, { indices: number[]; values: number[] }>();
  let row = 0;
  for (let i = 0; i < n; i++) {
    const v = randomVector(rnd, 60, opts.ties);
    if (opts.negative && i === Math.floor(n / 2)) v.values[0] = -1;
    for (const s of [pruned, full]) s.set(row, v.indices, v.values);
    rows.set(row, v);
    row++;
    // Now and then a row dies (a delete, or an upsert that moves a point to a new row).
    if (rnd() < 0.1 && row > 2) {
      const dead = Math.floor(rnd() * row);
      for (const s of [pruned, full]) s.clear(dead);
      rows.delete(dead);
    }
  }
  return { pruned, full, rows };
}

const query = (indices: number[], values = indices.map(() => 1)) => ({
  indices: Uint32Array.from(indices),
  values: Float32Array.from(values),
});

function assertSame(b: Built, q: ReturnType<typeof query>, limit: number, opts: Partial<Args> = {}): void {
  const a = b.pruned.search(q, limit, opts.allowed, opts.threshold);
  const e = b.full.search(q, limit, opts.allowed, opts.threshold);
  assert.deepEqual(a, e, `query ${Array.from(q.indices).join(',')} limit ${limit}`);
}

interface Args {
  allowed: { mask: Uint8Array; rows: Int32Array };
  threshold: number;
}

test('pruned search returns what scoring every posting returns, on many random queries', () => {
  for (const ties of [false, true]) {
    const b = build(ties ? 11 : 7, 3000, { ties });
    const rnd = rng(99);
    for (let k = 0; k < 150; k++) {
      const terms = new Set<number>();
      const n = 1 + Math.floor(rnd() * 10);
      for (let j = 0; j < n; j++) terms.add(Math.floor(70 * rnd() ** 2));
      const q = query([...terms].sort((x, y) => x - y));
      for (const limit of [1, 5, 50]) assertSame(b, q, limit);
    }
  }
});

test('pruned search agrees with a brute-force ranking: BM25 dot product, best first, ties by earlier row', () => {
  const b = build(3, 800, { ties: true });
  const q = query([0, 1, 7, 30]);
  const n = b.rows.size;
  const df = (t: number) => [...b.rows.values()].filter((v) => v.indices.includes(t)).length;
  const w = Array.from(q.indices, (t) => Math.fround(idf(n, df(t))));
  const expected = [...b.rows.entries()]
    .map(([row, v]) => {
      let s = 0;
      Array.from(q.indices).forEach((t, i) => {
        const at = v.indices.indexOf(t);
        if (at >= 0) s = Math.fround(s + Math.fround((w[i] as number) * (v.values[at] as number)));
      });
      return { row, s };
    })
    .filter((x) => x.s !== 0)
    .sort((x, y) => y.s - x.s || x.row - y.row)
    .slice(0, 20);
  const got = b.pruned.search(q, 20, undefined, undefined);
  assert.deepEqual(
    got.rows,
    expected.map((x) => x.row),
  );
  assert.deepEqual(
    got.scores,
    expected.map((x) => x.s),
  );
});

test('pruned search with a filter mask, a score threshold and a limit above the row count', () => {
  const b = build(5, 6000, { ties: false });
  const rnd = rng(4);
  const mask = new Uint8Array(6000);
  const rows: number[] = [];
  for (let r = 0; r < 6000; r++)
    if (rnd() < 0.9) {
      mask[r] = 1;
      rows.push(r);
    }
  const allowed = { mask, rows: Int32Array.from(rows) };
  for (const q of [query([0]), query([0, 1, 2]), query([0, 5, 40, 41]), query([3, 9], [0.5, 2])]) {
    assertSame(b, q, 10, { allowed });
    assertSame(b, q, 10, { threshold: 1.5 });
    assertSame(b, q, 10, { allowed, threshold: 0.2 });
    assertSame(b, q, 100000);
  }
});

test('zero query weights and unknown terms: pruned search publishes no zero scores', () => {
  const b = build(8, 1000, { ties: true });
  assertSame(b, query([0, 1], [0, 0]), 10);
  assertSame(b, query([0, 1, 5000], [0, 1, 1]), 10);
  assert.deepEqual(b.pruned.search(query([0, 1], [0, 0]), 10, undefined, undefined).rows, []);
});

test('a negative value anywhere turns pruning off and the results stay exact', () => {
  const b = build(9, 2000, { ties: false, negative: true });
  for (const q of [query([0]), query([0, 2, 3]), query([1, 4], [1, -1])]) assertSame(b, q, 5);
});

test('a bulk-loaded index (snapshot restore) prunes over the same bounds', () => {
  const b = build(12, 3000, { ties: false });
  const live = [...b.rows.keys()].sort((x, y) => x - y);
  const snap = b.full.export(live);
  const loaded = new SparseVectors(true, 5000, true);
  loaded.loadIndexed(snap.offsets, snap.indices, snap.values, snap.present, snap.postings);
  const rebuilt = new SparseVectors(true, 5000, true);
  rebuilt.load(snap.offsets, snap.indices, snap.values, snap.present);
  const reference = new SparseVectors(true, 5000, false);
  reference.load(snap.offsets, snap.indices, snap.values, snap.present);
  // Later writes append to the restored lists.
  const more = { indices: [0, 1, 2], values: [9, 9, 9] };
  for (const s of [loaded, rebuilt, reference]) s.set(live.length, more.indices, more.values);
  for (const q of [query([0]), query([0, 1]), query([0, 1, 2, 10, 20])]) {
    const e = reference.search(q, 7, undefined, undefined);
    assert.deepEqual(loaded.search(q, 7, undefined, undefined), e);
    assert.deepEqual(rebuilt.search(q, 7, undefined, undefined), e);
    assert.equal(e.rows[0], live.length, 'the appended row is found first');
  }
});
