/**
 * LLM mode end to end: the real answer core over the sample reports in the embedded store, the real `openai`
 * SDK, and a fake OpenAI-compatible server scripted per test (streamed citations split across chunks,
 * full-width and out-of-range markers, 429 then success, 500s and timeouts then the extractive fallback,
 * citations the support check must drop, English questions, map → reduce summaries).
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { createChatModel } from '../../src/llm/chat.js';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { FALLBACK_NOTICE, UNCHECKED_NOTICE } from '../../src/rag/wording.js';
import type { Answer } from '../../src/types.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { openSampleStore, type SampleStore } from './helpers.js';

let fake: FakeOpenAI;
let store: SampleStore;
let qa: QaEngine;

const QUESTION = '苏州市政协委员张立群建议设立多大规模的古城保护专项基金？';

before(async () => {
  fake = await startFakeOpenAI();
  store = await openSampleStore();
  const cfg = loadConfig({
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: fake.baseURL,
    LLM_TIMEOUT_MS: '400',
    LLM_MAX_RETRIES: '1',
  });
  const chat = createChatModel(cfg, { retry: { baseDelayMs: 5, maxDelayMs: 10 } });
  assert.ok(chat);
  qa = createQaService({ client: store.client, cfg: store.cfg, chat });
});
beforeEach(() => fake.reset());
after(async () => {
  await store.close();
  await fake.close();
});

/** The prompt's numbered passages: "[n]《title》（date）" then one paragraph. */
function numbered(body: Record<string, unknown>): { n: number; title: string; text: string }[] {
  const system = (body.messages as { content: string }[])[0]?.content ?? '';
  return [...system.matchAll(/^\[(\d+)\]《([^》]*)》[^\n]*\n([^\n]*)/gm)].map((m) => ({
    n: Number(m[1]),
    title: m[2] ?? '',
    text: m[3] ?? '',
  }));
}

/** The number the prompt gave the paragraph holding `needle`. */
function numberOf(body: Record<string, unknown>, needle: string): number {
  const hit = numbered(body).find((p) => p.text.includes(needle));
  assert.ok(hit, `the prompt numbers a paragraph holding ${needle}`);
  return hit.n;
}

/** Every citation is a stored paragraph, verbatim, and its marker is in the text. */
async function assertCitationsReal(a: Answer): Promise<void> {
  assert.ok(a.citations.length > 0, 'expected citations');
  for (const c of a.citations) {
    assert.match(a.text, new RegExp(`\\[${c.n}\\]`));
    for (const [i, n] of c.paragraphs.entries()) {
      assert.equal((await qa.paragraph(c.articleId, n))?.text, c.paragraphTexts[i]);
    }
  }
}

/** Cites exactly the one paragraph that states the 2亿元 fund, not the rest of its article. */
function assertCitesSuzhouFund(a: Answer): void {
  assert.equal(a.citations.length, 1);
  const c = a.citations[0];
  assert.ok(c);
  assert.equal(c.n, 1);
  assert.equal(c.title, '让古城在保护中焕发新活力');
  assert.equal(c.paragraphs.length, 1, 'one paragraph, not the whole article');
  assert.equal(c.paragraphTexts.length, 1);
  assert.match(c.paragraphTexts[0] ?? '', /张立群建议，设立规模为2亿元的古城保护专项基金/);
}

