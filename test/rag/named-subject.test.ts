/**
 * Who a question is about: a collective ("民主党派") is found through the member a report names (民盟, 九三学社),
 * and a body's own section ("市水务局") answers "X有什么回应" besides the lead that lists X among others.
 * Through the real ingest, the embedded store and the answer core, on reports written here.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { memberForm, memberSpellings, namesMember } from '../../src/text/collectives.js';
import { openReportStore, type SampleStore } from './helpers.js';

const REPORTS: Record<string, string> = {
  'party.txt':
    '# 加快发展现代物流产业\n\n' +
    '青石市政协四届二次会议上，九三学社青石市委会提出，要完善冷链物流网络，建设区域物流枢纽，' +
    '推动物流企业数字化转型。\n\n' +
    '九三学社青石市委会建议，设立物流产业发展基金，支持多式联运示范项目。\n',
  'water-lead.txt':
    '# 协商议政聚焦城市防洪\n\n' +
    '今年以来，江门市政协围绕城市防洪排涝开展专题调研。议政会上，市水务局、住建局、应急管理局等部门负责人' +
    '一一作了回应，现将部分回应摘录如下：\n\n' +
    '## 市水务局\n\n' +
    '今年，我市新建排涝泵站6座，改造雨水管网42公里，城区易涝点全部完成整治。\n\n' +
    '## 市应急管理局\n\n' +
    '我市组建防汛抢险队伍18支，储备防汛物资价值3000万元，汛期实行24小时值守。\n',
  'member.txt':
    '# 市政协委员孟庆华：发展夜间经济\n\n' +
    '江门市政协委员孟庆华建议，打造夜间消费街区，延长公共交通运营时间，培育夜间文旅品牌。\n',
  'other.txt':
    '# 江门市开展河湖清理行动\n\n' + '江门市近日开展河湖清理行动，清理河道垃圾1200吨，整治排污口35个。\n',
};

let store: SampleStore;
let qa: QaEngine;

before(async () => {
  store = await openReportStore(REPORTS);
  qa = createQaService({ client: store.client, cfg: store.cfg });
});
after(() => store.close());

test('the eight democratic parties stand for 民主党派, in every spelling', () => {
  assert.equal(memberSpellings('民主党派').length >= 8, true);
  assert.equal(namesMember('民主党派', '中国民主同盟天津市委员会建议'), true);
  assert.equal(namesMember('民主党派', '市妇联建议'), false);
  assert.equal(namesMember('人民团体', '市妇联建议'), true);
  assert.match(memberForm('青石的民主党派提了什么建议') ?? '', /民盟.*九三学社/);
  assert.equal(memberForm('青石市政协提了什么建议'), undefined);
});

test('a question on 民主党派 is answered from the report where one party spoke', async () => {
  const e = await qa.explain('青石市的民主党派对物流产业有什么建议？');
  assert.equal(e.answer.refused, false);
  assert.match(e.answer.text, /九三学社/);
  assert.equal(e.answer.citations[0]?.title, '加快发展现代物流产业');
});

test('"X有什么回应" cites X\'s own section, not only the lead that lists X among other bodies', async () => {
  const e = await qa.explain('江门市水务局有什么回应？');
  assert.equal(e.answer.refused, false);
  const titles = e.answer.citations.slice(0, 3).map((c) => c.title);
  assert.ok(titles.includes('市水务局'), titles.join(' | '));
  assert.match(e.answer.text, /排涝泵站6座/);
});

test('a body without its own section is answered as before, from the report naming it', async () => {
  const e = await qa.explain('江门市住建局有什么回应？');
  assert.equal(e.answer.refused, false);
  assert.ok(e.answer.citations.every((c) => c.title !== '市水务局'));
});

test('an open question on a body lists its own section first', async () => {
  const a = await qa.answer('江门市水务局做了哪些工作？');
  assert.equal(a.refused, false);
  assert.equal(a.citations[0]?.title, '市水务局');
});

test('a question opening with a bare name finds what that person proposed', async () => {
  const a = await qa.answer('孟庆华有什么建议？');
  assert.equal(a.refused, false, a.text);
  assert.match(a.text, /夜间消费街区/);
});
