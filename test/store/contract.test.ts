/**
 * Contract suite: everything goes through the real @qdrant/js-client-rest. Runs against the embedded store, or
 * against a real Qdrant when QDRANT_URL is set, so both can be shown to agree.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Schemas } from '@qdrant/js-client-rest';
import { apiError, approx, openTarget, rawRequest, type Target } from './harness.js';

let t: Target;
before(async () => {
  t = await openTarget();
});
after(async () => {
  await t.close();
});

const U1 = '5c56c793-69f3-4fbf-87e6-c4bf54c28c26';
const U2 = 'a1b2c3d4-0000-4000-8000-000000000001';

const idf = (n: number, df: number) => Math.log((n - df + 0.5) / (df + 0.5) + 1);
const ids = (r: { points: Schemas['ScoredPoint'][] }) => r.points.map((p) => p.id);

/** Collection with a 4-d dense vector and an IDF sparse vector. */
async function hybrid(base: string, distance: 'Cosine' | 'Dot' = 'Cosine'): Promise<string> {
  const name = t.name(base);
  await t.client.createCollection(name, {
    vectors: { dense: { size: 4, distance } },
    sparse_vectors: { sparse: { modifier: 'idf' } },
  });
  return name;
}

describe('collections', () => {
  test('version check, create, exists, list, info, delete', async () => {
    const v = await t.client.versionInfo();
    assert.match(v.version, /^1\./);
    const name = t.name('coll');
    assert.equal(await t.client.createCollection(name, { vectors: { size: 3, distance: 'Dot' } }), true);
    assert.deepEqual(await t.client.collectionExists(name), { exists: true });
    const list = await t.client.getCollections();
    assert.ok(list.collections.some((c) => c.name === name));
    const info = await t.client.getCollection(name);
    assert.equal(info.status, 'green');
    assert.equal(info.points_count, 0);
    assert.deepEqual(info.config.params.vectors, { size: 3, distance: 'Dot' });
    assert.equal(await t.client.deleteCollection(name), true);
    assert.equal(await t.client.deleteCollection(name), false);
    assert.deepEqual(await t.client.collectionExists(name), { exists: false });
  });

  test('missing collection is 404 and an existing one is 409, with Qdrant messages', async () => {
    const missing = t.name('missing');
    const e1 = await apiError(t.client.getCollection(missing));
    assert.equal(e1.status, 404);
    assert.equal(e1.error, `Not found: Collection \`${missing}\` doesn't exist!`);
    const e2 = await apiError(t.client.query(missing, { query: [1, 2] }));
    assert.equal(e2.status, 404);
    const name = t.name('dup');
    await t.client.createCollection(name, { vectors: { size: 2, distance: 'Cosine' } });
    const e3 = await apiError(t.client.createCollection(name, { vectors: { size: 2, distance: 'Cosine' } }));
    assert.equal(e3.status, 409);
    assert.equal(e3.error, `Wrong input: Collection \`${name}\` already exists!`);
  });

  test('payload index is recorded in payload_schema', async () => {
    const name = await hybrid('index');
    await t.client.upsert(name, {
      points: [{ id: 1, vector: { dense: [1, 0, 0, 0] }, payload: { doc_id: 'a.md' } }],
    });
    const r = await t.client.createPayloadIndex(name, {
      field_name: 'doc_id',
      field_schema: 'keyword',
      wait: true,
    });
    assert.equal(r.status, 'completed');
    const info = await t.client.getCollection(name);
    assert.equal(info.payload_schema.doc_id?.data_type, 'keyword');
    assert.equal(info.payload_schema.doc_id?.points, 1);
  });
});

