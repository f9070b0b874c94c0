/**
 * "X市政协做了什么" asks about X's committee: a report that names X only in passing does not answer it, and
 * the bot says the reports do not cover it instead of summarising another city's report.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { openReportStore, type SampleStore } from './helpers.js';

const REPORT = `# 重庆市政协就成渝地区双城经济圈建设开展协商

本报讯 11月6日，重庆市政协召开专题协商会，围绕成渝地区双城经济圈交通互联互通建言献策。

会上，委员们建议加快川渝毗邻地区公交线路对接，学习贵阳在大数据交通调度方面的做法，提高跨省通勤效率。

市政协主席表示，要把协商成果转化为推动双城经济圈建设的实际举措。
`;

let store: SampleStore;
let qa: QaEngine;

/** A local paper's report: its own city's committee written bare ("市政协"), the city only in the text's places. */
const LOCAL = `# 委员走进社区听民声

本报讯 近日，市政协组织委员走进南湖街道，围绕老旧小区加装电梯开展协商议事，收集意见建议23条。

嘉兴市有关部门负责人到会听取意见，表示将加快审批流程。
`;

before(async () => {
  store = await openReportStore({
    'chongqing.txt': REPORT,
    'jiaxing.txt': LOCAL,
    'shaoxing.txt':
      '# 委员走访纺织企业\n\n本报讯 近日，市政协组织委员赴柯桥区调研纺织产业转型升级，走访企业12家。\n\n' +
      '绍兴市有关部门负责人陪同调研。\n',
  });
  qa = createQaService({ client: store.client, cfg: store.cfg });
});
after(() => store.close());

test("a city's committee that no report names is not answered with a report mentioning the city in passing", async () => {
  for (const q of ['贵阳市政协做了什么', '貴陽市政協做了什麼？']) {
    const a = await qa.answer(q);
    assert.equal(a.refused, true, q);
    assert.match(a.text, /没有找到/);
  }
});

test("the committee's own report answers the same open question", async () => {
  const a = await qa.answer('重庆市政协做了什么');
  assert.equal(a.refused, false);
  assert.match(a.text, /重庆市政协就成渝地区双城经济圈建设开展协商/);
  assert.ok(a.citations.length > 0);
});

test("a local paper's report on its own city's committee, written bare (市政协), answers what that committee did", async () => {
  const a = await qa.answer('嘉兴市政协做了什么？');
  assert.equal(a.refused, false, a.text);
  assert.match(a.text, /加装电梯/);
  // Another city's committee is still not answered by it.
  assert.equal((await qa.answer('湖州市政协做了什么？')).refused, true);
});

test('a formal verb the report does not use (开展) does not make an open question unanswered', async () => {
  const a = await qa.answer('绍兴市政协开展了哪些调研？');
  assert.equal(a.refused, false, a.text);
  assert.match(a.text, /纺织产业/);
});

test('the adverbs a reader asks for more with (还有, 其他) are no topic a report must contain', async () => {
  const a = await qa.answer('绍兴市政协还有哪些调研？');
  assert.equal(a.refused, false, a.text);
  assert.match(a.text, /纺织产业/);
});

test('an open question on a covered place whose topic no report holds says so and shows where the place comes up', async () => {
  const a = await qa.answer('嘉兴市政协开展了哪些垃圾分类工作？');
  assert.equal(a.refused, true);
  assert.match(a.text, /报道提到了嘉兴市，但没有说/);
  assert.equal(a.citations[0]?.title, '委员走进社区听民声');
});