test('a streamed answer keeps a citation split across chunks and maps it to the real paragraph', async () => {
  fake.chat({
    kind: 'compute',
    reply: (body) => [
      '市政协委员张立群建议设立规模为2亿元的古城保护专项基金',
      '[',
      String(numberOf(body, '2亿元')),
      ']。',
    ],
  });
  const partials: string[] = [];
  const a = await qa.answer(QUESTION, { onPartial: (t) => partials.push(t) });
  assert.equal(a.mode, 'llm');
  assert.equal(a.refused, false);
  assert.match(a.text, /2亿元的古城保护专项基金\[1\]。/);
  assertCitesSuzhouFund(a);
  assert.ok(partials.length > 0, 'streamed partial text');
  assert.ok(
    partials.every((p) => !/\[$|\[1$/.test(p)),
    'no half marker shown',
  );
  // The model saw single paragraphs, each numbered and titled, at most 24 of them.
  const shown = numbered(fake.requests.at(-1)?.body ?? {});
  assert.ok(shown.length > 1 && shown.length <= 24, `${shown.length} paragraphs shown`);
  assert.deepEqual(
    shown.map((p) => p.n),
    shown.map((_, i) => i + 1),
  );
  const fund = shown.find((p) => p.text.includes('2亿元'));
  assert.equal(fund?.title, '让古城在保护中焕发新活力');
  assert.doesNotMatch(fund?.text ?? '', /钱文华/, 'the next paragraph is a passage of its own');
});

test('full-width markers are accepted and numbers that point nowhere are dropped', async () => {
  fake.chat({
    kind: 'compute',
    reply: (body) => [
      `张立群建议设立规模为2亿元的古城保护专项基金【${numberOf(body, '2亿元')}】，并引导社会资本参与老宅修缮[99]。`,
    ],
  });
  const a = await qa.answer(QUESTION);
  assert.equal(a.mode, 'llm');
  assert.doesNotMatch(a.text, /\[99\]|【/);
  assertCitesSuzhouFund(a);
});

test('full-width and out-of-range markers split across stream chunks never show half-done in partial text', async () => {
  fake.chat({
    kind: 'compute',
    reply: (body) => [
      '张立群建议设立规模为2亿元',
      '的古城保护专项基金',
      '【',
      String.fromCharCode(0xff10 + numberOf(body, '2亿元')),
      '】[',
      '99]。',
    ],
  });
  const partials: string[] = [];
  const a = await qa.answer(QUESTION, { onPartial: (t) => partials.push(t) });
  assert.equal(a.text, '张立群建议设立规模为2亿元的古城保护专项基金[1]。');
  assertCitesSuzhouFund(a);
  // One sentence: it is shown once it is whole and checked, never before.
  assert.ok(partials.length >= 1, 'streamed partial text');
  for (const p of partials) assert.ok(a.text.startsWith(p), `a partial is a prefix of the answer: ${p}`);
  for (const p of partials) assert.doesNotMatch(p, /【|\[99|\[$/);
});

test('a 429 (Retry-After) is retried and the answer still arrives', async () => {
  fake.chat(
    { kind: 'status', status: 429, retryAfterMs: '30' },
    {
      kind: 'compute',
      reply: (body) => [`张立群建议设立规模为2亿元的古城保护专项基金[${numberOf(body, '2亿元')}]。`],
    },
  );
  const a = await qa.answer(QUESTION);
  assert.equal(a.mode, 'llm');
  assertCitesSuzhouFund(a);
  assert.equal(fake.requests.length, 2, 'one refused request, one answered');
});

test('when the LLM keeps failing (500s) the answer falls back to quotes, and says so', async () => {
  fake.chat({ kind: 'status', status: 500 }, { kind: 'status', status: 500 });
  const a = await qa.answer(QUESTION);
  assert.equal(a.mode, 'fallback');
  assert.equal(a.notice, FALLBACK_NOTICE);
  assert.equal(a.refused, false);
  assert.match(a.text, /2亿元/);
  const c = a.citations[0];
  assert.ok(c?.quote && c.paragraphTexts[0]?.includes(c.quote));
});

test('a timed-out LLM falls back to quotes, and says so', async () => {
  fake.chat({ kind: 'hang' }, { kind: 'hang' });
  const a = await qa.answer(QUESTION);
  assert.equal(a.mode, 'fallback');
  assert.equal(a.notice, FALLBACK_NOTICE);
  assert.equal(a.refused, false);
  assert.match(a.text, /2亿元/);
  await assertCitationsReal(a);
});

test('NO_ANSWER, or an answer without a valid citation, on a question the offline core answers: the offline answer', async () => {
  fake.chat({ kind: 'reply', chunks: ['NO_ANSWER\n这些段落讲的是古城保护。'] });
  const a = await qa.answer(QUESTION);
  assert.equal(a.refused, false);
  assert.equal(a.mode, 'fallback');
  assert.equal(a.notice, UNCHECKED_NOTICE);
  assert.match(a.text, /2亿元/);
  await assertCitationsReal(a);
  fake.chat({ kind: 'reply', chunks: ['据我所知，这个基金规模是5亿元。'] });
  const b = await qa.answer(QUESTION);
  assert.equal(b.refused, false);
  assert.equal(b.notice, UNCHECKED_NOTICE);
  assert.doesNotMatch(b.text, /5亿元/);
  assert.match(b.text, /2亿元/);
});

test('a citation to a paragraph of the same article that does not state the fact is dropped', async () => {
  // Both paragraphs are from the fund's article: only the one stating the fund may back the sentence.
  fake.chat({
    kind: 'compute',
    reply: (body) => [
      `张立群建议设立规模为2亿元的古城保护专项基金[${numberOf(body, '2亿元')}][${numberOf(body, '钱文华')}]。`,
    ],
  });
  const a = await qa.answer(QUESTION);
  assert.equal(a.mode, 'llm');
  assert.equal(a.refused, false);
  assert.match(a.text, /专项基金\[1\]。$/);
  assertCitesSuzhouFund(a);

  // Cited only to the neighbouring paragraph about 数字档案: the claim goes, and the offline answer stands in.
  fake.chat({
    kind: 'compute',
    reply: (body) => [`张立群建议设立规模为2亿元的古城保护专项基金[${numberOf(body, '沈一鸣')}]。`],
  });
  const b = await qa.answer(QUESTION);
  assert.equal(b.mode, 'fallback');
  assert.equal(b.notice, UNCHECKED_NOTICE);
  assert.ok(b.citations.every((c) => !/沈一鸣/.test(c.paragraphTexts.join(''))));
  await assertCitationsReal(b);
});

test('a claim whose only citation points at an unrelated paragraph is replaced by the offline answer', async () => {
  fake.chat({
    kind: 'compute',
    reply: (body) => {
      const wrong = numbered(body).find((p) => !p.text.includes('2亿元') && !p.text.includes('古城'));
      assert.ok(wrong, 'the prompt holds an unrelated passage');
      return ['张立群建议设立规模为2亿元的古城保护专项基金', `[${wrong.n}]。`];
    },
  });
  const a = await qa.answer(QUESTION);
  assert.equal(a.mode, 'fallback');
  assert.equal(a.notice, UNCHECKED_NOTICE);
  assert.match(a.text, /2亿元/);
  await assertCitationsReal(a);
});

test('an English question is translated for search and answered in English with citations', async () => {
  fake.chat(
    { kind: 'reply', chunks: [QUESTION] },
    {
      kind: 'compute',
      reply: (body) => [
        `Zhang Liqun (张立群) proposed a special fund of 2亿元 to protect the old city [${numberOf(body, '2亿元')}].`,
      ],
    },
  );
  const a = await qa.answer(
    'How large a fund did Zhang Liqun propose for protecting the old city of Suzhou?',
  );
  assert.equal(a.lang, 'en');
  assert.equal(a.mode, 'llm');
  assert.equal(a.searchedQuestion, QUESTION.replace('？', '?'));
  assertCitesSuzhouFund(a);
});

test('an LLM summary cites single paragraphs of every article of the place', async () => {
  // The two map calls run concurrently and may arrive in either order: each reply follows its article.
  const mapReply = (body: Record<string, unknown>) =>
    JSON.stringify(body).includes('旌阳')
      ? ['旌阳区政协今年已在镇街设立委员工作室8个[2]。']
      : ['成都市政协围绕社区嵌入式养老服务设施建设开展专项监督[1]。'];
  fake.chat(
    { kind: 'compute', reply: mapReply },
    { kind: 'compute', reply: mapReply },
    // Reduce: markers are global (成都 has 5 paragraphs, so 旌阳's 2nd paragraph is [7]).
    {
      kind: 'reply',
      chunks: ['成都市政协开展社区养老服务设施建设专项监督[1]；旌阳区政协在镇街设立委员工作室8个[7]。'],
    },
  );
  const a = await qa.summarize('四川');
  assert.equal(fake.requests.length, 3, 'one map call per article, then one reduce');
  assert.equal(a.mode, 'llm');
  assert.equal(a.refused, false);
  assert.deepEqual(
    a.citations.map((c) => c.paragraphs.length),
    a.citations.map(() => 1),
  );
  assert.ok(a.citations.some((c) => c.title.startsWith('成都市政协')));
  assert.ok(a.citations.some((c) => c.title.startsWith('德阳市旌阳区')));
  await assertCitationsReal(a);
});