describe('points', () => {
  test('upsert replaces a point whole; retrieve; batch form; vectors may be omitted', async () => {
    const name = await hybrid('upsert');
    const r = await t.client.upsert(name, {
      points: [
        {
          id: 1,
          vector: { dense: [1, 0, 0, 0], sparse: { indices: [1], values: [1] } },
          payload: { a: 1, b: 2 },
        },
        { id: U1, vector: { sparse: { indices: [7], values: [0.5] } }, payload: { a: 3 } },
      ],
    });
    assert.equal(r.status, 'completed');
    await t.client.upsert(name, { points: [{ id: 1, vector: { dense: [0, 1, 0, 0] }, payload: { c: 3 } }] });
    const got = await t.client.retrieve(name, { ids: [1, U1, 999], with_vector: true });
    assert.equal(got.length, 2);
    const p1 = got.find((p) => p.id === 1);
    assert.deepEqual(p1?.payload, { c: 3 });
    assert.deepEqual(p1?.vector, { dense: [0, 1, 0, 0] });
    const pu = got.find((p) => p.id === U1);
    assert.deepEqual(pu?.vector, { sparse: { indices: [7], values: [0.5] } });

    await t.client.upsert(name, {
      batch: {
        ids: [10, 11],
        vectors: {
          dense: [
            [1, 0, 0, 0],
            [0, 0, 1, 0],
          ],
        },
        payloads: [{ x: 1 }, null],
      },
    });
    const b = await t.client.retrieve(name, { ids: [10, 11] });
    assert.deepEqual(
      b.map((p) => [p.id, p.payload]),
      [
        [10, { x: 1 }],
        [11, {}],
      ],
    );
    assert.equal((await t.client.count(name)).count, 4);
  });

  test('scroll: ascending ids, numbers before UUIDs, inclusive offset, next_page_offset', async () => {
    const name = t.name('scroll');
    await t.client.createCollection(name, { vectors: { size: 2, distance: 'Dot' } });
    await t.client.upsert(name, {
      points: [U2, 3, U1, 1, 2].map((id) => ({ id, vector: [1, 1], payload: { k: typeof id } })),
    });
    const all = await t.client.scroll(name, { limit: 10 });
    assert.deepEqual(
      all.points.map((p) => p.id),
      [1, 2, 3, U1, U2],
    );
    assert.equal(all.next_page_offset ?? null, null);
    assert.deepEqual(all.points[0]?.payload, { k: 'number' });
    assert.equal(all.points[0]?.vector, undefined);
    const page = await t.client.scroll(name, { offset: 2, limit: 2 });
    assert.deepEqual(
      page.points.map((p) => p.id),
      [2, 3],
    );
    assert.equal(page.next_page_offset, U1);
    const filtered = await t.client.scroll(name, {
      filter: { must: [{ key: 'k', match: { value: 'string' } }] },
    });
    assert.deepEqual(
      filtered.points.map((p) => p.id),
      [U1, U2],
    );
  });

  test('delete by ids and by filter; count with filter', async () => {
    const name = t.name('delete');
    await t.client.createCollection(name, { vectors: { size: 2, distance: 'Dot' } });
    await t.client.upsert(name, {
      points: [1, 2, 3, 4, 5].map((id) => ({
        id,
        vector: [id, 1],
        payload: { doc_id: id % 2 ? 'odd.md' : 'even.md' },
      })),
    });
    const odd = { must: [{ key: 'doc_id', match: { value: 'odd.md' } }] };
    assert.equal((await t.client.count(name, { filter: odd })).count, 3);
    const r = await t.client.delete(name, { filter: odd, wait: true });
    assert.equal(r.status, 'completed');
    assert.equal((await t.client.count(name)).count, 2);
    await t.client.delete(name, { points: [2], wait: true });
    const left = await t.client.scroll(name, {});
    assert.deepEqual(
      left.points.map((p) => p.id),
      [4],
    );
  });
});

