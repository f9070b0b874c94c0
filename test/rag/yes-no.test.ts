import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryTerms } from '../../src/rag/retrieve.js';
import type { WeightedTerm } from '../../src/rag/term-weights.js';
import { verdictFor, verdictLead } from '../../src/rag/yes-no.js';

const terms = (q: string): WeightedTerm[] =>
  queryTerms(q).map((term) => ({ term, idf: 2, weight: 2, absent: false }));

test('a 吗 question is answered 是的 only when a sentence states the proposition', () => {
  const q = '暴雨导致码头停止作业吗？';
  const v = verdictFor(q, terms(q), '当地时间8月2日，暴雨袭击了内河码头，导致码头停止作业。');
  assert.ok(v);
  assert.equal(v.yes, true);
  assert.equal(verdictLead(v, 'zh'), '是的。');
  assert.equal(verdictLead(v, 'en'), 'Yes. ');
});

test('a negated sentence never gives 是: it gives 不是, and 有没有 is answered 没有', () => {
  const q = '水库泄洪导致下游航道停航吗？';
  const v = verdictFor(q, terms(q), '航运部门表示，青石水库此次泄洪没有导致下游航道停航。');
  assert.ok(v);
  assert.equal(v.yes, false);
  assert.equal(verdictLead(v, 'zh'), '不是。');
  const q2 = '水库泄洪有没有导致下游航道停航？';
  const v2 = verdictFor(q2, terms(q2), '青石水库此次泄洪未导致下游航道停航。');
  assert.ok(v2);
  assert.equal(verdictLead(v2, 'zh'), '没有。');
});

test('words that only look negative ("不断", "无人机") do not flip the verdict', () => {
  const q = '无人机袭扰导致码头停止作业吗？';
  const v = verdictFor(q, terms(q), '无人机不断袭扰码头，导致码头停止作业。');
  assert.equal(v?.yes, true);
});

test('a sentence holding only part of the question gets no verdict at all', () => {
  const q = '甲亢患者应该避免食用海带吗？';
  assert.equal(verdictFor(q, terms(q), '一级：海带、紫菜、海蜇等。'), undefined);
});
