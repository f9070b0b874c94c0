/**
 * Factoids the reports do not answer, over invented reports: a place or body named only in passing gets a
 * refusal that says what is not stated and quotes where the reports name it; the same question about the place
 * a report is about is answered.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { openReportStore, type SampleStore } from './helpers.js';

const REPORTS = {
  'mianyang.txt': [
    '# 绵阳市政协召开十届常委会议',
    '',
    '本报讯 3月5日，绵阳市政协召开十届常委会第九次会议。市政协主席张建华主持会议并讲话。',
    '',
    '会议审议通过了年度协商计划，确定全年开展专题协商6次，组织委员视察12次。',
    '',
  ].join('\n'),
  'deyang.txt': [
    '# 德阳市政协委员赴外地学习考察',
    '',
    '本报讯 近日，德阳市政协组织部分委员先后到广元、上海等地学习考察产业园区建设经验。',
    '',
    '委员们表示，将把学到的经验用于履职实践，推动蓝星电机等重点企业转型升级。',
    '',
  ].join('\n'),
};

let store: SampleStore;
let qa: QaEngine;

before(async () => {
  store = await openReportStore(REPORTS);
  qa = createQaService({ client: store.client, cfg: store.cfg });
});
after(async () => {
  await store.close();
});

test('a place named in passing: refused, saying what is missing and where the place comes up', async () => {
  const a = await qa.answer('上海市政协主席是谁？');
  assert.equal(a.refused, true);
  assert.match(a.text, /报道提到了上海市，但没有说上海市政协主席是谁/);
  assert.ok(a.citations.length > 0, 'the mention is cited');
  assert.ok(a.citations.every((c) => c.quote?.includes('上海')));
  assert.match(a.text, /\[1\]/);
});

test('a company named in a list: its chairman is not stated', async () => {
  const a = await qa.answer('蓝星电机的董事长是谁？');
  assert.equal(a.refused, true);
  assert.match(a.text, /没有说蓝星电机的董事长是谁/);
});

test('the same questions about the place a report is about are answered', async () => {
  const chair = await qa.answer('绵阳市政协主席是谁？');
  assert.equal(chair.refused, false);
  assert.match(chair.text, /张建华/);
  const count = await qa.answer('绵阳市政协全年开展多少次专题协商？');
  assert.equal(count.refused, false);
  assert.match(count.text, /6次/);
});

test('a count of something else is no answer', async () => {
  const a = await qa.answer('绵阳市政协有多少名机关干部？');
  assert.equal(a.refused, true);
});