describe('scoring', () => {
  test('IDF worked example from Qdrant tests (N=4, df=[3,3,1])', async () => {
    const name = t.name('idf');
    await t.client.createCollection(name, { sparse_vectors: { text: { modifier: 'idf' } } });
    const docs = [[0, 1], [0], [0, 1, 2], [1]];
    await t.client.upsert(name, {
      points: docs.map((d, id) => ({ id, vector: { text: { indices: d, values: d.map(() => 1) } } })),
    });
    const res = await t.client.query(name, {
      query: { indices: [0, 1, 2], values: [1, 1, 1] },
      using: 'text',
    });
    const score = Object.fromEntries(res.points.map((p) => [p.id, p.score]));
    const i3 = idf(4, 3);
    const i1 = idf(4, 1);
    assert.ok(approx(score[0] as number, 2 * i3), `id0 ${score[0]}`);
    assert.ok(approx(score[1] as number, i3));
    assert.ok(approx(score[2] as number, 2 * i3 + i1));
    assert.ok(approx(score[3] as number, i3));
    assert.equal(res.points[0]?.id, 2);
  });

  test('sparse without modifier is a plain dot product; zero scores are not returned', async () => {
    const name = t.name('sparse');
    await t.client.createCollection(name, { sparse_vectors: { s: {} } });
    await t.client.upsert(name, {
      points: [
        { id: 1, vector: { s: { indices: [1, 5], values: [2, 3] } } },
        { id: 2, vector: { s: { indices: [5], values: [1] } } },
        { id: 3, vector: { s: { indices: [9], values: [1] } } },
      ],
    });
    const res = await t.client.query(name, { query: { indices: [5, 1], values: [1, 0.5] }, using: 's' });
    assert.deepEqual(
      res.points.map((p) => [p.id, p.score]),
      [
        [1, 4],
        [2, 1],
      ],
    );
    const zero = await t.client.query(name, { query: { indices: [9], values: [0] }, using: 's' });
    assert.deepEqual(zero.points, []);
    const empty = await t.client.query(name, { query: { indices: [], values: [] }, using: 's' });
    assert.deepEqual(empty.points, []);
  });

  test('cosine: vectors stored normalised, score is the cosine', async () => {
    const name = await hybrid('cosine');
    await t.client.upsert(name, {
      points: [
        { id: 1, vector: { dense: [3, 4, 0, 0] } },
        { id: 2, vector: { dense: [0, 0, 0, 2] } },
      ],
    });
    const res = await t.client.query(name, { query: [1, 0, 0, 0], using: 'dense', with_vector: true });
    assert.equal(res.points[0]?.id, 1);
    assert.ok(approx(res.points[0]?.score as number, 0.6));
    const v = (res.points[0]?.vector as Record<string, number[]>).dense as number[];
    assert.ok(approx(v[0] as number, 0.6) && approx(v[1] as number, 0.8));
    assert.equal(res.points[1]?.score, 0);
  });

  test('RRF: rank 1 scores 0.5 with default k=2; k and weights', async () => {
    const name = await hybrid('rrf', 'Dot');
    await t.client.upsert(name, {
      points: [
        { id: 1, vector: { dense: [3, 0, 0, 0], sparse: { indices: [1], values: [1] } } },
        { id: 2, vector: { dense: [2, 0, 0, 0], sparse: { indices: [1], values: [3] } } },
        { id: 3, vector: { dense: [1, 0, 0, 0] } },
      ],
    });
    const prefetch = [
      { query: [1, 0, 0, 0], using: 'dense', limit: 10 },
      { query: { indices: [1], values: [1] }, using: 'sparse', limit: 10 },
    ];
    const r = await t.client.query(name, { prefetch, query: { fusion: 'rrf' } });
    const s = Object.fromEntries(r.points.map((p) => [p.id, p.score]));
    // dense order 1,2,3; sparse order 2,1
    assert.ok(approx(s[1] as number, 1 / 2 + 1 / 3));
    assert.ok(approx(s[2] as number, 1 / 3 + 1 / 2));
    assert.ok(approx(s[3] as number, 1 / 4));
    const single = await t.client.query(name, {
      prefetch: [prefetch[0]!],
      query: { fusion: 'rrf' },
      limit: 1,
    });
    assert.equal(single.points[0]?.score, 0.5);
    const k60 = await t.client.query(name, { prefetch, query: { rrf: { k: 60 } } });
    const s60 = Object.fromEntries(k60.points.map((p) => [p.id, p.score]));
    assert.ok(approx(s60[3] as number, 1 / 62));
    const w = await t.client.query(name, { prefetch, query: { rrf: { weights: [0.5, 1] } } });
    const sw = Object.fromEntries(w.points.map((p) => [p.id, p.score]));
    // weight 0.5 on the dense list: 1/((pos+1)/0.5 + 1); the sparse list now decides the order
    assert.ok(approx(sw[2] as number, 1 / 5 + 1 / 2));
    assert.ok(approx(sw[1] as number, 1 / 3 + 1 / 3));
    assert.deepEqual(ids(w), [2, 1, 3]);
    const bad = await apiError(t.client.query(name, { prefetch, query: { rrf: { weights: [1] } } }));
    assert.equal(bad.status, 400);
    assert.match(bad.error, /Number of weights in RRF should match number of pre-fetches/);
  });

  test('DBSF: mean ± 3 sample standard deviations per list', async () => {
    const name = await hybrid('dbsf', 'Dot');
    await t.client.upsert(name, {
      points: [
        { id: 1, vector: { dense: [3, 0, 0, 0], sparse: { indices: [1], values: [1] } } },
        { id: 2, vector: { dense: [2, 0, 0, 0] } },
        { id: 3, vector: { dense: [1, 0, 0, 0] } },
      ],
    });
    const r = await t.client.query(name, {
      prefetch: [
        { query: [1, 0, 0, 0], using: 'dense' },
        { query: { indices: [1], values: [1] }, using: 'sparse' },
      ],
      query: { fusion: 'dbsf' },
    });
    // dense scores 3,2,1: mean 2, sample sd 1 -> low -1, high 5; sparse list has one element -> 0.5
    const s = Object.fromEntries(r.points.map((p) => [p.id, p.score]));
    assert.ok(approx(s[1] as number, 4 / 6 + 0.5));
    assert.ok(approx(s[2] as number, 3 / 6));
    assert.ok(approx(s[3] as number, 2 / 6));
  });

  test('score_threshold: strict for nearest, inclusive for fusion', async () => {
    const name = await hybrid('threshold', 'Dot');
    await t.client.upsert(name, {
      points: [
        { id: 1, vector: { dense: [2, 0, 0, 0] } },
        { id: 2, vector: { dense: [1, 0, 0, 0] } },
      ],
    });
    const near = await t.client.query(name, { query: [1, 0, 0, 0], using: 'dense', score_threshold: 1 });
    assert.deepEqual(ids(near), [1]);
    const fused = await t.client.query(name, {
      prefetch: [{ query: [1, 0, 0, 0], using: 'dense' }],
      query: { fusion: 'rrf' },
      score_threshold: 1 / 3,
    });
    assert.deepEqual(ids(fused), [1, 2]);
  });

  test('root filter is propagated into prefetches', async () => {
    const name = await hybrid('propagate', 'Dot');
    await t.client.upsert(name, {
      points: [1, 2, 3, 4].map((id) => ({
        id,
        vector: { dense: [10 - id, 0, 0, 0] },
        payload: { place: id <= 2 ? '深圳市' : '广州市' },
      })),
    });
    // Prefetch limit 2 would return only ids 1,2 unfiltered; with the filter pushed down it returns 3,4.
    const r = await t.client.query(name, {
      prefetch: [{ query: [1, 0, 0, 0], using: 'dense', limit: 2 }],
      query: { fusion: 'rrf' },
      filter: { must: [{ key: 'place', match: { value: '广州市' } }] },
    });
    assert.deepEqual(ids(r), [3, 4]);
  });

  test('limit/offset, with_payload include/exclude, no query orders by id, query batch', async () => {
    const name = await hybrid('paging', 'Dot');
    await t.client.upsert(name, {
      points: [1, 2, 3, 4, 5].map((id) => ({
        id,
        vector: { dense: [id, 0, 0, 0] },
        payload: { a: id, b: 'x' },
      })),
    });
    const r = await t.client.query(name, { query: [1, 0, 0, 0], using: 'dense', limit: 2, offset: 1 });
    assert.deepEqual(ids(r), [4, 3]);
    assert.equal(r.points[0]?.payload, undefined);
    const inc = await t.client.query(name, {
      query: [1, 0, 0, 0],
      using: 'dense',
      limit: 1,
      with_payload: ['a'],
    });
    assert.deepEqual(inc.points[0]?.payload, { a: 5 });
    const exc = await t.client.query(name, {
      query: [1, 0, 0, 0],
      using: 'dense',
      limit: 1,
      with_payload: { exclude: ['a'] },
    });
    assert.deepEqual(exc.points[0]?.payload, { b: 'x' });
    const byId = await t.client.query(name, { limit: 3 });
    assert.deepEqual(ids(byId), [1, 2, 3]);
    const batch = await t.client.queryBatch(name, {
      searches: [
        { query: [1, 0, 0, 0], using: 'dense', limit: 1 },
        { query: [-1, 0, 0, 0], using: 'dense', limit: 1 },
      ],
    });
    assert.deepEqual(
      batch.map((b) => ids(b)),
      [[5], [1]],
    );
  });
});

