import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lastJsonLine, parseCheck, runGate } from '../../src/eval/gate.js';

const output = [
  'type  n  hit@5',
  'all   3  0.9',
  JSON.stringify({
    non_english: { 'hit@5': 0.9 },
    by_type: { negative: { refusal: 1 } },
    overall: { false_refusals: 0.1 },
  }),
].join('\n');

test('the gate passes when every figure is within its limit', () => {
  const checks = [
    'non_english.hit@5>=0.85',
    'by_type.negative.refusal>=1',
    'overall.false_refusals<=0.1',
  ].map(parseCheck);
  assert.deepEqual(runGate(lastJsonLine(output), checks), []);
});

test('the gate names the figure that fell below its floor, and missing figures', () => {
  const failures = runGate(lastJsonLine(output), [
    parseCheck('non_english.hit@5>=0.95'),
    parseCheck('overall.must>=0.8'),
  ]);
  assert.equal(failures.length, 2);
  assert.match(failures[0] ?? '', /non_english\.hit@5 = 0\.9, expected >= 0\.95/);
  assert.match(failures[1] ?? '', /overall\.must: missing/);
});

test('a malformed check is rejected', () => {
  assert.throws(() => parseCheck('hit@5 > 0.9'), /bad check/);
});
