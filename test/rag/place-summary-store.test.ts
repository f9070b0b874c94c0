/**
 * Summaries of a place through the real ingest, store and answer core, on pages written here: a province's
 * summary covers its cities' and counties' reports, "各市" asks across them, a visit to a place is not that
 * place's work, and a report that says "我市" belongs to its page's city even when it names another in passing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { openReportStore, type SampleStore } from './helpers.js';

const REPORTS: Record<string, string> = {
  'huaihua.txt': [
    '# 怀化市政协协商养老服务',
    '本报讯 怀化市政协围绕居家养老服务召开专题协商会，委员们提出建设社区食堂等建议18条。',
    '# 鹤城区政协走访民营企业',
    '本报讯 怀化市鹤城区政协组织委员走访民营企业30家，帮助企业解决用工难题。',
    '# 鹤城区政协赴长沙学习考察',
    '本报讯 鹤城区政协考察团前往长沙市学习社区治理经验，并与当地政协座谈交流。',
    '# 怀化市政协委员建言乡村旅游',
    '本报讯 怀化市政协委员围绕乡村旅游提出打造精品民宿的建议。',
    '# 市科技局',
    '去年，我市加快科技成果转化，与长沙多所高校共建研发平台6个，全市高新技术企业增至210家。',
    '',
  ].join('\n\n'),
  'changsha.txt':
    '# 长沙市政协调研科技创新\n\n本报讯 长沙市政协组织委员调研科技创新平台建设，提出意见建议12条。\n',
  'jiangmen.txt': '# 江门市政协助推侨乡振兴\n\n本报讯 江门市政协组织委员深入侨乡调研，助推乡村振兴。\n',
};

let store: SampleStore;
let qa: QaEngine;

before(async () => {
  store = await openReportStore(REPORTS);
  qa = createQaService({ client: store.client, cfg: store.cfg });
});
after(() => store.close());

const citedTitles = (e: Awaited<ReturnType<QaEngine['explain']>>): string[] => [
  ...new Set(e.answer.citations.map((c) => c.title)),
];

test('a province summary cites its cities and counties and nothing from elsewhere', async () => {
  const e = await qa.explain('总结一下湖南的政协工作');
  assert.equal(e.answer.refused, false);
  const titles = citedTitles(e);
  for (const t of ['怀化市政协协商养老服务', '鹤城区政协走访民营企业', '长沙市政协调研科技创新', '市科技局'])
    assert.ok(titles.includes(t), `${t} missing from ${titles.join(' | ')}`);
  assert.ok(!titles.some((t) => t.startsWith('江门')), titles.join(' | '));
});

test('"各市的政协做了哪些工作" is answered as a summary across the cities', async () => {
  const e = await qa.explain('湖南各市的政协做了哪些工作？');
  assert.equal(e.answer.refused, false);
  const titles = citedTitles(e);
  assert.ok(titles.includes('长沙市政协调研科技创新'), titles.join(' | '));
  assert.ok(titles.includes('怀化市政协协商养老服务'), titles.join(' | '));
});

test('a county\'s visit to a city is not that city\'s work; "我市" keeps a report in its own city', async () => {
  const changsha = citedTitles(await qa.explain('总结一下长沙的政协工作'));
  assert.deepEqual(changsha, ['长沙市政协调研科技创新']);
  const huaihua = citedTitles(await qa.explain('总结一下怀化市的政协工作'));
  assert.ok(huaihua.includes('市科技局'), huaihua.join(' | '));
  assert.ok(huaihua.includes('鹤城区政协赴长沙学习考察'), huaihua.join(' | '));
});
