import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractiveAnswer } from '../../src/rag/extractive.js';
import { checkRefusal } from '../../src/rag/refusal.js';
import type { Passage } from '../../src/rag/retrieve.js';
import type { WeightedTerm } from '../../src/rag/term-weights.js';
import { queryTerms } from '../../src/rag/retrieve.js';
import { detectPlaces } from '../../src/text/places.js';

function passage(rank: number, paragraphs: string[], extra: Partial<Passage> = {}): Passage {
  return {
    pointId: `p${rank}`,
    articleId: `a${rank}`,
    title: `文章${rank}`,
    docId: 'd',
    source: 's',
    paragraphCount: paragraphs.length,
    places: [],
    paragraphs: paragraphs.map((_, i) => i + 1),
    paragraphTexts: paragraphs,
    paragraphPoints: paragraphs.map(() => `p${rank}`),
    text: paragraphs.join('\n'),
    rank,
    fused: 1 / (rank + 1),
    ...extra,
  };
}

/** Uniform IDF is enough to test the choice of sentence. */
const terms = (q: string, absent: string[] = []): WeightedTerm[] =>
  queryTerms(q).map((term) => {
    const idf = absent.includes(term) ? 6 : 2;
    return { term, idf, weight: idf, absent: absent.includes(term) };
  });

const report = passage(1, [
  '苏州市政协召开专题协商会，围绕古城保护建言献策。',
  '委员张立群建议，设立古城保护专项基金。专项基金规模为2亿元，引导社会资本参与老宅修缮。',
]);

test('a "how much" question quotes the sentence holding the figure, with a citation to its paragraph', () => {
  const q = '古城保护专项基金规模是多少？';
  const a = extractiveAnswer(terms(q), [report], 'number');
  assert.ok(a);
  assert.match(a.text, /^报道原文：\n?“专项基金规模为2亿元/);
  assert.equal(a.citations.length, 1);
  const c = a.citations[0];
  assert.ok(c);
  assert.deepEqual(c.paragraphs, [2]);
  assert.ok(c.quote && c.paragraphTexts[0]?.includes(c.quote));
  assert.match(a.text, /”\[1\]/);
});

test('a question whose distinctive terms are missing is refused although common words match', () => {
  const q = '重庆市政协今年召开了几次常委会会议？';
  const t = terms(q, ['重庆', '重庆市']);
  const check = checkRefusal(t, [report], detectPlaces(q));
  assert.equal(check.refused, true);
});

test('an answerable question is not refused', () => {
  const q = '苏州市政协委员张立群建议设立什么基金？';
  const check = checkRefusal(
    terms(q),
    [passage(1, report.paragraphTexts, { places: ['江苏省', '苏州市'] })],
    detectPlaces(q),
  );
  assert.equal(check.refused, false);
  assert.ok(check.coverage > 0.8);
});

test('no passages: refused', () => {
  assert.equal(checkRefusal(terms('任何问题'), [], []).refused, true);
});

test('quotes start after the dateline and keep "X建议：" with what follows', async () => {
  const { sentenceUnits } = await import('../../src/rag/extractive.js');
  const para = '本报讯（记者 马骏）12月5日，兰州市政协召开会议。市政协常委马永福建议：加快建设生态廊道。';
  const units = sentenceUnits(para);
  assert.deepEqual(units, ['12月5日，兰州市政协召开会议。', '市政协常委马永福建议：加快建设生态廊道。']);
  assert.ok(units.every((u) => para.includes(u)));
});
