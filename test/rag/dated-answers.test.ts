/**
 * Questions about a period, answered over reports dated by their file names: only reports of the period are
 * cited, the answer names their dates, "nothing in that period" is said with the newest reports offered, and an
 * undated report is never cited as if it were in the period.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { openReportStore, type SampleStore } from './helpers.js';

/** Invented reports of one county committee: the same kind of event in March and in June, and an undated one. */
const REPORTS: Record<string, string> = {
  '2025-03-11-视察.md':
    '# 青溪县政协视察农村饮水安全工作\n\n本报讯 3月11日，青溪县政协组织委员视察农村饮水安全工作，察看了两座水厂和三处供水站。\n\n委员建议加快老旧管网改造，年内完成改造80公里。\n',
  '2025-06-17-视察.md':
    '# 青溪县政协视察全民健身设施建设\n\n本报讯 6月17日，青溪县政协组织委员视察全民健身设施建设，察看了体育公园和社区健身点。\n\n委员建议新建口袋公园健身角20处。\n',
  '20250702-协商.txt':
    '青溪县政协召开专题协商会\n\n本报讯 7月2日，青溪县政协召开专题协商会，围绕“县域物流体系建设”协商议政。\n\n委员建议建设县级物流分拨中心。\n',
  '视察-旧稿.md':
    '# 青溪县政协视察河道整治工作\n\n本报讯 青溪县政协组织委员视察河道整治工作，察看了城区三条河道。\n\n委员建议建立河道长效管护机制。\n',
};

let store: SampleStore;
let qa: QaEngine;

before(async () => {
  store = await openReportStore(REPORTS);
  qa = createQaService({ client: store.client, cfg: store.cfg, now: () => new Date('2025-07-20T04:00:00Z') });
});
after(async () => {
  await store.close();
});

test('a month in the question picks that month’s report and names its date', async () => {
  const march = await qa.answer('青溪县政协3月的视察关注什么？');
  assert.equal(march.refused, false);
  assert.ok(march.citations.length > 0);
  assert.ok(
    march.citations.every((c) => c.date === '2025-03-11'),
    JSON.stringify(march.citations),
  );
  assert.match(march.text, /^据3月11日报道，/);
  assert.match(march.text, /饮水/);
  const last = await qa.answer('上个月青溪县政协视察了什么？');
  assert.ok(last.citations.length > 0);
  assert.ok(last.citations.every((c) => c.date === '2025-06-17'));
  assert.match(last.text, /健身/);
});

test('nothing in the period: said plainly, newest reports offered, nothing cited', async () => {
  const a = await qa.answer('青溪县政协去年视察了什么？');
  assert.equal(a.refused, true);
  assert.equal(a.citations.length, 0);
  assert.match(a.text, /没有去年（2024年1月1日至12月31日）的报道/);
  // The newest dated report first; the undated one is never offered as new.
  assert.match(a.text, /最新的报道有：\n· 《青溪县政协召开专题协商会》（2025年7月2日）/);
  assert.doesNotMatch(a.text, /河道/);
});

test('an undated report is never cited for a dated question, though it matches', async () => {
  const dated = await qa.answer('青溪县政协今年视察了哪些工作？');
  assert.equal(dated.refused, false);
  assert.ok(dated.citations.length > 0);
  assert.ok(dated.citations.every((c) => c.date !== undefined && c.date.startsWith('2025-')));
  const undated = await qa.answer('青溪县政协视察河道整治工作提了什么建议？');
  assert.equal(undated.refused, false);
  assert.match(undated.text, /长效管护/);
});

test('最近 puts the newer report first', async () => {
  const e = await qa.explain('最近青溪县政协组织委员视察了什么？');
  assert.equal(e.retrieval?.passages[0]?.date, '2025-06-17');
  assert.ok(e.retrieval?.passages.every((p) => p.date !== undefined && p.date >= '2025-04-21'));
});

test('a place summary over a period takes only the reports of the period', async () => {
  const a = await qa.answer('总结一下青溪县政协7月的工作');
  assert.equal(a.refused, false);
  assert.ok(a.citations.length > 0);
  assert.ok(a.citations.every((c) => c.date === '2025-07-02'));
  assert.match(a.text, /2025年7月2日/);
});

test('an archive without dates answers a dated question over all reports, saying the period could not apply', async () => {
  const undated = await openReportStore({
    '视察.md': REPORTS['视察-旧稿.md'] ?? '',
  });
  try {
    const plain = createQaService({ client: undated.client, cfg: undated.cfg });
    const a = await plain.answer('青溪县政协今年视察河道整治工作提了什么建议？');
    assert.equal(a.refused, false);
    assert.match(a.text, /长效管护/);
    assert.equal(a.notice, '（收录的报道没有日期，无法按“今年”筛选，以下结果来自全部报道。）');
  } finally {
    await undated.close();
  }
});
