import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as OpenCC from 'opencc-js';
import { convertibleChars } from '../../src/text/convertible.js';
import { simplify, simplifyAlways } from '../../src/text/normalize.js';

const set = convertibleChars(OpenCC.Locale, ['hk2s', 'tw2s']);

test('simplified text skips the conversion, traditional text does not', () => {
  // 台, 户, 群, 温, 才 are traditional-variant keys that come straight back: no conversion needed.
  assert.equal(set.hits('政协平台联系群众，住户温度才是关键'), false);
  assert.equal(set.hits('嘉峪關市政協'), true);
  assert.equal(set.hits('显著'), true, '著 becomes 着: the text must be converted');
  assert.equal(set.hits('什么'), true, '么 alone becomes 幺');
});

test('simplify gives exactly what OpenCC gives, with or without traditional characters', () => {
  const samples = [
    '張掖市政協主席是誰？',
    '政协委员深入基层，倾听群众呼声。',
    '显著提升',
    '反覆研究',
    '允秘',
    '吃口饭',
    '台山市、天台县的住户',
    '么',
    '一坏土',
    '𠮷野家 𡘙 ｢引号｣',
    '',
  ];
  for (const s of samples) assert.equal(simplify(s), simplifyAlways(s), s);
});

test('every dictionary key without a convertible character converts to itself', () => {
  // The set's claim, checked on the converter: a key of any dictionary the conversions load, alone and next to
  // another, stays as it is when it holds none of the set's characters.
  const keys = new Set<string>();
  for (const name of ['hk2s', 'tw2s']) {
    const c = OpenCC.Locale.configs?.[name] as { conversionChain: readonly (readonly unknown[])[] };
    for (const d of c.conversionChain.flat()) {
      const pairs = typeof d === 'string' ? d.split('|').map((l) => l.split(' ')) : (d as string[][]);
      for (const [k] of pairs) if (k) keys.add(k);
    }
  }
  let checked = 0;
  let prev = '台';
  for (const k of keys) {
    if (set.hits(k)) continue;
    checked++;
    assert.equal(simplifyAlways(k), k, k);
    assert.equal(simplifyAlways(prev + k), prev + k, prev + k);
    prev = k;
  }
  assert.ok(checked > 500, `${checked} keys checked`);
});
