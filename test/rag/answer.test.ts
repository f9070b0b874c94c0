import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import type { Answer } from '../../src/types.js';
import { openSampleStore, type SampleStore } from './helpers.js';

let store: SampleStore;
let qa: QaEngine;

before(async () => {
  store = await openSampleStore();
  // The sample reports are dated 2026 (by their file names); "今年" in a question counts from this day.
  qa = createQaService({ client: store.client, cfg: store.cfg, now: () => new Date('2026-12-07T04:00:00Z') });
});
after(async () => {
  await store.close();
});

/** Every citation is a real stored paragraph, and its quote is a substring of it. */
async function assertCitationsReal(a: Answer): Promise<void> {
  assert.ok(a.citations.length > 0, 'expected citations');
  for (const c of a.citations) {
    assert.match(a.text, new RegExp(`\\[${c.n}\\]`));
    for (const [i, n] of c.paragraphs.entries()) {
      const stored = await qa.paragraph(c.articleId, n);
      assert.equal(stored?.text, c.paragraphTexts[i]);
    }
    if (c.quote !== undefined) assert.ok(c.paragraphTexts.some((t) => t.includes(c.quote ?? '')));
  }
}

test('a factual question gets the report sentence holding the figure, quoted and cited', async () => {
  const a = await qa.answer('苏州市政协委员张立群建议设立多大规模的古城保护专项基金？');
  assert.equal(a.refused, false);
  assert.equal(a.mode, 'extractive');
  assert.match(a.text, /^报道原文：/);
  assert.match(a.text, /2亿元/);
  assert.equal(a.citations[0]?.title, '让古城在保护中焕发新活力');
  await assertCitationsReal(a);
  assert.ok(a.timings.totalMs >= a.timings.retrieveMs);
});

test('a question the reports do not answer is refused, saying what they do cover', async () => {
  for (const q of ['青岛帆船周一共设了多少个比赛项目？', '重庆市政协今年开展了几次专题视察？']) {
    const a = await qa.answer(q);
    assert.equal(a.refused, true, q);
    assert.equal(a.citations.length, 0);
    assert.match(a.text, /报道中没有找到/);
    assert.match(a.text, /目前的报道涉及：/);
  }
});

test('a "how many" or "when" question is answered only by a quote holding the figure or date', async () => {
  // The report mentions 平江路's 业态负面清单 but gives no number: quoting it would not answer.
  // The refusal says so, and quotes where the reports do name it.
  const none = await qa.answer('苏州平江路的业态负面清单有多少条？');
  assert.equal(none.refused, true);
  assert.match(none.text, /^报道提到了.*但没有说苏州平江路的业态负面清单有多少条/);
  assert.ok(none.citations.length > 0);
  await assertCitationsReal(none);
  const figure = await qa.answer('兰州南北两山累计完成绿化面积多少？');
  assert.equal(figure.refused, false);
  assert.match(figure.text, /60万亩/);
  await assertCitationsReal(figure);
  const day = await qa.answer('苏州市政协专题协商会是哪天召开的？');
  assert.equal(day.refused, false);
  assert.match(day.text, /9月12日/);
});

test('the place named in the question decides which report answers', async () => {
  const a = await qa.answer('厦门市政协委员建议设立多大规模的产业投资基金？');
  assert.equal(a.refused, false);
  assert.match(a.text, /10亿元/);
  assert.doesNotMatch(a.text, /2亿元/);
  await assertCitationsReal(a);
});

test('a follow-up "那兰州呢？" is answered about 兰州 with the previous question', async () => {
  const first = await qa.answer('苏州市政协哪天召开了专题协商会？');
  assert.match(first.text, /9月12日/);
  const a = await qa.answer('那兰州呢？', {
    turns: [{ question: '苏州市政协哪天召开了专题协商会？', answer: first.text }],
  });
  assert.match(a.searchedQuestion, /兰州/);
  assert.match(a.text, /12月5日/);
  await assertCitationsReal(a);
});

test('a summary covers every article of the place, each point cited', async () => {
  const a = await qa.summarize('四川');
  assert.equal(a.refused, false);
  const articles = new Set(a.citations.map((c) => c.title));
  assert.ok(articles.has('成都市政协开展社区养老服务民主监督'));
  assert.ok(articles.has('德阳市旌阳区政协委员工作室走进田间地头'));
  assert.match(a.text, /共2篇/);
  await assertCitationsReal(a);
});

test('"总结一下成都市政协的工作" in plain words is a summary of 成都', async () => {
  const a = await qa.answer('总结一下成都市政协的工作');
  assert.equal(a.refused, false);
  assert.match(a.text, /关于成都市的报道共1篇/);
  assert.ok(a.citations.every((c) => c.title === '成都市政协开展社区养老服务民主监督'));
});

test('a summary of a place with no reports says so', async () => {
  const a = await qa.summarize('杭州');
  assert.equal(a.refused, true);
  assert.match(a.text, /没有关于杭州/);
});

test('English questions offline get an English notice that they need the LLM mode', async () => {
  const a = await qa.answer('What did the Suzhou CPPCC propose for the old city?');
  assert.equal(a.lang, 'en');
  assert.equal(a.refused, true);
  assert.match(a.text, /English questions need the LLM mode/);
  assert.equal(a.citations.length, 0);
});

test('places, stats, paragraph lookup and keyword search read the store', async () => {
  const places = await qa.places();
  assert.ok(places.some((p) => p.name === '苏州市' && p.articles === 1));
  assert.ok(places.some((p) => p.name === '四川省' && p.articles === 2));
  const stats = await qa.stats();
  assert.equal(stats.articles, 5);
  const hits = await qa.search('古城保护', 3);
  assert.ok(hits.length > 0);
  assert.equal(hits[0]?.title, '让古城在保护中焕发新活力');
  const c = hits[0];
  assert.ok(c?.quote && c.paragraphTexts[0]?.includes(c.quote));
  const view = await qa.paragraph(c.articleId, c.paragraphs[0] ?? 0);
  assert.equal(view?.text, c.paragraphTexts[0]);
});

test('explain shows the raw scores behind an answer', async () => {
  const e = await qa.explain('兰州南北两山累计完成绿化面积多少万亩？');
  assert.ok(e.retrieval);
  assert.ok((e.retrieval.chunks[0]?.sparse ?? 0) > 0);
  assert.ok(e.retrieval.terms.length > 0);
  assert.equal(e.refusal?.refused, false);
  assert.match(e.answer.text, /60万亩/);
});
