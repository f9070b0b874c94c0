/**
 * LLM mode checked by code, with a scripted model over reports invented for this test: fabricated names and
 * numbers behind real citations, uncited claims, out-of-range markers, NO_ANSWER, an answer to another question
 * and a fully correct answer — each asked with streaming (partials) and without. Assertions are on what the reader
 * receives: the Answer's text and citations, and every partial text shown while the model wrote.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { UNCHECKED_NOTICE } from '../../src/rag/wording.js';
import type { Answer } from '../../src/types.js';
import { fakeChatModel } from '../support/fake-chat.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { openReportStore, type SampleStore } from './helpers.js';

/** Invented reports (real place names, made-up events and people). */
const REPORTS: Record<string, string> = {
  'jiujiang.txt': [
    '# 九江市政协召开长江岸线生态修复专题协商会',
    '',
    '11月3日，九江市政协召开“长江岸线生态修复”专题协商会，市政协主席周文澜主持会议。',
    '',
    '市政协委员何秋实建议，设立规模为3000万元的岸线修复基金，并在湖口县建设2个湿地示范点。',
    '',
    '会议共收到书面建议46条，市生态环境局、市水利局负责同志到会回应委员关切。',
    '',
  ].join('\n'),
  'linyi.txt': [
    '# 临沂市政协调研乡村旅游发展',
    '',
    '临沂市政协组织委员赴沂南县调研乡村旅游发展，走访农家乐和民宿31家。',
    '',
    '委员们还赴上海、杭州学习借鉴乡村民宿运营经验。',
    '',
    '市政协副主席孙雨桐表示，将形成调研报告报送市委市政府，推动出台民宿扶持办法。',
    '',
  ].join('\n'),
};

let store: SampleStore;
let fake: FakeOpenAI;
let qa: QaEngine;
let offline: QaEngine;

before(async () => {
  store = await openReportStore(REPORTS);
  fake = await startFakeOpenAI();
  qa = createQaService({ client: store.client, cfg: store.cfg, chat: fakeChatModel(fake) });
  offline = createQaService({ client: store.client, cfg: store.cfg });
});
beforeEach(() => fake.reset());
after(async () => {
  await store.close();
  await fake.close();
});

/** The number the prompt gave the paragraph holding `needle`. */
function numberOf(body: Record<string, unknown>, needle: string): number {
  const system = (body.messages as { content: string }[])[0]?.content ?? '';
  const m = [...system.matchAll(/^\[(\d+)\]《[^》]*》[^\n]*\n([^\n]*)/gm)].find((x) =>
    x[2]?.includes(needle),
  );
  assert.ok(m, `the prompt numbers a paragraph holding ${needle}`);
  return Number(m[1]);
}

interface Received {
  answer: Answer;
  /** Every partial text the reader was shown while the model wrote (empty when not streaming). */
  partials: string[];
}

/** Asks with the model scripted by `reply`, streaming (partials) or not. */
async function ask(
  question: string,
  reply: (body: Record<string, unknown>) => string[],
  streaming: boolean,
): Promise<Received> {
  fake.chat({ kind: 'compute', reply });
  const partials: string[] = [];
  const answer = await qa.answer(question, streaming ? { onPartial: (t) => partials.push(t) } : {});
  return { answer, partials };
}

/** Nothing the reader receives — the answer, its citations' quotes, any partial — holds these strings. */
function assertNeverShown(r: Received, fabricated: string[]): void {
  for (const f of fabricated) {
    assert.ok(!r.answer.text.includes(f), `the answer shows ${f}: ${r.answer.text}`);
    for (const p of r.partials) assert.ok(!p.includes(f), `a partial showed ${f}: ${p}`);
  }
}

/** Every partial is a prefix of the final text: nothing shown is taken back. */
function assertPartialsGrow(r: Received): void {
  for (const p of r.partials) assert.ok(r.answer.text.startsWith(p), `partial not in the answer: ${p}`);
}

