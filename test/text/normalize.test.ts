import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMostlyLatin, normalizeForMatch, normalizeQuery } from '../../src/text/normalize.js';

test('traditional questions become simplified', () => {
  assert.equal(normalizeQuery('嘉峪關市政協主席是誰？'), '嘉峪关市政协主席是谁?');
});

test('match normalisation folds width and drops whitespace', () => {
  assert.equal(
    normalizeForMatch('到位资金160.4亿元，\n同比 增长'),
    normalizeForMatch('到位资金160.4亿元,同比增长'.replace(',', '，')),
  );
  assert.equal(normalizeForMatch('ＡＢ１２'), 'AB12');
});

test('English questions are recognised', () => {
  assert.ok(isMostlyLatin("Which province's CPPCC is chaired by Tian Xiangli?"));
  assert.ok(!isMostlyLatin('白银 化学+ 产业投资基金'));
});

test('the match form stays right for a text seen before and after many others (memoised, bounded)', () => {
  assert.equal(normalizeForMatch('第１段\u3000文字'), '第1段文字');
  for (let i = 0; i < 25_000; i++) assert.equal(normalizeForMatch(`段落 ${i}\u3000号`), `段落${i}号`);
  assert.equal(normalizeForMatch('第１段\u3000文字'), '第1段文字');
  assert.equal(normalizeForMatch('第2段 文字'), '第2段文字');
});
