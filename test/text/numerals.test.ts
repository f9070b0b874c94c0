import assert from 'node:assert/strict';
import { test } from 'node:test';
import { smallNumber } from '../../src/text/numerals.js';

test('small numbers in digits and in Chinese numerals, as months and editions print them', () => {
  const cases: [string, number][] = [
    ['3', 3],
    ['12', 12],
    ['三', 3],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    // Tens: 二十 is twenty, not 2 + 10.
    ['二十', 20],
    ['二十三', 23],
  ];
  for (const [s, n] of cases) assert.equal(smallNumber(s), n, s);
});

test('anything else is no number', () => {
  for (const s of ['', '第三', '三四', '十十', 'x1', '百']) assert.ok(Number.isNaN(smallNumber(s)), s);
});
