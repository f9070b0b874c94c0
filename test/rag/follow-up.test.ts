import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CARRIED_FACTOR, discountCarried, preferHeadlined } from '../../src/rag/follow-up.js';
import type { Passage } from '../../src/rag/retrieve.js';

const passage = (title: string, rank: number): Passage => ({
  pointId: `p${rank}`,
  articleId: title,
  title,
  docId: 'd',
  source: 's',
  paragraphCount: 1,
  places: [],
  paragraphs: [1],
  paragraphTexts: ['…'],
  paragraphPoints: [`p${rank}`],
  text: '…',
  rank,
  fused: 1 / rank,
});

test('passages headed by the body a follow-up is about come first, short and full names alike', () => {
  const ps = [
    passage('宁波市召开科技创新大会', 1),
    passage('宁波市商务局：打造会展名城', 2),
    passage('宁波市工业和信息化局：推动数字化改造', 3),
  ];
  const out = preferHeadlined(ps, ['工信局']);
  assert.deepEqual(
    out.map((p) => p.title),
    ['宁波市工业和信息化局：推动数字化改造', '宁波市召开科技创新大会', '宁波市商务局：打造会展名城'],
  );
  assert.deepEqual(
    out.map((p) => p.rank),
    [1, 2, 3],
  );
  assert.equal(preferHeadlined(ps, []), ps);
});

test('in a swap, terms only the carried-over words hold weigh less than the ones the user typed', () => {
  const terms = [
    { term: '工信局', idf: 3, absent: false, weight: 3 },
    { term: '计划', idf: 2, absent: false, weight: 2 },
  ];
  const out = discountCarried(terms, '工信局');
  assert.equal(out[0]?.weight, 3);
  assert.equal(out[1]?.weight, 2 * CARRIED_FACTOR);
  assert.equal(discountCarried(terms, undefined), terms);
});
