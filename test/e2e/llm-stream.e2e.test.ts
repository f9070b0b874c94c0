/**
 * Streaming with the real answer core in LLM mode: the sample reports in the embedded store, the real `openai`
 * SDK against the fake OpenAI-compatible server, and the bot's runner against the Bot API emulator — which
 * offers no drafts (so previews edit a message) and answers the final edit with a 429 once.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createBot } from '../../src/bot/bot.js';
import { runBot, type RunningBot } from '../../src/bot/run.js';
import { loadConfig } from '../../src/config.js';
import { createChatModel } from '../../src/llm/chat.js';
import { createQaService } from '../../src/rag/answer.js';
import { openSampleStore, type SampleStore } from '../rag/helpers.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { TelegramEmulator } from '../support/telegram-emulator.js';

const QUESTION = '苏州市政协委员张立群建议设立多大规模的古城保护专项基金？';

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

describe('LLM answers through the bot', () => {
  let store: SampleStore;
  let fake: FakeOpenAI;
  let emu: TelegramEmulator;
  let bot: RunningBot;

  before(async () => {
    store = await openSampleStore();
    fake = await startFakeOpenAI();
    emu = await new TelegramEmulator().start();
    const chat = createChatModel(
      loadConfig({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: fake.baseURL, LLM_MAX_RETRIES: '1' }),
    );
    assert.ok(chat);
    const qa = createQaService({ client: store.client, cfg: store.cfg, chat });
    const created = createBot(
      emu.token,
      { qa, log: pino({ level: 'silent' }), adminIds: [], options: { streamIntervalMs: 50 } },
      { apiRoot: emu.apiRoot },
    );
    bot = await runBot(created, { mode: 'polling', drainMs: 10_000 });
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
    await fake.close();
    await store.close();
  });

  it('streams a preview, then delivers the checked, cited answer despite a 429 on the final edit', async () => {
    let clause = '';
    fake.chat({
      kind: 'compute',
      reply: (body) => {
        const hit = clauseWith(body, '2亿元');
        clause = hit.clause;
        const pieces = clause.match(/.{1,4}/gu) ?? [clause];
        return [...pieces, `[${hit.n}]。`];
      },
    });
    emu.fail({
      method: 'editMessageText',
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
      // The final answer is the edit that carries entities (the 来源 heading); previews are plain text.
      when: (p) => p.entities !== undefined,
    });
    emu.send(41, emu.user(41), QUESTION);
    const final = await emu.waitFor(
      (c) => c.method === 'editMessageText' && c.payload.entities !== undefined && !c.error,
      20_000,
    );
    const previews = emu.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === 41);
    assert.equal(previews.length, 1, 'one preview message, later edited');
    assert.equal(previews[0]?.payload.entities, undefined, 'previews are plain text');
    assert.ok(emu.calls.some((c) => c.error?.error_code === 429));
    const text = emu.message(41, Number(final.payload.message_id))?.text ?? '';
    assert.ok(clause.length > 0 && text.includes(`${clause}[1]`), text);
    assert.match(text, /\n来源\n\[1\] 《[^》]+》第[\d、]+段/);
  });
});
