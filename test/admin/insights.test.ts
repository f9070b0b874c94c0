import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gapKey, gapsOf, overviewOf, toCsv } from '../../src/admin/insights.js';
import { dateSpan } from '../../src/admin/service.js';
import type { QuestionEvent } from '../../src/types.js';

const ev = (
  day: string,
  question: string,
  refused: boolean,
  frontEnd = 'telegram',
  places: string[] = [],
): QuestionEvent => ({
  day,
  at: Date.parse(`${day}T12:00:00Z`),
  frontEnd,
  question,
  refused,
  places,
});

describe('console overview', () => {
  it('counts answered and refused per day (empty days too), per front end, and the most-asked places', () => {
    const o = overviewOf(
      [
        ev('2026-11-29', '青州市政协开了什么会？', false, 'telegram', ['青州市']),
        ev('2026-11-29', '火星上有政协吗', true, 'feishu'),
        ev('2026-12-01', '青州市政协视察了什么？', false, 'http', ['青州市']),
        ev('2026-12-01', '寿光市政协调研了什么？', false, 'telegram', ['寿光市']),
        ev('2026-10-01', '太早了，不在窗口内', false),
      ],
      '2026-12-01',
      4,
    );
    assert.deepEqual(
      o.days.map((d) => [d.day, d.answered, d.refused]),
      [
        ['2026-11-28', 0, 0],
        ['2026-11-29', 1, 1],
        ['2026-11-30', 0, 0],
        ['2026-12-01', 2, 0],
      ],
    );
    assert.deepEqual(o.total, { answered: 3, refused: 1 });
    assert.deepEqual(o.frontEnds[0], { name: 'telegram', questions: 2, refused: 0 });
    assert.deepEqual(o.places, [
      { name: '青州市', questions: 2 },
      { name: '寿光市', questions: 1 },
    ]);
  });
});

describe('console gaps', () => {
  it('groups a refused question asked in other widths, punctuation or a trailing particle; answered ones are no gaps', () => {
    assert.equal(gapKey('火星上有政协吗？'), gapKey('火星上 有政协?'));
    assert.equal(gapKey('ＡＢＣ市政协呢'), gapKey('abc市政协'));
    assert.notEqual(gapKey('火星上有政协吗'), gapKey('月球上有政协吗'));
    const gaps = gapsOf([
      ev('2026-12-01', '火星上有政协吗？', true, 'telegram'),
      ev('2026-12-02', '火星上有政协吗？', true, 'feishu'),
      ev('2026-12-03', '火星上 有政协?', true, 'telegram'),
      ev('2026-12-03', '月球上有政协吗', true, 'http'),
      ev('2026-12-03', '青州市政协开了什么会？', false),
    ]);
    assert.deepEqual(
      gaps.map((g) => [g.question, g.count, g.frontEnds]),
      [
        ['火星上有政协吗？', 3, ['telegram', 'feishu']],
        ['月球上有政协吗', 1, ['http']],
      ],
    );
  });
});

describe('CSV export', () => {
  it('quotes every cell, doubles quotes, starts with a BOM and writes formulas as text', () => {
    const csv = toCsv(
      ['q', 'n'],
      [
        ['说"好"', 2],
        ['=1+1', 1],
        ['-2', 0],
        ['@SUM(A1)', 3],
      ],
    );
    assert.equal(
      csv,
      '\uFEFF"q","n"\r\n"说""好""","2"\r\n"\'=1+1","1"\r\n"\'-2","0"\r\n"\'@SUM(A1)","3"\r\n',
    );
  });
});

describe('articles date filter', () => {
  it('turns a year, a month or a day into the span of days it covers, and refuses anything else', () => {
    assert.deepEqual(dateSpan('2024'), { from: '2024-01-01', to: '2025-01-01' });
    assert.deepEqual(dateSpan('2024-02'), { from: '2024-02-01', to: '2024-03-01' });
    assert.deepEqual(dateSpan('2024-12'), { from: '2024-12-01', to: '2025-01-01' });
    assert.deepEqual(dateSpan(' 2024-02-29 '), { from: '2024-02-29', to: '2024-03-01' });
    for (const bad of ['2023-02-29', '2024-13', '2024-00', '24-05', '2024/05', '', '2024-5'])
      assert.equal(dateSpan(bad), undefined, bad);
  });
});
