/**
 * The questions people actually ask, over invented reports in the newspaper's style (test/fixtures/answers):
 * open questions get the article, names printed only in headlines find it, the sentence holding the asked
 * fact is quoted, bylines and speaker labels never are, and summaries give key points once each.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config.js';
import { createChatModel } from '../../src/llm/chat.js';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { UNCHECKED_NOTICE } from '../../src/rag/wording.js';
import { openStore } from '../../src/store/connect.js';
import { runIngest } from '../../ingest/run.js';
import type { Answer } from '../../src/types.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/answers', import.meta.url));

let dir: string;
let cfg: Config;
let close: () => Promise<void>;
let qa: QaEngine;
let withModel: QaEngine;
let fake: FakeOpenAI;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cppcc-answer-types-'));
  cfg = loadConfig({ DATA_DIR: dir });
  const store = await openStore(cfg);
  await runIngest({ paths: [FIXTURES], client: store.client, cfg });
  close = () => store.close();
  qa = createQaService({ client: store.client, cfg });
  fake = await startFakeOpenAI();
  const chat = createChatModel(
    loadConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: fake.baseURL, LLM_MAX_RETRIES: '1' }),
    { retry: { baseDelayMs: 5, maxDelayMs: 10 } },
  );
  assert.ok(chat);
  withModel = createQaService({ client: store.client, cfg, chat });
});
after(async () => {
  await close();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every [n] is a stored paragraph quoted exactly, each number used for one paragraph only. */
async function assertCited(a: Answer): Promise<void> {
  assert.ok(a.citations.length > 0, 'cited');
  const keys = a.citations.map((c) => `${c.articleId}#${c.paragraphs.join(',')}`);
  assert.equal(new Set(keys).size, keys.length, 'one citation number per paragraph');
  for (const c of a.citations) {
    assert.match(a.text, new RegExp(`\\[${c.n}\\]`));
    const stored = await qa.paragraph(c.articleId, c.paragraphs[0] ?? 0);
    assert.equal(stored?.text, c.paragraphTexts[0]);
    if (c.quote !== undefined) assert.ok(c.paragraphTexts[0]?.includes(c.quote));
  }
}

test('"X市政协做了什么" (also in traditional characters) gets the article: title, lead and key points', async () => {
  for (const [q, title] of [
    ['成都市政协做了什么', '成都市政协开展社区食堂建设民主监督'],
    ['蘭州市政協做了什麼？', '兰州市政协协商推进黄河岸线生态修复'],
  ] as const) {
    const e = await qa.explain(q);
    assert.equal(e.answer.refused, false, q);
    assert.ok(!e.refusal?.missing.includes('做'), 'an asking verb is never a missing topic term');
    assert.ok(e.answer.text.includes(`《${title}》`), e.answer.text);
    const points = e.answer.text.split('\n').filter((l) => l.startsWith('• '));
    assert.ok(points.length >= 2 && points.length <= 3, `${points.length} key points`);
    await assertCited(e.answer);
  }
});

test('open questions about what the reports do not cover are still refused', async () => {
  for (const q of ['南昌市政协开展了哪些工作', '有没有关于足球联赛的报道', '政协委员对粮食储备有什么建议']) {
    const a = await qa.answer(q);
    assert.equal(a.refused, true, q);
    assert.equal(a.citations.length, 0);
  }
});

test('a member named only in a headline finds the article, answered from its body', async () => {
  for (const [q, fact] of [
    ['周明远委员说了什么', '低空经济产业园'],
    ['陈思齐委员的建议是什么', '智慧农业示范区'],
    ['林海潮谈了什么', '铁路物流基地'],
  ] as const) {
    const a = await qa.answer(q);
    assert.equal(a.refused, false, q);
    assert.ok(a.text.includes(fact), `${q}: ${a.text}`);
    assert.ok(
      a.citations.every((c) => !c.paragraphTexts[0]?.includes('：')),
      'cites body paragraphs',
    );
    await assertCited(a);
  }
});

test('"有多少个" quotes the total, not a sample counted on a visit', async () => {
  const a = await qa.answer('成都有多少个社区食堂？');
  assert.equal(a.refused, false);
  const first = a.text.split('\n').find((l) => l.includes('['));
  assert.match(first ?? '', /318个/);
  await assertCited(a);
});

