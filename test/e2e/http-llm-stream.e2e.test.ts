/**
 * Streaming through the HTTP API with the real answer core in LLM mode: the sample reports in the embedded store,
 * the model played by the fake OpenAI-compatible server, the API driven by the real `openai` client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { MODEL_ID, startHttpApi, type RunningHttpApi } from '../../src/http/index.js';
import { createQaService } from '../../src/rag/answer.js';
import { openSampleStore, type SampleStore } from '../rag/helpers.js';
import { fakeChatModel } from '../support/fake-chat.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

const QUESTION = '苏州市政协委员张立群建议设立多大规模的古城保护专项基金？';
const KEY = 'sk-llm-e2e';

/** The numbered passage holding `needle` in the prompt, and the clause a model would restate. */
function clauseWith(body: Record<string, unknown>, needle: string): { n: number; clause: string } {
  const system = (body.messages as { content: string }[])[0]?.content ?? '';
  for (const block of system.split(/\n\n(?=\[\d+\]《)/)) {
    const m = /^\[(\d+)\]《[^\n]*\n([\s\S]*)$/.exec(block);
    if (!m || !m[2]?.includes(needle)) continue;
    const clause = m[2].split(/[。！？\n]/).find((c) => c.includes(needle)) ?? '';
    return { n: Number(m[1]), clause: clause.replace(/^[“”"]+/, '') };
  }
  throw new Error(`no passage with ${needle} in the prompt`);
}

interface Streamed {
  text: string;
  deltas: number;
  last: { citations?: { title: string; paragraphs: number[] }[]; refused?: boolean } | undefined;
}

async function streamAnswer(openai: OpenAI, question: string): Promise<Streamed> {
  const stream = await openai.chat.completions.create({
    model: MODEL_ID,
    stream: true,
    messages: [{ role: 'user', content: question }],
  });
  const out: Streamed = { text: '', deltas: 0, last: undefined };
  for await (const chunk of stream) {
    const d = chunk.choices[0]?.delta.content ?? '';
    if (d !== '') out.deltas++;
    out.text += d;
    out.last = chunk as unknown as Streamed['last'];
  }
  return out;
}

describe('HTTP API streaming in LLM mode', () => {
  let store: SampleStore;
  let fake: FakeOpenAI;
  let api: RunningHttpApi;
  let openai: OpenAI;

  before(async () => {
    store = await openSampleStore();
    fake = await startFakeOpenAI();
    const qa = createQaService({ client: store.client, cfg: store.cfg, chat: fakeChatModel(fake) });
    const cfg = loadConfig({ HTTP_API_KEYS: KEY, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0' });
    api = await startHttpApi({ qa, log: pino({ level: 'silent' }), cfg });
    openai = new OpenAI({ apiKey: KEY, baseURL: `${api.url}/v1`, maxRetries: 0 });
  });
  after(async () => {
    await api.stop();
    await fake.close();
    await store.close();
  });

  it('streams the checked answer sentence by sentence, then the footnote, citations on the last chunk', async () => {
    let first = '';
    let second = '';
    fake.chat({
      kind: 'compute',
      reply: (body) => {
        const a = clauseWith(body, '2亿元');
        const b = clauseWith(body, '业态负面清单');
        first = a.clause;
        second = b.clause;
        const chunks = (t: string): string[] => t.match(/.{1,4}/gu) ?? [t];
        return [...chunks(first), `[${a.n}]。`, ...chunks(second), `[${b.n}]。`];
      },
    });
    const got = await streamAnswer(openai, QUESTION);
    assert.ok(got.deltas >= 3, `${got.deltas} deltas: one per checked sentence, then the footnote`);
    assert.ok(first.length > 0 && got.text.startsWith(`${first}[1]。${second}[2]。`), got.text);
    assert.doesNotMatch(got.text, /草稿|draft/);
    assert.match(got.text, /\n\n来源 {2}\n\[1\] 《[^》]+》第[\d、]+段/);
    assert.equal(got.last?.refused, false);
    assert.equal(got.last?.citations?.length, 2);
  });

  it('a reply whose claims fail the check is never shown: the offline answer comes instead, with a notice', async () => {
    fake.chat({
      kind: 'reply',
      chunks: [
        '苏州市政协委员',
        '欧阳明远建议在火星上',
        '建设古城基地',
        '[1]。',
        '基金规模为',
        '8亿元[99]。',
      ],
    });
    const got = await streamAnswer(openai, QUESTION);
    assert.doesNotMatch(got.text, /火星|欧阳明远|8亿元|草稿/);
    assert.match(got.text, /未能通过与报道原文的核对/);
    assert.match(got.text, /2亿元/);
    assert.equal(got.last?.refused, false);
    assert.ok((got.last?.citations?.length ?? 0) > 0);
  });
});