for (const streaming of [true, false]) {
  describe(`scripted model, ${streaming ? 'streamed with partials' : 'no partials'}`, () => {
    it('a fully correct answer passes through intact with its citations', async () => {
      const r = await ask(
        '九江市政协主席是谁？',
        (b) => [`九江市政协召开专题协商会，市政协主席周文澜主持会议[${numberOf(b, '周文澜')}]。`],
        streaming,
      );
      assert.equal(r.answer.mode, 'llm');
      assert.equal(r.answer.text, '九江市政协召开专题协商会，市政协主席周文澜主持会议[1]。');
      assert.equal(r.answer.citations.length, 1);
      assert.match(r.answer.citations[0]?.paragraphTexts[0] ?? '', /周文澜/);
      if (streaming) assert.equal(r.partials.at(-1), r.answer.text);
      assertPartialsGrow(r);
    });

    it('a fabricated name behind a real citation never reaches the reader; the offline answer does', async () => {
      const r = await ask(
        '九江市政协主席是谁？',
        (b) => [`九江市政协主席是张三[${numberOf(b, '周文澜')}]。`],
        streaming,
      );
      assertNeverShown(r, ['张三']);
      assert.equal(r.answer.mode, 'fallback');
      assert.equal(r.answer.notice, UNCHECKED_NOTICE);
      assert.match(r.answer.text, /周文澜/);
      assert.deepEqual(r.partials, [], 'nothing of the failed reply was shown');
    });

    it('a fabricated number behind a real citation never reaches the reader', async () => {
      const r = await ask(
        '何秋实建议设立的岸线修复基金规模是多少？',
        (b) => [`何秋实建议设立规模为8000万元的岸线修复基金[${numberOf(b, '何秋实')}]。`],
        streaming,
      );
      assertNeverShown(r, ['8000']);
      assert.equal(r.answer.notice, UNCHECKED_NOTICE);
      assert.match(r.answer.text, /3000万元/);
    });

    it('an uncited claim and an out-of-range marker are removed, the checked sentence stays', async () => {
      const r = await ask(
        '何秋实建议设立多大规模的岸线修复基金？',
        (b) => [
          `何秋实建议设立规模为3000万元的岸线修复基金[${numberOf(b, '何秋实')}]。`,
          '他曾在北京工作多年。',
          '另据报道，九江市政协共有委员800人[99]。',
        ],
        streaming,
      );
      assertNeverShown(r, ['北京', '800人', '[99]']);
      assert.equal(r.answer.mode, 'llm');
      assert.equal(r.answer.text, '何秋实建议设立规模为3000万元的岸线修复基金[1]。');
      assert.equal(r.answer.citations.length, 1);
      assertPartialsGrow(r);
    });

    it('the three claims of a confident fabrication over reports that name none of it: none reaches the reader', async () => {
      const r = await ask(
        '上海市政协主席是谁？',
        (b) => [
          `上海市政协主席是张三[${numberOf(b, '上海')}]。`,
          `他曾在北京工作多年[${numberOf(b, '周文澜')}]。`,
          '另据报道，上海市政协共有委员800人[9]。',
        ],
        streaming,
      );
      assertNeverShown(r, ['张三', '北京', '800']);
      // The model's reply does not stand: the offline answer (or, as here where no report states the chair, a
      // refusal before the model is asked) is what the reader gets.
      assert.ok(r.answer.refused || r.answer.mode !== 'llm', 'the model reply does not stand');
    });

    it('NO_ANSWER on a question the offline core answers gives the offline answer with a notice', async () => {
      const r = await ask('九江市政协主席是谁？', () => ['NO_ANSWER\n这些段落讲的是乡村旅游。'], streaming);
      const off = await offline.answer('九江市政协主席是谁？');
      assert.equal(off.refused, false);
      assert.equal(r.answer.refused, false);
      assert.equal(r.answer.notice, UNCHECKED_NOTICE);
      assert.equal(r.answer.text, off.text);
      assert.deepEqual(r.partials, []);
    });

    it('NO_ANSWER or a fabrication on a question the offline core refuses is a refusal', async () => {
      const question = '广州市政协今年收到多少件提案？';
      assert.equal((await offline.answer(question)).refused, true);
      for (const reply of [['NO_ANSWER'], ['广州市政协今年收到提案520件[1]。']]) {
        const r = await ask(question, () => reply, streaming);
        assert.equal(r.answer.refused, true);
        assertNeverShown(r, ['520']);
      }
    });

    it('a role the cited paragraph does not give that person (a deputy named as the chair) never reaches the reader', async () => {
      const question = '临沂市政协主席是谁？';
      assert.equal((await offline.answer(question)).refused, true);
      const r = await ask(question, (b) => [`临沂市政协主席是孙雨桐[${numberOf(b, '孙雨桐')}]。`], streaming);
      assert.equal(r.answer.refused, true);
      assertNeverShown(r, ['主席是孙雨桐']);
    });

    it('a true, cited answer to another question is not taken for the answer', async () => {
      const r = await ask(
        '九江市政协主席是谁？',
        (b) => [
          `临沂市政协组织委员赴沂南县调研乡村旅游发展，走访农家乐和民宿31家[${numberOf(b, '民宿31家')}]。`,
        ],
        streaming,
      );
      assert.equal(r.answer.mode, 'fallback');
      assert.match(r.answer.text, /周文澜/);
      assert.doesNotMatch(r.answer.text, /沂南/);
      assert.deepEqual(r.partials, []);
    });
  });
}

describe('the prompt', () => {
  it('names the asked slot and allows NO_ANSWER', async () => {
    fake.chat({ kind: 'reply', chunks: ['NO_ANSWER'] });
    await qa.answer('九江市政协主席是谁？');
    const system = (fake.requests.at(-1)?.body.messages as { content: string }[])[0]?.content ?? '';
    assert.match(system, /问题要的是一个人/);
    assert.match(system, /NO_ANSWER/);
  });
});
