import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatModel } from '../../src/llm/chat.js';
import { LlmError } from '../../src/llm/errors.js';
import {
  generateAnswer,
  rewriteFollowUp,
  summarizeMapReduce,
  translateQuery,
  type GenPassage,
} from '../../src/rag/generate.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { fakeChatModel } from '../support/fake-chat.js';
import { PASSAGES, S0, S1, S2 } from '../support/passages.js';

const P: GenPassage[] = PASSAGES;

type Messages = { role: string; content: string }[];
const messagesOf = (fake: FakeOpenAI, i: number): Messages => fake.requests[i]?.body.messages as Messages;

describe('generate (LLM mode) against a fake OpenAI-compatible server', () => {
  let fake: FakeOpenAI;
  let chat: ChatModel;
  /** A short idle timeout for the hang/stall tests only, so a busy CI does not flake the others. */
  let quick: ChatModel;

  before(async () => {
    fake = await startFakeOpenAI();
    chat = fakeChatModel(fake);
    quick = fakeChatModel(fake, 300);
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  describe('generateAnswer', () => {
    it('turns markers split across chunks, full-width and out-of-range ones into clean [n] citations', async () => {
      fake.chat({
        kind: 'reply',
        chunks: [`${S0}[`, '1', `]。${S1}【`, '２】［', '9］。', `${S2}[3`, ', 7]。'],
      });
      const partials: string[] = [];
      const r = await generateAnswer({
        question: '各地政协最近做了什么？',
        lang: 'zh',
        passages: P,
        chat,
        onPartial: (t) => partials.push(t),
      });
      assert.equal(r.text, `${S0}[1]。${S1}[2]。${S2}[3]。`);
      assert.deepEqual(r.used, [0, 1, 2]);
      assert.equal(r.outOfRange, 2);
      assert.equal(r.noAnswer, false);
      assert.equal(r.unsupported, 0);
      assert.ok(partials.length >= 3, 'streamed in several steps');
      for (const p of partials) assert.doesNotMatch(p, /[【［]|\[\d*$|\[9\]|\[7\]/, p);
      assert.equal(partials.at(-1), r.text);
    });

    it('shows the model numbered paragraphs with titles and dates, and the question', async () => {
      fake.chat({ kind: 'reply', chunks: [`${S0}[1]。`] });
      await generateAnswer({ question: '青石市政协开了什么会？', lang: 'zh', passages: P, chat });
      const [system, user] = messagesOf(fake, 0);
      assert.equal(system?.role, 'system');
      assert.match(system?.content ?? '', /\[1\]《青石市政协召开常委会议》（2024年10月26日）\n10月26日/);
      assert.match(system?.content ?? '', /\[3\]《红岭区政协开展民主监督》\n红岭区/);
      assert.match(system?.content ?? '', /NO_ANSWER/);
      assert.doesNotMatch(system?.content ?? '', /\{\{/);
      assert.deepEqual(user, { role: 'user', content: '青石市政协开了什么会？' });
      assert.equal(fake.requests[0]?.body.stream, true);
    });

    it('uses the English prompt for English questions', async () => {
      fake.chat({
        kind: 'reply',
        chunks: ['Qingshi (青石市) CPPCC held its 5th standing committee meeting [1].'],
      });
      const r = await generateAnswer({
        question: 'What meeting did Qingshi hold?',
        lang: 'en',
        passages: P,
        chat,
      });
      assert.match(messagesOf(fake, 0)[0]?.content ?? '', /Answer in English/);
      assert.deepEqual(r.used, [0]);
    });

    it('detects NO_ANSWER and shows nothing of that reply', async () => {
      fake.chat({ kind: 'reply', chunks: ['NO_', 'ANSWER\n', '这些段落讲的是', '青石市政协的会议。'] });
      const partials: string[] = [];
      const r = await generateAnswer({
        question: '青石市的GDP是多少？',
        lang: 'zh',
        passages: P,
        chat,
        onPartial: (t) => partials.push(t),
      });
      assert.equal(r.noAnswer, true);
      assert.deepEqual(r.used, []);
      // The explanation names a place with no citation: an unchecked claim, removed; nothing was streamed.
      assert.doesNotMatch(r.text, /NO_ANSWER|青石市/);
      assert.deepEqual(partials, []);
    });

    it('drops a citation to a paragraph that does not support the sentence', async () => {
      fake.chat({ kind: 'reply', chunks: [`${S0}[2]。`] });
      const r = await generateAnswer({ question: '青石市政协开了什么会？', lang: 'zh', passages: P, chat });
      // The sentence is left without a citation: a claim nobody vouches for is removed whole.
      assert.equal(r.text, '');
      assert.deepEqual(r.used, []);
      assert.equal(r.unsupported, 1);
      assert.equal(r.removed[0]?.reason, 'uncited');
    });

    it('rides out a 429 before the first token', async () => {
      fake.chat(
        { kind: 'status', status: 429, retryAfterMs: '20' },
        { kind: 'reply', chunks: [`${S1}[2]。`] },
      );
      const r = await generateAnswer({ question: '白河县提了几条建议？', lang: 'zh', passages: P, chat });
      assert.deepEqual(r.used, [1]);
      assert.equal(fake.requests.length, 2);
    });

    it('rejects with an LlmError when the provider times out, so the caller can fall back', async () => {
      fake.chat({ kind: 'hang' }, { kind: 'hang' });
      await assert.rejects(
        generateAnswer({ question: '白河县提了几条建议？', lang: 'zh', passages: P, chat: quick }),
        (e: unknown) => e instanceof LlmError && e.kind === 'timeout',
      );
    });

    it('rejects when the stream stalls after tokens were shown (no silent half answer)', async () => {
      fake.chat({ kind: 'stall', chunks: [`${S1}[2]。`, '红岭区'] });
      const partials: string[] = [];
      await assert.rejects(
        generateAnswer({
          question: '白河县？',
          lang: 'zh',
          passages: P,
          chat,
          onPartial: (t) => partials.push(t),
        }),
        LlmError,
      );
      assert.ok(partials.length > 0);
      assert.equal(fake.requests.length, 1);
    });
  });

  describe('rewriteFollowUp and translateQuery', () => {
    const turns = [{ question: '青石市政协最近开了什么会？', answer: `${S0}[1]。` }];

    it('rewrites a follow-up from the recent turns and cleans the reply', async () => {
      fake.chat({ kind: 'reply', chunks: ['改写后的问题：“白河县政协最近开了什么会？”\n'] });
      const q = await rewriteFollowUp(chat, turns, '那白河县呢？');
      assert.equal(q, '白河县政协最近开了什么会？');
      const user = messagesOf(fake, 0)[1]?.content ?? '';
      assert.match(user, /用户：青石市政协最近开了什么会？/);
      assert.match(user, /追问：那白河县呢？/);
      assert.doesNotMatch(user, /\[1\]/);
    });

    it('keeps the question when there is no history (no model call) or the reply is empty', async () => {
      assert.equal(await rewriteFollowUp(chat, [], '白河县政协做了什么？'), '白河县政协做了什么？');
      assert.equal(fake.requests.length, 0);
      fake.chat({ kind: 'reply', chunks: ['  \n'] });
      assert.equal(await rewriteFollowUp(chat, turns, '那白河县呢？'), '那白河县呢？');
    });

    it('translates an English question into a Chinese query', async () => {
      fake.chat({ kind: 'reply', chunks: ['白河县政协', '提出了哪些建议'] });
      assert.equal(await translateQuery(chat, 'What did Baihe CPPCC propose?'), '白河县政协提出了哪些建议');
      assert.equal(messagesOf(fake, 0)[1]?.content, 'What did Baihe CPPCC propose?');
    });
  });

  describe('summarizeMapReduce', () => {
    it('maps each group, gives its citations global numbers, reduces, and checks the result', async () => {
      fake.chat(
        { kind: 'reply', chunks: [`- ${S0}[1]。`] },
        { kind: 'reply', chunks: [`- ${S1}[1]。\n- ${S2}[2]。\n- 编造的要点[5]。`] },
        {
          kind: 'reply',
          chunks: [`会议：${S0}[1]。`, `调研：${S1}[2]。`, `监督：${S2}[3]。另有${S0}[3]。`],
        },
      );
      const partials: string[] = [];
      const r = await summarizeMapReduce({
        chat,
        place: '示例省',
        groups: [[P[0] as GenPassage], [P[1] as GenPassage, P[2] as GenPassage]],
        lang: 'zh',
        concurrency: 1,
        onPartial: (t) => partials.push(t),
      });
      assert.equal(fake.requests.length, 3);
      const reduceInput = messagesOf(fake, 2)[0]?.content ?? '';
      assert.match(reduceInput, new RegExp(`${S0}\\[1\\]`));
      assert.match(reduceInput, new RegExp(`${S1}\\[2\\]`));
      assert.match(reduceInput, new RegExp(`${S2}\\[3\\]`));
      assert.doesNotMatch(reduceInput, /\[5\]/);
      // "另有…[3]" cites a paragraph that does not say it: the sentence goes, and the reader never saw it.
      assert.equal(r.text, `会议：${S0}[1]。调研：${S1}[2]。监督：${S2}[3]。`);
      assert.deepEqual(r.used, [0, 1, 2]);
      assert.equal(r.unsupported, 1);
      assert.equal(r.outOfRange, 1);
      assert.equal(partials.at(-1), r.text);
      for (const p of partials) assert.doesNotMatch(p, /另有/);
    });

    it('uses one call for a single group', async () => {
      fake.chat({ kind: 'reply', chunks: [`- ${S2}[3]。`] });
      const r = await summarizeMapReduce({ chat, place: '红岭区', groups: [P], lang: 'zh' });
      assert.equal(fake.requests.length, 1);
      assert.match(messagesOf(fake, 0)[0]?.content ?? '', /红岭区/);
      assert.deepEqual(r.used, [2]);
      assert.equal(r.text, `- ${S2}[1]。`);
    });

    it('reports noAnswer when no group yields a citable point', async () => {
      fake.chat({ kind: 'reply', chunks: ['NO_ANSWER'] }, { kind: 'reply', chunks: ['NO_ANSWER'] });
      const r = await summarizeMapReduce({
        chat,
        place: '别处',
        groups: [[P[0] as GenPassage], [P[1] as GenPassage]],
        lang: 'zh',
      });
      assert.equal(r.noAnswer, true);
      assert.deepEqual(r.used, []);
      assert.equal(fake.requests.length, 2);
    });
  });
});
