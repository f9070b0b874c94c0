/** Time words in questions → the span of report dates asked about, counted from an injected today. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dateCondition, inRange, timeRangeOf, todayIso } from '../../src/rag/time-range.js';

const TODAY = '2025-08-14';
const span = (q: string, today = TODAY): [string, string] | undefined => {
  const r = timeRangeOf(q, today).range;
  return r ? [r.from, r.to] : undefined;
};

test('relative words count from today', () => {
  assert.deepEqual(span('青溪县政协今年做了什么？'), ['2025-01-01', '2026-01-01']);
  assert.deepEqual(span('去年有哪些协商会？'), ['2024-01-01', '2025-01-01']);
  assert.deepEqual(span('前年的视察'), ['2023-01-01', '2024-01-01']);
  assert.deepEqual(span('本月的常委会议'), ['2025-08-01', '2025-09-01']);
  assert.deepEqual(span('上个月开了什么会'), ['2025-07-01', '2025-08-01']);
  assert.deepEqual(span('上个月开了什么会', '2025-01-09'), ['2024-12-01', '2025-01-01']);
  assert.deepEqual(span('今年上半年的调研'), ['2025-01-01', '2025-07-01']);
  assert.deepEqual(span('去年10月的协商会'), ['2024-10-01', '2024-11-01']);
});

test('weeks, the last N days, and "since"', () => {
  // 2025-08-14 is a Thursday.
  assert.deepEqual(span('本周的协商会'), ['2025-08-11', '2025-08-18']);
  assert.deepEqual(span('上周开了什么会'), ['2025-08-04', '2025-08-11']);
  assert.deepEqual(span('近一周的视察'), ['2025-08-08', '2025-08-15']);
  assert.deepEqual(span('近30天的调研'), ['2025-07-16', '2025-08-15']);
  assert.deepEqual(span('最近一周的视察'), ['2025-08-08', '2025-08-15']);
  assert.deepEqual(span('今年以来开展了哪些调研'), ['2025-01-01', '2025-08-15']);
  assert.deepEqual(span('3月以来的民主监督'), ['2025-03-01', '2025-08-15']);
  assert.equal(timeRangeOf('今年以来开展了哪些调研', TODAY).text, '开展了哪些调研');
});

test('最近 and 近期 are the last three months up to today, newer reports first', () => {
  const r = timeRangeOf('最近有哪些政协会议？', TODAY).range;
  assert.deepEqual([r?.from, r?.to, r?.recent], ['2025-05-16', '2025-08-15', true]);
  assert.equal(timeRangeOf('近期开展了哪些调研', TODAY).range?.recent, true);
  assert.deepEqual(span('近半年的提案'), ['2025-02-13', '2025-08-15']);
  assert.deepEqual(span('最近三个月的视察'), ['2025-05-16', '2025-08-15']);
});

test('a month or part of a year without a year is the latest one that has begun', () => {
  assert.deepEqual(span('总结一下青溪县政协7月的工作'), ['2025-07-01', '2025-08-01']);
  assert.deepEqual(span('10月的视察'), ['2024-10-01', '2024-11-01']);
  assert.deepEqual(span('十月份的视察'), ['2024-10-01', '2024-11-01']);
  assert.deepEqual(span('上半年的协商'), ['2025-01-01', '2025-07-01']);
  assert.deepEqual(span('下半年的协商'), ['2025-07-01', '2026-01-01']);
  assert.deepEqual(span('下半年的协商', '2025-03-02'), ['2024-07-01', '2025-01-01']);
  assert.deepEqual(span('一季度的调研'), ['2025-01-01', '2025-04-01']);
  assert.deepEqual(span('第四季度的调研'), ['2024-10-01', '2025-01-01']);
});

test("a month without its year is the archive's latest one when the archive ends before today", () => {
  assert.deepEqual(timeRangeOf('10月的视察', TODAY, '2023-11-20').range?.from, '2023-10-01');
  assert.deepEqual(timeRangeOf('10月的视察', TODAY, '2023-09-20').range?.from, '2022-10-01');
  assert.deepEqual(timeRangeOf('上半年的调研', TODAY, '2023-09-20').range?.from, '2023-01-01');
  // Words counted from today stay so: "今年" is this year even when the archive stops earlier.
  assert.deepEqual(timeRangeOf('今年的视察', TODAY, '2023-09-20').range?.from, '2025-01-01');
});

test('a named year, with or without a month or part, is that span', () => {
  assert.deepEqual(span('2023年的提案'), ['2023-01-01', '2024-01-01']);
  assert.deepEqual(span('2023年10月的视察'), ['2023-10-01', '2023-11-01']);
  assert.deepEqual(span('二〇二三年十月的视察'), ['2023-10-01', '2023-11-01']);
  assert.deepEqual(span('2023年上半年的调研'), ['2023-01-01', '2023-07-01']);
  assert.deepEqual(span('2024年1月至5月的申请人数'), ['2024-01-01', '2024-06-01']);
  assert.deepEqual(span('2024年前三季度的收入'), ['2024-01-01', '2024-10-01']);
});

test('comparisons, single days, "which year" and cumulative totals are not periods', () => {
  for (const q of [
    '申请人数相比去年同期下降了多少？',
    '货运量与去年相比提前了几天？',
    '指数比上个月上升了多少？',
    '哪一年的上半年成绩最好？',
    '10月20日召开的会议讨论了什么？',
    '截至2023年底累计建成多少个？',
    '十四届二次会议期间委员提了哪些建议？',
    '计划到2025年将产量提升至多少？',
    '截至2022年12月31日土地储备约为多少？',
    '2022年12月31日发布了什么公告？',
  ])
    assert.equal(timeRangeOf(q, TODAY).range, undefined, q);
  // The comparison is skipped; a real period later in the question still counts.
  assert.deepEqual(span('2021年7月份的指数相比上个月上升了多少？'), ['2021-07-01', '2021-08-01']);
});

test('the words are cut from the question text; nothing else changes', () => {
  assert.equal(timeRangeOf('青溪县政协今年做了什么？', TODAY).text, '青溪县政协做了什么？');
  assert.equal(timeRangeOf('总结一下青溪县政协7月的工作', TODAY).text, '总结一下青溪县政协工作');
  assert.equal(timeRangeOf('青溪县政协做了什么？', TODAY).text, '青溪县政协做了什么？');
});

test("today is China's date; the span is a Qdrant datetime range with the end excluded", () => {
  assert.equal(todayIso(new Date('2025-08-14T17:00:00Z')), '2025-08-15');
  assert.equal(todayIso(new Date('2025-08-14T15:00:00Z')), '2025-08-14');
  assert.deepEqual(dateCondition({ from: '2025-07-01', to: '2025-08-01' }), {
    key: 'date',
    range: { gte: '2025-07-01T00:00:00Z', lt: '2025-08-01T00:00:00Z' },
  });
  const july = { from: '2025-07-01', to: '2025-08-01' };
  assert.equal(inRange('2025-07-31', july), true);
  assert.equal(inRange('2025-08-01', july), false);
  assert.equal(inRange(undefined, july), false);
});
