import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  citationsValid,
  citesGold,
  outOfPeriod,
  containsGold,
  coverage,
  firstHit,
  hitAt,
  mrrAt,
  mustOk,
  percentile,
} from '../../src/eval/metrics.js';
import type { Citation } from '../../src/types.js';

test('gold matching ignores whitespace and full-width forms', () => {
  assert.ok(containsGold('累计到位资金160.4亿元，同比\n增长327.2%', ['到位资金160.4亿元,同比增长327.2%']));
  assert.ok(!containsGold('同比增长27.2%', ['同比增长327.2%']));
});

test('first hit counts gold text or a gold document id, within k', () => {
  const items = [
    { text: '无关段落', docId: 'a' },
    { text: '另一个段落', docId: 'b' },
    { text: '连续9年举办论坛', docId: 'c' },
  ];
  assert.equal(firstHit(items, ['连续9年举办']), 3);
  assert.equal(firstHit(items, ['不存在'], ['b']), 2);
  assert.equal(firstHit(items, ['连续9年举办'], [], 2), undefined);
});

test('hit@k and mrr@10 over ranks', () => {
  const ranks = [1, 3, undefined, 12];
  assert.equal(hitAt(ranks, 1), 0.25);
  assert.equal(hitAt(ranks, 3), 0.5);
  assert.equal(hitAt(ranks, 10), 0.5);
  assert.equal(mrrAt(ranks, 10), (1 + 1 / 3) / 4);
});

test('coverage is the share of gold strings in the context', () => {
  assert.equal(coverage(['甲乙丙', '丁戊'], ['乙丙', '戊', '己']), 2 / 3);
});

test('must needs every string', () => {
  assert.ok(mustOk('报道原文：“同比增长327.2%”[1]', ['327.2']));
  assert.ok(!mustOk('报道原文：“同比增长”[1]', ['327.2', '增长']));
});

test('a citation is valid only for a retrieved paragraph whose text holds the quote', () => {
  const base: Citation = {
    n: 1,
    pointId: 'p',
    articleId: 'a1',
    title: 't',
    docId: 'd',
    source: 's',
    paragraphs: [2],
    paragraphTexts: ['第二段，含引文。'],
    paragraphCount: 3,
    quote: '含引文。',
  };
  const ctx = [{ articleId: 'a1', n: 2, text: '第二段，含引文。' }];
  assert.ok(citationsValid([base], ctx));
  assert.ok(!citationsValid([{ ...base, quote: '编造的句子' }], ctx));
  assert.ok(!citationsValid([{ ...base, paragraphs: [3] }], ctx));
  assert.ok(!citationsValid([{ ...base, articleId: 'a2' }], ctx));
});

test('percentiles use nearest rank', () => {
  assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
  assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95), 10);
  assert.equal(percentile([], 95), 0);
});

test('dated questions: citations outside the period or undated count; a gold report cited counts', () => {
  const c = (date: string | undefined, docId = 'a.md', text = '') => ({
    ...(date ? { date } : {}),
    docId,
    paragraphTexts: [text],
  });
  const period: [string, string] = ['2025-03-01', '2025-03-31'];
  assert.equal(outOfPeriod([c('2025-03-01'), c('2025-03-31')], period), 0);
  assert.equal(outOfPeriod([c('2025-02-28'), c('2025-04-01'), c(undefined)], period), 3);
  assert.equal(citesGold([c('2025-03-02', 'b.md')], [], ['b.md']), true);
  assert.equal(citesGold([c('2025-03-02', 'b.md')], [], ['c.md']), false);
  assert.equal(citesGold([c('2025-03-02', 'b.md', '委员建议加快管网改造')], ['管网改造'], []), true);
});
