/**
 * The in-memory engine without HTTP: snapshot/restore, compaction, id parsing, fusion edge cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Collection } from '../../src/store/embedded/engine/collection.js';
import { dbsf, rrf } from '../../src/store/embedded/engine/fusion.js';
import { compareIds, parseId, parseUuid } from '../../src/store/embedded/engine/ids.js';
import { applyMutation } from '../../src/store/embedded/api/mutation.js';
import { parseDelete, parseUpsert } from '../../src/store/embedded/api/points.js';
import { parseQueryRequest } from '../../src/store/embedded/api/query-request.js';
import { runQuery } from '../../src/store/embedded/engine/query.js';
import { Storage } from '../../src/store/embedded/engine/storage.js';
import { StoreError } from '../../src/store/embedded/engine/errors.js';

function seeded(n: number, deleteEvery = 0): Storage {
  const s = new Storage();
  applyMutation(s, {
    type: 'create_collection',
    name: 'c',
    body: {
      vectors: { dense: { size: 8, distance: 'Cosine' } },
      sparse_vectors: { sparse: { modifier: 'idf' } },
    },
  });
  applyMutation(s, {
    type: 'create_index',
    collection: 'c',
    body: { field_name: 'place', field_schema: 'keyword' },
  });
  let x = 7;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  const points = Array.from({ length: n }, (_, i) => ({
    id: i,
    vector: {
      dense: Array.from({ length: 8 }, () => rnd() - 0.5),
      sparse: { indices: [i % 7, 10 + (i % 13), 100 + i], values: [1, 2, 0.5] },
    },
    payload: { place: `p${i % 5}`, i },
  }));
  applyMutation(s, { type: 'upsert', collection: 'c', body: { points } });
  if (deleteEvery) {
    const gone = points.filter((p) => p.id % deleteEvery !== 0).map((p) => p.id);
    applyMutation(s, { type: 'delete_points', collection: 'c', body: { points: gone } });
  }
  return s;
}

const QUERIES = [
  { query: { indices: [3, 12, 105], values: [1, 1, 1] }, using: 'sparse', limit: 5 },
  { query: [1, 0, 0, 0, 0, 0, 0, 1], using: 'dense', limit: 5, with_vector: true },
  {
    prefetch: [
      { query: { indices: [1, 2], values: [1, 1] }, using: 'sparse', limit: 20 },
      { query: [0, 1, 0, 0, 0, 0, 1, 0], using: 'dense', limit: 20 },
    ],
    query: { fusion: 'rrf' },
    filter: { must: [{ key: 'place', match: { value: 'p2' } }] },
    limit: 5,
    with_payload: true,
  },
];

test('snapshot then restore answers every query identically and keeps indexes and op ids', () => {
  const s = seeded(500);
  const col = s.get('c');
  const snap = col.snapshot();
  assert.equal(snap.points.ids.length, 500);
  const back = Collection.fromSnapshot(structuredClone(snap));
  for (const q of QUERIES) {
    assert.deepEqual(runQuery(back, parseQueryRequest(q)), runQuery(col, parseQueryRequest(q)));
  }
  assert.deepEqual(back.info(), col.info());
  assert.equal(back.operationId, col.operationId);
});

test('compaction after mass deletion keeps results and drops dead rows', () => {
  const s = seeded(3000, 10);
  const col = s.get('c');
  assert.equal(col.live, 300);
  assert.equal(col.rowCount, 300, 'dead rows were compacted away');
  const r = runQuery(
    col,
    parseQueryRequest({ query: { indices: [100, 110], values: [1, 1] }, using: 'sparse' }),
  );
  assert.deepEqual(
    r.points.map((p) => p.id),
    [0, 10],
  );
  // IDF statistics follow deletions: N = 300 live sparse vectors.
  const n = 300;
  const idf1 = Math.log((n - 1 + 0.5) / (1 + 0.5) + 1);
  assert.ok(Math.abs((r.points[0]?.score as number) - idf1 * 0.5) < 1e-5);
});

test('replacing a point updates the sparse statistics and the keyword index', () => {
  const s = seeded(10);
  applyMutation(s, {
    type: 'upsert',
    collection: 'c',
    body: {
      points: [{ id: 3, vector: { sparse: { indices: [999], values: [1] } }, payload: { place: 'new' } }],
    },
  });
  const col = s.get('c');
  const hit = runQuery(col, parseQueryRequest({ query: { indices: [103], values: [1] }, using: 'sparse' }));
  assert.deepEqual(hit.points, [], 'old sparse vector of id 3 is gone');
  assert.equal(
    col.count({
      must: [{ kind: 'field', key: 'place', match: { kind: 'value', value: 'new' } }],
      should: [],
      mustNot: [],
    }),
    1,
  );
  assert.equal(col.info().payload_schema.place?.points, 10);
});

test('a failing batch changes nothing', () => {
  const s = seeded(5);
  assert.throws(
    () =>
      applyMutation(s, {
        type: 'upsert',
        collection: 'c',
        body: {
          points: [
            { id: 100, vector: { dense: [1, 1, 1, 1, 1, 1, 1, 1] } },
            { id: 101, vector: { dense: [1, 1] } },
          ],
        },
      }),
    (e: unknown) => e instanceof StoreError && e.status === 400,
  );
  assert.equal(s.get('c').live, 5);
});

test('point ids: u64 or UUID (any uuid crate form), digit strings rejected, numbers before UUIDs', () => {
  const u = '5c56c793-69f3-4fbf-87e6-c4bf54c28c26';
  assert.equal(parseUuid('5C56C79369F34FBF87E6C4BF54C28C26'), u);
  assert.equal(parseUuid(`{${u}}`), u);
  assert.equal(parseUuid(`urn:uuid:${u}`), u);
  assert.equal(parseId(42), 42);
  assert.throws(() => parseId('42'), /not a valid point ID/);
  assert.throws(() => parseId(-1), /not a valid point ID/);
  assert.throws(() => parseId(1.5), /not a valid point ID/);
  assert.deepEqual([u, 10, 2].sort(compareIds), [2, 10, u]);
});

test('fusion edge cases: DBSF single element and zero spread give 0.5; RRF weight 0 adds nothing', () => {
  assert.deepEqual(dbsf([[{ row: 1, score: 42 }]]), [{ row: 1, score: 0.5 }]);
  assert.deepEqual(
    dbsf([
      [
        { row: 1, score: 3 },
        { row: 2, score: 3 },
      ],
    ]).map((s) => s.score),
    [0.5, 0.5],
  );
  assert.deepEqual(dbsf([[], []]), []);
  const r = rrf(
    [
      [{ row: 1, score: 9 }],
      [
        { row: 2, score: 1 },
        { row: 1, score: 0 },
      ],
    ],
    2,
    [0, 1],
  );
  assert.deepEqual(
    r.map((s) => [s.row, s.score]),
    [
      [2, 0.5],
      [1, Math.fround(1 / 3)],
    ],
  );
});

test('restore with and without the saved inverted index agree, also after further writes', () => {
  const s = seeded(400, 3);
  const snap = s.get('c').snapshot();
  const sparse = snap.points.vectors.sparse;
  assert.ok(sparse?.type === 'sparse' && sparse.postings, 'snapshot carries posting lists');
  const withIndex = Collection.fromSnapshot(structuredClone(snap));
  const bare = structuredClone(snap);
  if (bare.points.vectors.sparse?.type === 'sparse') delete bare.points.vectors.sparse.postings;
  const rebuilt = Collection.fromSnapshot(bare);
  const more = {
    points: [
      {
        id: 1000,
        vector: { sparse: { indices: [3, 12, 555], values: [1, 1, 1] } },
        payload: { place: 'p2' },
      },
      { id: 3, vector: { sparse: { indices: [12], values: [4] } }, payload: { place: 'p2' } },
    ],
  };
  for (const c of [withIndex, rebuilt]) {
    c.prepareUpsert(parseUpsert(structuredClone(more)), true)();
    c.prepareDelete(parseDelete({ points: [6] }), true)();
  }
  for (const q of QUERIES) {
    assert.deepEqual(runQuery(withIndex, parseQueryRequest(q)), runQuery(rebuilt, parseQueryRequest(q)));
  }
  const r = runQuery(
    withIndex,
    parseQueryRequest({ query: { indices: [555], values: [1] }, using: 'sparse' }),
  );
  assert.deepEqual(
    r.points.map((p) => p.id),
    [1000],
  );
});

test('filters answered by a keyword index select the same rows as a full scan, with or without other conditions', () => {
  const make = (indexed: boolean) => {
    const s = new Storage();
    applyMutation(s, { type: 'create_collection', name: 'c', body: { sparse_vectors: { sparse: {} } } });
    if (indexed)
      applyMutation(s, {
        type: 'create_index',
        collection: 'c',
        body: { field_name: 'places', field_schema: 'keyword' },
      });
    const points = Array.from({ length: 400 }, (_, i) => ({
      id: i,
      vector: { sparse: { indices: [i % 3], values: [1] } },
      // Most points name the big city; a few name a county; some carry a number where a name is expected.
      payload: { places: i % 10 === 0 ? ['县城'] : i % 7 === 0 ? [7] : ['大城', `区${i % 4}`], n: i % 5 },
    }));
    applyMutation(s, { type: 'upsert', collection: 'c', body: { points } });
    applyMutation(s, { type: 'delete_points', collection: 'c', body: { points: [1, 2, 30, 40] } });
    return s.get('c');
  };
  const indexed = make(true);
  const plain = make(false);
  const filters = [
    { must: [{ key: 'places', match: { any: ['大城'] } }] },
    { must: [{ key: 'places', match: { any: ['县城'] } }] },
    {
      must: [
        { key: 'places', match: { value: '大城' } },
        { key: 'n', match: { value: 2 } },
      ],
    },
    {
      must: [{ key: 'places', match: { any: ['大城', '县城'] } }],
      must_not: [{ key: 'n', match: { value: 0 } }],
    },
    { must: [{ key: 'places', match: { any: ['区1'] } }], should: [{ key: 'n', range: { gte: 3 } }] },
  ];
  for (const filter of filters) {
    const req = parseQueryRequest({ filter, limit: 1000 });
    const got = runQuery(indexed, req).points.map((p) => p.id);
    assert.deepEqual(
      got,
      runQuery(plain, parseQueryRequest({ filter, limit: 1000 })).points.map((p) => p.id),
    );
    assert.ok(got.length > 0, JSON.stringify(filter));
    assert.ok(!got.includes(1) && !got.includes(30), 'deleted points stay out');
  }
  // One request whose prefetches each carry the same filter: every prefetch sees the filtered rows.
  const twice = parseQueryRequest({
    prefetch: [0, 1].map((t) => ({
      query: { indices: [t], values: [1] },
      using: 'sparse',
      limit: 400,
      filter: { must: [{ key: 'places', match: { any: ['县城'] } }] },
    })),
    query: { fusion: 'rrf' },
    limit: 400,
  });
  const ids = runQuery(indexed, twice).points.map((p) => p.id as number);
  assert.ok(ids.length > 0 && ids.every((id) => id % 10 === 0));
});
