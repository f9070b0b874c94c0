/**
 * A government body asked about by its short name finds the report that prints the full name, and the other way
 * round: through the real ingest, the embedded store and the answer core, on reports written here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { openReportStore, type SampleStore } from './helpers.js';

const REPORTS: Record<string, string> = {
  'gongxin.txt':
    '# 成都市工业和信息化局推动中小企业数字化转型\n\n' +
    '本报讯 成都市工业和信息化局近日召开推进会，今年已帮助320家中小企业完成数字化改造，' +
    '并设立2000万元专项资金支持企业上云。\n',
  'fagai.txt':
    '# 成都市发改委部署重大项目建设\n\n' +
    '本报讯 成都市发改委日前召开重大项目推进会，全年安排重点项目85个，计划完成投资410亿元。\n',
  'shangwu.txt':
    '# 成都市商务局帮助中小企业完成数字化改造\n\n' +
    '本报讯 成都市商务局今年帮助150家中小企业完成数字化改造，帮助中小企业开拓网上市场。\n',
  'xiaofei.txt':
    '# 青石市发展改革委：建设区域消费中心\n\n' +
    '青石市发展改革委今年推出夜间经济示范街区12条，新增首店品牌45家，带动社会消费品零售总额增长8%。\n',
  'shangye.txt':
    '# 青石市商务局：繁荣夜间消费\n\n' +
    '青石市商务局今年举办夜间消费节活动30场，培育夜间经济集聚区5个，推动商圈提档升级。\n',
  'other.txt':
    '# 成都市政协开展中小企业调研\n\n' +
    '本报讯 成都市政协组织委员走访中小企业，围绕融资难题提出意见建议，推动企业纾困。\n',
};

let store: SampleStore;
let qa: QaEngine;

before(async () => {
  store = await openReportStore(REPORTS);
  qa = createQaService({ client: store.client, cfg: store.cfg });
});
after(() => store.close());

test('a short name (工信局) finds and answers from the report that prints the full name', async () => {
  const e = await qa.explain('成都市工信局帮助多少家中小企业完成数字化改造？');
  assert.match(e.context[0]?.title ?? '', /工业和信息化局/);
  assert.equal(e.answer.refused, false);
  assert.match(e.answer.text, /320家/);
});

test('a full name (发展和改革委员会) finds the report that prints the short name', async () => {
  const e = await qa.explain('成都市发展和改革委员会安排了多少个重点项目？');
  assert.match(e.context[0]?.title ?? '', /发改委/);
  assert.equal(e.answer.refused, false);
  assert.match(e.answer.text, /85个/);
});

test('the three spellings of one body (发改委, 发展改革委, 发展和改革委员会) find and answer from the same report', async () => {
  const answers = [];
  for (const body of ['发改委', '发展改革委', '发展和改革委员会']) {
    const e = await qa.explain(`青石市${body}有什么举措？`);
    assert.equal(e.answer.refused, false, body);
    assert.match(e.context[0]?.title ?? '', /青石市发展改革委/, body);
    answers.push(e.context[0]?.articleId);
  }
  assert.equal(new Set(answers).size, 1);
});
