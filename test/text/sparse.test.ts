import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentVector, queryVector, termId } from '../../src/text/sparse.js';
import { tokenize } from '../../src/text/tokenize.js';

test('tokens drop punctuation and question words but keep names and numbers', () => {
  const t = tokenize('酒泉市招商引资到位资金同比增长了多少？215.6%');
  assert.ok(t.includes('酒泉'));
  assert.ok(t.includes('酒泉市'));
  assert.ok(t.includes('招商引资'));
  assert.ok(!t.includes('多少'));
  assert.ok(!t.includes('？') && !t.includes('?'));
});

test('traditional and simplified text give the same terms', () => {
  assert.deepEqual(queryVector('嘉峪關市政協'), queryVector('嘉峪关市政协'));
});

test('a query term hits the same id as the document term', () => {
  const doc = documentVector('鸡东镇荣华村484户农民搬进新楼房');
  const q = queryVector('荣华村');
  const shared = q.indices.filter((i) => doc.indices.includes(i));
  assert.ok(shared.includes(termId('荣华')), 'the place name is the shared term');
});

test('term ids are 32-bit FNV-1a, stable across runs (ids already stored in Qdrant stay valid)', () => {
  // Published FNV-1a test vectors.
  assert.equal(termId('a'), 0xe40c292c);
  assert.equal(termId('foobar'), 0xbf9cf968);
});

test('sparse vectors have unique sorted indices and BM25-saturated values', () => {
  const v = documentVector('政协 政协 政协 委员');
  assert.deepEqual(
    [...v.indices].sort((a, b) => a - b),
    v.indices,
  );
  assert.equal(new Set(v.indices).size, v.indices.length);
  const pos = v.indices.indexOf(termId('政协'));
  const once = v.indices.indexOf(termId('委员'));
  const tf3 = v.values[pos] ?? 0;
  const tf1 = v.values[once] ?? 0;
  assert.ok(tf3 > tf1 && tf3 < 3 * tf1, 'repeats count, but saturate');
});
