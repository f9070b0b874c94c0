import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMostlyLatin, normalizeForMatch, normalizeQuery } from '../../src/text/normalize.js';

test('traditional questions become simplified', () => {
  assert.equal(normalizeQuery('張掖市政協主席是誰？'), '张掖市政协主席是谁?');
});

test('match normalisation folds width and drops whitespace', () => {
  assert.equal(
    normalizeForMatch('到位资金160.4亿元，\n同比 增长'),
    normalizeForMatch('到位资金160.4亿元,同比增长'.replace(',', '，')),
  );
  assert.equal(normalizeForMatch('ＡＢ１２'), 'AB12');
});

test('English questions are recognised', () => {
  assert.ok(isMostlyLatin("Which city's CPPCC is chaired by Wang Ming?"));
  assert.ok(!isMostlyLatin('金昌 新材料+ 产业发展基金'));
});