test("a speech or a member's focus is answered with what was said, never the speaker label", async () => {
  const speech = await qa.answer('郑晓岚常委的发言讲了什么');
  assert.equal(speech.refused, false);
  assert.match(speech.text, /民营经济/);
  assert.doesNotMatch(speech.text, /“市政协常委 郑晓岚”/);
  const focus = await qa.answer('韩立峰委员关注什么问题');
  assert.equal(focus.refused, false);
  assert.match(focus.text, /专利转化/);
  assert.doesNotMatch(focus.text, /“政协委员 韩立峰”|摄/);
});

test('who / which agency / which typhoon: the quote names what was asked', async () => {
  for (const [q, fact] of [
    ['哪个机构扩大了新能源货车登记预审核试点？', '公安部交通管理局'],
    ['谁估价了清代刺绣屏风？', '马克·霍尔'],
    ['省防指召开会商会研判的是哪个台风？', '海葵'],
  ] as const) {
    const a = await qa.answer(q);
    assert.equal(a.refused, false, q);
    assert.ok(a.text.includes(fact), `${q}: ${a.text}`);
    await assertCited(a);
  }
});

test('a yes/no question leads with 是的 only when a report states it, never 是 over a negated sentence', async () => {
  const yes = await qa.answer('无人机袭击使港口暂停运转了吗？');
  assert.equal(yes.refused, false);
  assert.match(yes.text, /^是的。报道原文：/);
  assert.match(yes.text, /导致港口暂停运转/);
  await assertCited(yes);
  const no = await qa.answer('青石水库泄洪导致下游航道停航吗？');
  assert.equal(no.refused, false);
  assert.doesNotMatch(no.text, /^是/);
  assert.match(no.text, /^不是。报道原文：.*没有导致下游航道停航/s);
  await assertCited(no);
  // A report that only touches the question (no outage mentioned) gets the quote without a verdict.
  const open = await qa.answer('青石水库泄洪导致船舶停运了吗？');
  assert.equal(open.refused, false);
  assert.match(open.text, /^报道原文：/);
});

test('who did it, when the sentence leaves its subject to the paragraph before: both are quoted', async () => {
  const a = await qa.answer('谁感谢南湾国为北岸国港口建设提供的支持？');
  assert.equal(a.refused, false);
  assert.match(a.text, /陈安德/);
  assert.ok(a.text.indexOf('陈安德') < a.text.indexOf('感谢南湾国'), 'quoted in reading order');
  await assertCited(a);
});

test('a summary gives key points with the article count, no doubled quote marks, one number per source', async () => {
  const a = await qa.summarize('成都');
  assert.equal(a.refused, false);
  assert.match(a.text, /共1篇/);
  assert.doesNotMatch(a.text, /““|””/);
  const bullets = a.text.split('\n').filter((l) => l.startsWith('• '));
  assert.ok(bullets.length >= 2 && bullets.length <= 3, `${bullets.length} points, not every paragraph`);
  const numbers = bullets.map((l) => /\[(\d+)\]$/.exec(l)?.[1]);
  assert.equal(new Set(numbers).size, bullets.length, 'each bullet has its own citation');
  await assertCited(a);
});

test('with a model, an open question goes to the model; its NO_ANSWER gives the offline answer', async () => {
  fake.chat({ kind: 'reply', chunks: ['NO_ANSWER'] });
  const noAnswer = await withModel.answer('周明远委员说了什么');
  assert.equal(fake.requests.length, 1, 'the lexical check did not pre-empt the model');
  // Never worse than offline: the offline core answers this question, so NO_ANSWER is not a refusal.
  const off = await qa.answer('周明远委员说了什么');
  assert.equal(noAnswer.refused, off.refused);
  assert.equal(noAnswer.text, off.text);
  if (!off.refused) assert.equal(noAnswer.notice, UNCHECKED_NOTICE);
  fake.reset();
  fake.chat({
    kind: 'compute',
    reply: (body) => {
      const system = (body.messages as { content: string }[])[0]?.content ?? '';
      const n = /^\[(\d+)\][^\n]*\n[^\n]*低空经济产业园/m.exec(system)?.[1] ?? '1';
      return [`周明远建议建设低空经济产业园，引进整机制造企业[${n}]。`];
    },
  });
  const a = await withModel.answer('周明远委员说了什么');
  assert.equal(a.refused, false);
  assert.equal(a.mode, 'llm');
  assert.match(a.text, /整机制造企业\[1\]/);
  assert.equal(a.citations[0]?.title, '绵阳市政协委员周明远：推动低空经济起飞');
});
