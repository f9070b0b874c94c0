/**
 * LLM mode end to end: the real answer core over the sample reports in the embedded store, the real `openai`
 * SDK, and a fake OpenAI-compatible server scripted per test (streamed citations split across chunks,
 * full-width and out-of-range markers, 429 then success, timeout then the extractive fallback).
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import type { Answer } from '../../src/types.js';
import { openSampleStore, type SampleStore } from '../rag/helpers.js';
import { fakeChatModel } from '../support/fake-chat.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

const QUESTION = '苏州市政协委员张立群建议设立多大规模的古城保护专项基金？';

interface Numbered {
  n: number;
  title: string;
  text: string;
}

/** The passages the model was shown: "[n]《title》（date）" then the passage text (one paragraph). */
function passagesIn(body: Record<string, unknown>): Numbered[] {
  const messages = body.messages as { role: string; content: string }[];
  const system = messages[0]?.content ?? '';
  return system
    .split(/\n\n(?=\[\d+\]《)/)
    .map((block) => /^\[(\d+)\]《([^》]*)》[^\n]*\n([\s\S]*)$/.exec(block))
    .filter((m) => m !== null)
    .map((m) => ({ n: Number(m[1]), title: m[2] ?? '', text: m[3] ?? '' }));
}

/** The clause of the numbered passage holding `needle`, as a model would restate it. */
function clauseWith(body: Record<string, unknown>, needle: string): { n: number; clause: string } {
  const p = passagesIn(body).find((x) => x.text.includes(needle));
  assert.ok(p, `the prompt holds a passage with ${needle}`);
  const clause = p.text.split(/[。！？\n]/).find((c) => c.includes(needle)) ?? '';
  return { n: p.n, clause: clause.replace(/^[“”"]+/, '') };
}

describe('answer() in LLM mode against a fake OpenAI-compatible server', () => {
  let store: SampleStore;
  let fake: FakeOpenAI;
  let qa: QaEngine;
  let quickQa: QaEngine;

  before(async () => {
    store = await openSampleStore();
    fake = await startFakeOpenAI();
    qa = createQaService({ client: store.client, cfg: store.cfg, chat: fakeChatModel(fake) });
    quickQa = createQaService({ client: store.client, cfg: store.cfg, chat: fakeChatModel(fake, 300) });
  });
  after(async () => {
    await fake.close();
    await store.close();
  });
  beforeEach(() => fake.reset());

  /** Every citation is a stored paragraph, and its marker is in the text. */
  async function assertCitationsReal(a: Answer): Promise<void> {
    assert.ok(a.citations.length > 0, 'expected citations');
    for (const c of a.citations) {
      assert.match(a.text, new RegExp(`\\[${c.n}\\]`));
      for (const [i, n] of c.paragraphs.entries()) {
        assert.equal((await qa.paragraph(c.articleId, n))?.text, c.paragraphTexts[i]);
      }
    }
  }

  it('streams a cited answer: split, full-width and out-of-range markers come out as checked [1]', async () => {
    let clause = '';
    fake.chat({
      kind: 'compute',
      reply: (body) => {
        const hit = clauseWith(body, '2亿元');
        clause = hit.clause;
        const half = Math.floor(clause.length / 2);
        return [
          clause.slice(0, half),
          clause.slice(half),
          '【',
          String.fromCharCode(0xff10 + hit.n),
          '】[',
          '99]。',
        ];
      },
    });
    const partials: string[] = [];
    const a = await qa.answer(QUESTION, { onPartial: (t) => partials.push(t) });
    assert.equal(a.mode, 'llm');
    assert.equal(a.refused, false);
    assert.equal(a.text, `${clause}[1]。`);
    assert.equal(a.citations.length, 1);
    // Exactly the paragraph that states the fund, not its whole article.
    const [c] = a.citations;
    assert.equal(c?.paragraphs.length, 1);
    assert.equal(c?.paragraphTexts.length, 1);
    assert.ok(c?.paragraphTexts[0]?.includes(clause), 'the cited paragraph holds the restated clause');
    await assertCitationsReal(a);
    assert.ok(partials.length >= 2);
    for (const p of partials) assert.doesNotMatch(p, /【|\[99|\[$/);
  });

  it('rides out a 429 (Retry-After) and still answers with the model', async () => {
    fake.chat(
      { kind: 'status', status: 429, retryAfterMs: '30' },
      {
        kind: 'compute',
        reply: (body) => {
          const hit = clauseWith(body, '2亿元');
          return [`${hit.clause}[${hit.n}]。`];
        },
      },
    );
    const a = await qa.answer(QUESTION);
    assert.equal(a.mode, 'llm');
    assert.match(a.text, /2亿元/);
    await assertCitationsReal(a);
    assert.equal(fake.requests.length, 2);
  });

  it('falls back to the extractive answer, and says so, when the model times out', async () => {
    fake.chat({ kind: 'hang' }, { kind: 'hang' });
    const a = await quickQa.answer(QUESTION);
    assert.equal(a.mode, 'fallback');
    assert.equal(a.refused, false);
    assert.ok(a.notice && a.notice.length > 0, 'the user is told the model was unavailable');
    assert.match(a.text, /2亿元/);
    await assertCitationsReal(a);
  });

  it('refuses when the model says NO_ANSWER', async () => {
    fake.chat({ kind: 'reply', chunks: ['NO_ANSWER\n', '这些段落讲的是苏州古城保护。'] });
    const a = await qa.answer(QUESTION);
    assert.equal(a.refused, true);
    assert.equal(a.citations.length, 0);
  });

  it('refuses rather than pass on a claim whose only citation points at the wrong paragraph', async () => {
    fake.chat({
      kind: 'compute',
      reply: (body) => {
        const wrong = passagesIn(body).find((p) => !p.text.includes('2亿元') && !p.text.includes('古城'));
        assert.ok(wrong, 'the prompt holds an unrelated passage');
        return ['张立群建议设立规模为2亿元的古城保护专项基金', `[${wrong.n}]。`];
      },
    });
    const a = await qa.answer(QUESTION);
    assert.equal(a.refused, true);
    assert.equal(a.citations.length, 0);
  });
  it('refuses when the only citation is another paragraph of the right article', async () => {
    let title = '';
    fake.chat({
      kind: 'compute',
      reply: (body) => {
        const shown = passagesIn(body);
        const fund = shown.find((p) => p.text.includes('2亿元'));
        assert.ok(fund);
        title = fund.title;
        const sibling = shown.find((p) => p.title === fund.title && !p.text.includes('2亿元'));
        assert.ok(sibling, 'the prompt shows another paragraph of the same article');
        return [`${clauseWith(body, '2亿元').clause}[${sibling.n}]。`];
      },
    });
    const a = await qa.answer(QUESTION);
    assert.equal(title, '让古城在保护中焕发新活力');
    assert.equal(a.mode, 'llm');
    assert.equal(a.refused, true);
    assert.equal(a.citations.length, 0);
  });

  it('summarises a place map → reduce, each point cited to a paragraph of that place', async () => {
    const mapPoint = (body: Record<string, unknown>): string[] => {
      // The first sentence of the first paragraph, cited: a faithful point.
      const [first] = passagesIn(body);
      assert.ok(first);
      const sentence = first.text.split(/[。！？\n]/).find((c) => c.length > 10) ?? '';
      return [`- ${sentence.replace(/^本报讯（[^）]*）/, '')}[`, `${first.n}]。`];
    };
    const reduce = (body: Record<string, unknown>): string[] => {
      const system = (body.messages as { content: string }[])[0]?.content ?? '';
      const notes = /：\n\n([\s\S]*?)\n\n/.exec(system)?.[1] ?? '';
      return notes.split('\n').map((l) => `${l.replace(/^- /, '')}\n`);
    };
    fake.chat(
      { kind: 'compute', reply: mapPoint },
      { kind: 'compute', reply: mapPoint },
      { kind: 'compute', reply: reduce },
    );
    const a = await qa.summarize('四川');
    assert.equal(a.mode, 'llm');
    assert.equal(a.refused, false);
    assert.equal(fake.requests.length, 3, 'two articles mapped, one reduce');
    const titles = new Set(a.citations.map((c) => c.title));
    assert.ok(titles.has('成都市政协开展社区养老服务民主监督'));
    assert.ok(titles.has('德阳市旌阳区政协委员工作室走进田间地头'));
    assert.ok(
      a.citations.every((c) => c.paragraphs.length === 1),
      'each point cites one exact paragraph',
    );
    await assertCitationsReal(a);
  });
});
