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