describe('filters', () => {
  test('match value/any/except, range, is_empty, is_null, has_id, nested filter, min_should', async () => {
    const name = t.name('filters');
    await t.client.createCollection(name, { vectors: { size: 2, distance: 'Dot' } });
    const payloads: Record<number, Record<string, unknown>> = {
      1: { city: '深圳市', n: 1, tags: ['a', 'b'], note: null },
      2: { city: '广州市', n: 5, tags: [] },
      3: { city: '北京市', n: 10, tags: ['b'] },
      4: { n: 7.5 },
    };
    await t.client.upsert(name, {
      points: Object.entries(payloads).map(([id, payload]) => ({ id: Number(id), vector: [1, 0], payload })),
    });
    const q = async (filter: Schemas['Filter']) =>
      (await t.client.scroll(name, { filter, with_payload: false })).points.map((p) => p.id);
    assert.deepEqual(await q({ must: [{ key: 'city', match: { value: '深圳市' } }] }), [1]);
    assert.deepEqual(await q({ must: [{ key: 'city', match: { any: ['深圳市', '北京市'] } }] }), [1, 3]);
    assert.deepEqual(await q({ must: [{ key: 'city', match: { except: ['深圳市'] } }] }), [2, 3]);
    assert.deepEqual(await q({ must: [{ key: 'tags', match: { value: 'b' } }] }), [1, 3]);
    assert.deepEqual(await q({ must: [{ key: 'n', range: { gt: 1, lte: 7.5 } }] }), [2, 4]);
    assert.deepEqual(await q({ must: [{ is_empty: { key: 'tags' } }] }), [2, 4]);
    assert.deepEqual(await q({ must: [{ is_null: { key: 'note' } }] }), [1]);
    assert.deepEqual(await q({ must: [{ has_id: [2, 4, 99] }] }), [2, 4]);
    assert.deepEqual(await q({ must_not: [{ key: 'city', match: { value: '深圳市' } }] }), [2, 3, 4]);
    assert.deepEqual(
      await q({
        should: [
          { key: 'n', range: { gte: 10 } },
          {
            must: [
              { key: 'city', match: { value: '广州市' } },
              { key: 'n', range: { lt: 6 } },
            ],
          },
        ],
      }),
      [2, 3],
    );
    assert.deepEqual(
      await q({
        min_should: {
          conditions: [
            { key: 'tags', match: { value: 'b' } },
            { key: 'n', range: { lt: 6 } },
            { key: 'city', match: { value: '深圳市' } },
          ],
          min_count: 2,
        },
      }),
      [1],
    );
    const e = await apiError(
      t.client.scroll(name, { filter: { must: [{ key: 'city' } as Schemas['FieldCondition']] } }),
    );
    assert.equal(e.status, 422);
    assert.match(e.error, /^Validation error in JSON body: .*At least one field condition must be specified/);
  });
});

