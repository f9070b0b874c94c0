/**
 * Range conditions answered by integer, float and datetime payload indexes (sorted values) give exactly the rows
 * a full check gives, after writes and deletes too, and combined with another indexed condition.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyMutation } from '../../src/store/embedded/api/mutation.js';
import type { Condition, Filter, RangeCond } from '../../src/store/embedded/engine/filter.js';
import type { Payload } from '../../src/store/embedded/engine/payload.js';
import { PayloadIndexes } from '../../src/store/embedded/engine/payload-index.js';
import { Storage } from '../../src/store/embedded/engine/storage.js';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

/** A collection of `n` points, with or without the payload indexes (the same data either way). */
function seeded(n: number, indexed: boolean): Storage {
  const s = new Storage();
  applyMutation(s, { type: 'create_collection', name: 'c', body: { vectors: { size: 2, distance: 'Dot' } } });
  if (indexed)
    for (const [field_name, field_schema] of [
      ['n', 'integer'],
      ['x', 'float'],
      ['date', 'datetime'],
      ['kind', 'keyword'],
    ] as const)
      applyMutation(s, { type: 'create_index', collection: 'c', body: { field_name, field_schema } });
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const base = Date.UTC(2023, 0, 1);
  const points = Array.from({ length: n }, (_, i) => ({
    id: i,
    vector: [1, 0],
    payload: {
      // Some rows hold several values, some none, some a value of another type.
      n: i % 17 === 0 ? [Math.floor(rnd() * 50), Math.floor(rnd() * 50)] : Math.floor(rnd() * 50),
      x: i % 13 === 0 ? 'not a number' : rnd() * 10,
      date: i % 11 === 0 ? undefined : i % 7 === 0 ? 'someday' : iso(base + Math.floor(rnd() * 400) * DAY),
      kind: i % 3 === 0 ? 'lead' : 'body',
    },
  }));
  applyMutation(s, { type: 'upsert', collection: 'c', body: { points } });
  return s;
}

const range = (key: string, r: Omit<RangeCond, 'datetime'>, datetime = false): Condition => ({
  kind: 'field',
  key,
  range: { ...r, datetime },
});
const filter = (...must: Condition[]): Filter => ({ must, should: [], mustNot: [] });
const lead: Condition = { kind: 'field', key: 'kind', match: { kind: 'value', value: 'lead' } };

function ranges(): Filter[] {
  const t = (d: string) => Date.parse(`${d}T00:00:00Z`);
  const out: Filter[] = [];
  for (const [lo, hi] of [
    [0, 10],
    [10, 10],
    [25, 49],
    [-5, 3],
    [49, 80],
  ] as const) {
    out.push(filter(range('n', { gte: lo, lte: hi })));
    out.push(filter(range('n', { gt: lo, lt: hi }), lead));
    out.push(filter(range('x', { gte: lo / 5, lt: hi / 5 })));
  }
  for (const [from, to] of [
    ['2023-03-01', '2023-04-01'],
    ['2023-01-01', '2024-02-05'],
    ['2023-06-15', '2023-06-16'],
    ['2025-01-01', '2025-02-01'],
  ] as const) {
    out.push(filter(range('date', { gte: t(from), lt: t(to) }, true)));
    out.push(filter(range('date', { gt: t(from), lte: t(to) }, true), lead));
  }
  out.push(filter(range('n', { gte: 20 })), filter(range('date', { lt: t('2023-02-01') }, true)));
  return out;
}

test('indexed ranges give exactly the rows a full check gives, before and after writes', () => {
  const withIdx = seeded(2000, true);
  const without = seeded(2000, false);
  const check = (when: string) => {
    for (const f of ranges()) {
      const a = withIdx.get('c').select(f).rows;
      const b = without.get('c').select(f).rows;
      assert.deepEqual([...a], [...b], `${when}: ${JSON.stringify(f.must)}`);
    }
  };
  check('as built');
  for (const s of [withIdx, without]) {
    applyMutation(s, {
      type: 'upsert',
      collection: 'c',
      body: {
        points: [
          { id: 5, vector: [1, 0], payload: { n: 10, date: '2023-03-15', kind: 'lead' } },
          {
            id: 5000,
            vector: [1, 0],
            payload: { n: [3, 40], date: '2023-06-15T12:00:00+08:00', kind: 'lead' },
          },
        ],
      },
    });
    applyMutation(s, { type: 'delete_points', collection: 'c', body: { points: [0, 1, 2, 3, 6, 9, 12] } });
  }
  check('after writes');
});

test('an integer or datetime index answers a range itself; a type it does not hold is left to the full check', () => {
  const idx = new PayloadIndexes();
  const rows: [number, Payload][] = [
    [0, { n: 1, d: '2024-05-01' }],
    [1, { n: [2, 9], d: '2024-05-20T10:00:00Z' }],
    [2, { n: 9, d: 'soon' }],
    [3, { n: 'nine' }],
  ];
  idx.create('n', 'integer', rows);
  idx.create('d', 'datetime', rows);
  const live = () => rows;
  const sorted = (c: Condition) => {
    const got = idx.candidates(c, live);
    // A row with several values in the range may be listed more than once.
    return got === undefined ? undefined : [...new Set(got)].sort();
  };
  assert.deepEqual(sorted(range('n', { gte: 2, lte: 9 })), [1, 2]);
  assert.deepEqual(sorted(range('n', { gt: 2 })), [1, 2]);
  assert.deepEqual(sorted(range('n', { lt: 1 })), []);
  const may = range(
    'd',
    { gte: Date.parse('2024-05-01T00:00:00Z'), lt: Date.parse('2024-06-01T00:00:00Z') },
    true,
  );
  assert.deepEqual(sorted(may), [0, 1]);
  // A numeric range on a datetime index, a date-time range on an integer one: not the index's to answer.
  assert.equal(idx.candidates(range('d', { gte: 0 }), live), undefined);
  assert.equal(idx.candidates(range('n', { gte: 0 }, true), live), undefined);
  // Written rows are seen by the next range.
  rows.push([4, { n: 5, d: '2024-05-31' }]);
  idx.add(4, rows[4]?.[1]);
  assert.deepEqual(sorted(range('n', { gte: 5, lt: 6 })), [4]);
  assert.deepEqual(sorted(may), [0, 1, 4]);
});
