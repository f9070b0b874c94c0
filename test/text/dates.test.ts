/** Report dates: what a running head, a dateline, a file name or a metadata field give, and what they never do. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dateFromFileName,
  dateInText,
  formatDateEn,
  formatDateZh,
  isoDate,
  normalizeDate,
} from '../../src/text/dates.js';

test('a running head or dateline gives the full date it prints', () => {
  assert.equal(dateInText('江城政协报 2025年3月7日 星期五 第3版'), '2025-03-07');
  assert.equal(dateInText('2025 年 3 月 7 日  星期五'), '2025-03-07');
  assert.equal(dateInText('二〇二五年三月十七日 星期一'), '2025-03-17');
  assert.equal(dateInText('二〇二四年十二月三十一日'), '2024-12-31');
  assert.equal(dateInText('发布时间：2025-03-07 10:24'), '2025-03-07');
  assert.equal(dateInText('2025.3.7'), '2025-03-07');
  // The first date printed wins.
  assert.equal(dateInText('2025年3月7日讯 据2024年12月1日统计'), '2025-03-07');
});

test('partial, impossible and number-like dates give none', () => {
  assert.equal(dateInText('3月7日，市政协召开常委会议'), undefined);
  assert.equal(dateInText('2025年2月30日'), undefined);
  assert.equal(dateInText('编号 12025-03-07'), undefined);
  assert.equal(dateInText('投资3.5亿元，2025年完成'), undefined);
  assert.equal(isoDate(2025, 13, 1), undefined);
  assert.equal(isoDate(2024, 2, 29), '2024-02-29');
  assert.equal(isoDate(2025, 2, 29), undefined);
});

test('a file name gives its date; folders do not count', () => {
  assert.equal(dateFromFileName('reports/2025-03-07-常委会.md'), '2025-03-07');
  assert.equal(dateFromFileName('政协报_2025_03_07_第2版.pdf'), '2025-03-07');
  assert.equal(dateFromFileName('20250307.txt'), '2025-03-07');
  assert.equal(dateFromFileName('江城政协报20250307-3.pdf'), '2025-03-07');
  assert.equal(dateFromFileName('2025年3月7日 视察.docx'), '2025-03-07');
  assert.equal(dateFromFileName('2025-03-07/page.md'), undefined);
  assert.equal(dateFromFileName('report-12345678.txt'), undefined);
  assert.equal(dateFromFileName('第3版.pdf'), undefined);
});

test('a date given as data: ISO, RFC 3339, slashes, compact, Chinese; anything else none', () => {
  assert.equal(normalizeDate('2025-03-07'), '2025-03-07');
  assert.equal(normalizeDate('2025-03-07T23:30:00+08:00'), '2025-03-07');
  assert.equal(normalizeDate('2025-03-07T02:00:00Z'), '2025-03-07');
  assert.equal(normalizeDate('2025/3/7'), '2025-03-07');
  assert.equal(normalizeDate('20250307'), '2025-03-07');
  assert.equal(normalizeDate('2025年3月7日（星期五）'), '2025-03-07');
  assert.equal(normalizeDate('yesterday'), undefined);
  assert.equal(normalizeDate('3月7日'), undefined);
  assert.equal(normalizeDate('2025-02-30'), undefined);
  assert.equal(normalizeDate('会议于2025年3月7日在市政协召开，委员们建议加强水源保护。'), undefined);
});

test('dates are shown as people write them', () => {
  assert.equal(formatDateZh('2025-03-07'), '2025年3月7日');
  assert.equal(formatDateEn('2025-03-07'), '7 Mar 2025');
  assert.equal(formatDateZh('3月7日'), '3月7日');
});