describe('datetime range', () => {
  test('RFC 3339 bounds against date, naive and zoned payload strings; non-dates never match', async () => {
    const name = t.name('dates');
    await t.client.createCollection(name, { vectors: { size: 2, distance: 'Dot' } });
    await t.client.createPayloadIndex(name, { field_name: 'date', field_schema: 'datetime', wait: true });
    const payloads: Record<number, Record<string, unknown>> = {
      1: { date: '2023-10-20' },
      2: { date: '2023-10-31 23:30:00' },
      3: { date: '2023-11-01T06:00:00+08:00' },
      4: { date: '2023-11-01' },
      5: { date: '2023-09-30T23:59:59Z' },
      6: {},
    };
    await t.client.upsert(name, {
      wait: true,
      points: Object.entries(payloads).map(([id, payload]) => ({ id: Number(id), vector: [1, 0], payload })),
    });
    const q = async (range: Schemas['DatetimeRange']) =>
      (
        await t.client.scroll(name, { filter: { must: [{ key: 'date', range }] }, with_payload: false })
      ).points.map((p) => p.id);
    // 2023-11-01T06:00+08:00 is 2023-10-31T22:00Z: in October.
    assert.deepEqual(await q({ gte: '2023-10-01T00:00:00Z', lt: '2023-11-01T00:00:00Z' }), [1, 2, 3]);
    assert.deepEqual(await q({ gte: '2023-10-01', lt: '2023-11-01' }), [1, 2, 3]);
    assert.deepEqual(await q({ gt: '2023-10-31T23:00:00+08:00' }), [2, 3, 4]);
    assert.deepEqual(await q({ lte: '2023-09-30 23:59:59' }), [5]);
    const e = await apiError(
      t.client.scroll(name, { filter: { must: [{ key: 'date', range: { gte: 'October 2023' } }] } }),
    );
    assert.equal(e.status, 400);
  });
});

describe('errors', () => {
  test('wrong dimension, unknown vector name, bad ids', async () => {
    const name = await hybrid('errors');
    const dim = await apiError(t.client.upsert(name, { points: [{ id: 1, vector: { dense: [1, 2, 3] } }] }));
    assert.equal(dim.status, 400);
    assert.equal(dim.error, 'Wrong input: Vector dimension error: expected dim: 4, got 3');
    const qdim = await apiError(t.client.query(name, { query: [1, 2, 3], using: 'dense' }));
    assert.equal(qdim.status, 400);
    assert.equal(qdim.error, 'Wrong input: Vector dimension error: expected dim: 4, got 3');
    const unk = await apiError(t.client.query(name, { query: [1, 2, 3, 4], using: 'nope' }));
    assert.equal(unk.status, 400);
    assert.equal(unk.error, 'Wrong input: Not existing vector name error: nope');
    const bad = await apiError(
      t.client.upsert(name, { points: [{ id: '123', vector: { dense: [1, 2, 3, 4] } }] }),
    );
    assert.equal(bad.status, 400);
    assert.match(
      bad.error,
      /^Format error in JSON body: value "123" is not a valid point ID, valid values are either an unsigned integer or a UUID/,
    );
  });

  test('invalid sparse vectors and validation errors are 422', async () => {
    const name = await hybrid('sparse422');
    const dup = await apiError(
      t.client.upsert(name, { points: [{ id: 1, vector: { sparse: { indices: [1, 1], values: [1, 2] } } }] }),
    );
    assert.equal(dup.status, 422);
    assert.match(dup.error, /points\[0\]\.vector\.\?\.indices: Validation error: must be unique/);
    const len = await apiError(
      t.client.upsert(name, { points: [{ id: 1, vector: { sparse: { indices: [1, 2], values: [1] } } }] }),
    );
    assert.equal(len.status, 422);
    assert.match(len.error, /values: Validation error: must be the same length as indices/);
    const lim = await apiError(t.client.query(name, { query: [1, 0, 0, 0], using: 'dense', limit: 0 }));
    assert.equal(lim.status, 422);
    assert.equal(
      lim.error,
      'Validation error in JSON body: [internal.limit: value 0 invalid, must be 1 or larger]',
    );
    const pre = await apiError(t.client.query(name, { prefetch: [{ query: [1, 0, 0, 0], using: 'dense' }] }));
    assert.equal(pre.status, 400);
    assert.equal(
      pre.error,
      "Bad request: A query is needed to merge the prefetches. Can't have prefetches without defining a query.",
    );
    const thr = await apiError(t.client.query(name, { score_threshold: 0.5 }));
    assert.equal(thr.status, 400);
    assert.match(thr.error, /^Bad request: A query is needed to use the score_threshold/);
  });

  test('malformed JSON is 400; non-finite numbers are rejected', async () => {
    const name = await hybrid('malformed');
    const r = await rawRequest(t, 'PUT', `/collections/${name}/points?wait=true`, '{"points": [');
    assert.equal(r.status, 400);
    assert.match(String((r.json.status as { error: string }).error), /^Format error in JSON body/);
    const inf = await rawRequest(
      t,
      'PUT',
      `/collections/${name}/points?wait=true`,
      '{"points":[{"id":1,"vector":{"dense":[1e999,0,0,0]}}]}',
    );
    assert.equal(inf.status, 400);
    assert.equal((await t.client.count(name)).count, 0);
  });
});

describe('filter typos', () => {
  test('an unknown key in a filter or condition is rejected, not treated as match-all', async () => {
    const name = t.name('typo');
    await t.client.createCollection(name, { vectors: { size: 2, distance: 'Dot' } });
    await t.client.upsert(name, { points: [{ id: 1, vector: [1, 1], payload: { a: 1 } }] });
    const e1 = await apiError(t.client.count(name, { filter: { must_nt: [] } as Schemas['Filter'] }));
    assert.equal(e1.status, 400);
    assert.match(e1.error, /^Format error in JSON body/);
    const e2 = await apiError(
      t.client.delete(name, {
        wait: true,
        filter: { must: [{ keyy: 'a', match: { value: 1 } }] } as Schemas['Filter'],
      }),
    );
    assert.equal(e2.status, 400);
    assert.equal((await t.client.count(name)).count, 1);
  });
});

describe('Qdrant 1.19 behaviour', () => {
  test('scores are Qdrant f32 arithmetic printed as f32 (0.30200002, not 0.302)', async () => {
    const dot = t.name('f32dot');
    await t.client.createCollection(dot, { vectors: { size: 3, distance: 'Dot' } });
    await t.client.upsert(dot, { points: [{ id: 1, vector: [0.25, 0.25, 0.1] }] });
    // f32: 0.2·0.25 = 0.05, 1·0.25 = 0.25, 0.02·0.1 = 0.002; (0.05 + 0.25) + 0.002 rounds to 0.30200002.
    const r1 = await t.client.query(dot, { query: [0.2, 1, 0.02] });
    assert.equal(r1.points[0]?.score, 0.30200002);
    const cos = t.name('f32cos');
    await t.client.createCollection(cos, { vectors: { size: 4, distance: 'Cosine' } });
    await t.client.upsert(cos, { points: [{ id: 1, vector: [0.1, 0.7, 0, 1] }] });
    // Both sides normalised in f32 (x / sqrt(Σx²)), then an f32 dot product: 0.8999999, not 0.9.
    const r2 = await t.client.query(cos, { query: [0.6, 0.7, 0.1, 0.8] });
    assert.equal(r2.points[0]?.score, 0.8999999);
  });

  test('a very high limit returns every point', async () => {
    const name = await hybrid('highlimit');
    await t.client.upsert(name, {
      points: [1, 2, 3].map((id) => ({
        id,
        vector: { dense: [id, 1, 0, 0], sparse: { indices: [7], values: [id] } },
      })),
    });
    const limit = 2_000_000_000;
    const dense = await t.client.query(name, { query: [1, 0, 0, 0], using: 'dense', limit });
    assert.deepEqual(ids(dense), [3, 2, 1]);
    const sparse = await t.client.query(name, {
      query: { indices: [7], values: [1] },
      using: 'sparse',
      limit,
    });
    assert.deepEqual(ids(sparse), [3, 2, 1]);
    const fused = await t.client.query(name, {
      prefetch: [
        { query: [1, 0, 0, 0], using: 'dense', limit },
        { query: { indices: [7], values: [1] }, using: 'sparse', limit },
      ],
      query: { fusion: 'rrf' },
      limit,
    });
    assert.equal(fused.points.length, 3);
  });

  test('nested payload selectors: include and exclude through arrays (a[].b)', async () => {
    const name = t.name('selectors');
    await t.client.createCollection(name, { vectors: { size: 2, distance: 'Dot' } });
    const payload = {
      region: {
        title: 'Lakeside',
        seat: 'Harbourtown',
        towns: [
          { title: 'Harbourtown', people: 12.5, tags: ['pier', 'market'] },
          { title: 'Millbrook', people: 3.25, tags: ['mill'] },
        ],
      },
      kind: 'demo',
    };
    await t.client.upsert(name, { points: [{ id: 1, vector: [1, 0], payload }] });
    const sel = async (with_payload: Schemas['WithPayloadInterface']) =>
      (await t.client.scroll(name, { with_payload })).points[0]?.payload;
    assert.deepEqual(await sel({ include: ['region.towns[].title'] }), {
      region: { towns: [{ title: 'Harbourtown' }, { title: 'Millbrook' }] },
    });
    assert.deepEqual(await sel({ include: ['region.title', 'kind'] }), {
      region: { title: 'Lakeside' },
      kind: 'demo',
    });
    assert.deepEqual(await sel({ exclude: ['region.towns[].tags', 'kind'] }), {
      region: {
        title: 'Lakeside',
        seat: 'Harbourtown',
        towns: [
          { title: 'Harbourtown', people: 12.5 },
          { title: 'Millbrook', people: 3.25 },
        ],
      },
    });
    assert.deepEqual(await sel({ exclude: ['region.towns'] }), {
      region: { title: 'Lakeside', seat: 'Harbourtown' },
      kind: 'demo',
    });
    // The same selector on a query result.
    const q = await t.client.query(name, {
      query: [1, 0],
      with_payload: { include: ['region.towns[].people'] },
    });
    assert.deepEqual(q.points[0]?.payload, { region: { towns: [{ people: 12.5 }, { people: 3.25 }] } });
  });

  test('with_vectors: true on one unnamed vector returns the plain array', async () => {
    const plain = t.name('plainvec');
    await t.client.createCollection(plain, { vectors: { size: 3, distance: 'Dot' } });
    await t.client.upsert(plain, { points: [{ id: 1, vector: [0.5, 0.25, 2] }] });
    const body = JSON.stringify({ query: [1, 0, 0], with_vectors: true });
    const raw = await rawRequest(t, 'POST', `/collections/${plain}/points/query`, body);
    assert.equal(raw.status, 200);
    const points = (raw.json.result as { points: { vector: unknown }[] }).points;
    assert.deepEqual(points[0]?.vector, [0.5, 0.25, 2]);
    const got = await t.client.retrieve(plain, { ids: [1], with_vector: true });
    assert.deepEqual(got[0]?.vector, [0.5, 0.25, 2]);
    // An unnamed dense vector beside a sparse one: a point holding only the dense one prints it plainly too.
    const mixed = t.name('mixedvec');
    await t.client.createCollection(mixed, {
      vectors: { size: 2, distance: 'Dot' },
      sparse_vectors: { words: {} },
    });
    await t.client.upsert(mixed, {
      points: [
        { id: 1, vector: [1, 2] },
        { id: 2, vector: { '': [3, 4], words: { indices: [5], values: [1] } } },
      ],
    });
    const recs = await t.client.retrieve(mixed, { ids: [1, 2], with_vector: true });
    assert.deepEqual(recs[0]?.vector, [1, 2]);
    assert.deepEqual(recs[1]?.vector, { '': [3, 4], words: { indices: [5], values: [1] } });
  });

  test('PATCH /collections/{name}: a sparse modifier changed to none scores without IDF', async () => {
    const name = await hybrid('patch');
    await t.client.upsert(name, {
      points: [
        { id: 1, vector: { sparse: { indices: [1], values: [2] } } },
        { id: 2, vector: { sparse: { indices: [1, 2], values: [1, 1] } } },
      ],
    });
    const q = { query: { indices: [1], values: [1] }, using: 'sparse' };
    const before = await t.client.query(name, q);
    assert.ok(approx(before.points[0]?.score ?? 0, 2 * idf(2, 2)));
    assert.equal(
      await t.client.updateCollection(name, { sparse_vectors: { sparse: { modifier: 'none' } } }),
      true,
    );
    const after = await t.client.query(name, q);
    assert.equal(after.points[0]?.score, 2);
    const info = await t.client.getCollection(name);
    assert.equal(info.config.params.sparse_vectors?.sparse?.modifier, 'none');
    const unknown = await apiError(
      t.client.updateCollection(name, { sparse_vectors: { nope: { modifier: 'none' } } }),
    );
    assert.equal(unknown.status, 400);
    assert.equal(unknown.error, 'Wrong input: Not existing vector name error: nope');
    const missing = t.name('patch_missing');
    const e404 = await apiError(t.client.updateCollection(missing, { metadata: { a: 1 } }));
    assert.equal(e404.status, 404);
    assert.equal(e404.error, `Not found: Collection \`${missing}\` doesn't exist!`);
  });

  test('create collection: shard/replication/write-consistency 0 is 422, negative 400', async () => {
    for (const field of ['shard_number', 'replication_factor', 'write_consistency_factor']) {
      const zero = await apiError(
        t.client.createCollection(t.name(`${field}_zero`), {
          vectors: { size: 4, distance: 'Dot' },
          [field]: 0,
        }),
      );
      assert.equal(zero.status, 422);
      assert.equal(
        zero.error,
        `Validation error in JSON body: [${field}: value 0 invalid, must be 1 or larger]`,
      );
      const neg = await apiError(
        t.client.createCollection(t.name(`${field}_neg`), {
          vectors: { size: 4, distance: 'Dot' },
          [field]: -1,
        }),
      );
      assert.equal(neg.status, 400);
      assert.match(neg.error, /^Format error in JSON body: invalid value: integer `-1`, expected u32/);
    }
  });

  test('create collection: name length, body and query checks come before "already exists"', async () => {
    const long = await apiError(
      t.client.createCollection(`c${'x'.repeat(255)}`, { vectors: { size: 4, distance: 'Dot' } }),
    );
    assert.equal(long.status, 422);
    assert.match(long.error, /^Validation error in path parameters: \[collection_name: /);
    const tooLongGet = await apiError(t.client.getCollection('y'.repeat(300)));
    assert.equal(tooLongGet.status, 422);
    assert.match(tooLongGet.error, /Validation error/);

    const name = t.name('exists');
    await t.client.createCollection(name, { vectors: { size: 4, distance: 'Dot' } });
    const body = await apiError(
      t.client.createCollection(name, {
        vectors: { size: 4, distance: 'Dot' },
        hnsw_config: { ef_construct: 0 },
      }),
    );
    assert.equal(body.status, 422);
    assert.match(body.error, /Validation error.*hnsw_config\.ef_construct/);
    const shard = await apiError(
      t.client.createCollection(name, { vectors: { size: 4, distance: 'Dot' }, shard_number: 0 }),
    );
    assert.equal(shard.status, 422);
    const query = await apiError(
      t.client.createCollection(name, { vectors: { size: 4, distance: 'Dot' }, timeout: 0 }),
    );
    assert.equal(query.status, 422);
    assert.match(query.error, /^Validation error in query parameters: \[timeout: value 0 invalid/);
    const dup = await apiError(t.client.createCollection(name, { vectors: { size: 4, distance: 'Dot' } }));
    assert.equal(dup.status, 409);
  });

  test('vector size limit, dense/sparse name clash, hnsw_ef 0, index with lookup and range off', async () => {
    const size = await apiError(
      t.client.createCollection(t.name('huge'), { vectors: { size: 65537, distance: 'Dot' } }),
    );
    assert.equal(size.status, 422);
    assert.equal(
      size.error,
      'Validation error in JSON body: [vectors.size: value 65537 invalid, must be from 1 to 65536]',
    );
    const named = await apiError(
      t.client.createCollection(t.name('huge_named'), { vectors: { big: { size: 70000, distance: 'Dot' } } }),
    );
    assert.equal(named.status, 422);
    assert.match(named.error, /must be from 1 to 65536/);
    const clash = await apiError(
      t.client.createCollection(t.name('clash'), {
        vectors: { text: { size: 4, distance: 'Dot' } },
        sparse_vectors: { text: {} },
      }),
    );
    assert.equal(clash.status, 400);
    assert.equal(
      clash.error,
      "Wrong input: Dense and sparse vector names must be unique - duplicate found with 'text'",
    );

    const name = await hybrid('searchparams');
    const ef = await apiError(
      t.client.query(name, { query: [1, 0, 0, 0], using: 'dense', params: { hnsw_ef: 0 } }),
    );
    assert.equal(ef.status, 422);
    assert.match(
      ef.error,
      /^Validation error in JSON body: \[.*hnsw_ef: value 0 invalid, must be 1 or larger\]/,
    );
    const ok = await t.client.query(name, { query: [1, 0, 0, 0], using: 'dense', params: { hnsw_ef: 64 } });
    assert.deepEqual(ok.points, []);
    const idx = await apiError(
      t.client.createPayloadIndex(name, {
        field_name: 'year',
        field_schema: { type: 'integer', lookup: false, range: false },
        wait: true,
      }),
    );
    assert.equal(idx.status, 422);
    assert.match(idx.error, /Validation error: the 'lookup' and 'range' capabilities can't be both disabled/);
    const info = await t.client.getCollection(name);
    assert.equal(info.payload_schema.year, undefined);
  });

  test('GET / reports title, version and commit', async () => {
    const v = await t.client.versionInfo();
    assert.equal(v.title, 'qdrant - vector search engine');
    assert.match(v.commit ?? '', /^[0-9a-f]{40}$/);
  });
});
