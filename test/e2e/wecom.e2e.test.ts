/**
 * End to end: startWecom with the real @wecom/aibot-node-sdk against the WeCom emulator on loopback (long
 * connection, auth, heartbeat, stream and card replies, card updates, feedback and enter_chat events, reconnect),
 * driven as users would. Answers come from the fake QaService; the emulator refuses what the platform would.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { CredentialsError } from '../../src/app/front-end.js';
import { MemoryChatState } from '../../src/bot/state.js';
import { loadConfig } from '../../src/config.js';
import { startWecom, type RunningWecom } from '../../src/wecom/index.js';
import { FakeQa, type FakeQaOptions } from '../support/fake-qa.js';
import { WecomEmulator } from '../support/wecom-emulator.js';

const log = pino({ level: process.env.TEST_LOG ?? 'silent' });

async function start(
  emu: WecomEmulator,
  o: { qa?: FakeQaOptions; secret?: string; state?: MemoryChatState } = {},
): Promise<{ bot: RunningWecom; qa: FakeQa }> {
  const qa = new FakeQa(o.qa);
  const cfg = loadConfig({
    WECOM_BOT_ID: emu.botId,
    WECOM_BOT_SECRET: o.secret ?? emu.secret,
    WECOM_WS_URL: emu.wsUrl,
  });
  const bot = await startWecom({
    qa,
    log,
    cfg,
    ...(o.state ? { state: o.state } : {}),
    options: {
      heartbeatMs: 200,
      reconnectMs: 100,
      connectWaitMs: 5000,
      drainMs: 10_000,
      handler: { streamIntervalMs: 30 },
    },
  });
  return { bot, qa };
}

describe('WeCom intelligent robot over the long connection against the emulator', () => {
  let emu: WecomEmulator;
  let bot: RunningWecom;
  let qa: FakeQa;
  const state = new MemoryChatState();

  before(async () => {
    emu = await new WecomEmulator().start();
    ({ bot, qa } = await start(emu, { state }));
    await emu.waitFor(() => emu.connected);
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
  });
  afterEach(() => assert.deepEqual(emu.violations, [], 'nothing the platform would refuse'));

  it('authenticates with Bot ID + Secret and keeps the heartbeat', async () => {
    assert.equal(emu.auths, 1);
    await emu.waitFor(() => emu.pings >= 2, 3000);
  });

  it('private question → one cited answer with a sources card → tap a source → the paragraph → next, in place', async () => {
    const msg = emu.sendText('alice', '深圳市政协开了什么会？');
    const s = await emu.finished(msg);
    assert.equal(s.frames.length, 1, 'offline: the answer in one piece');
    assert.match(
      s.content,
      /专题协商会\[1\][\s\S]*\*\*来源\*\*\n\[1\] 《深圳市政协.*》第1段 · 2024年5月10日\n\[2\] .*第3段/,
    );
    assert.ok(s.feedbackId, 'the answer carries a feedback id (native 👍/👎)');
    const card = emu.cards.get(s.taskId ?? '');
    assert.deepEqual(
      card?.button_list?.map((b) => b.text),
      ['[1] 深圳市政协…', '[2] 深圳市政协…'],
    );

    const second = card?.button_list?.[1]?.key ?? '';
    emu.tap('alice', s.taskId ?? '', second);
    const para = await emu.waitFor(() => {
      const c = emu.cards.get(s.taskId ?? '');
      return c?.quote_area ? c : undefined;
    });
    assert.match(para.main_title?.desc ?? '', /第3段（共4段）/);
    assert.equal(para.quote_area?.quote_text, '委员建议加大对中小企业创新的支持力度，完善人才政策。');
    assert.deepEqual(
      para.button_list?.map((b) => b.text),
      ['‹ 上一段', '下一段 ›', '来源'],
    );

    emu.tap('alice', s.taskId ?? '', para.button_list?.[1]?.key ?? '');
    const next = await emu.waitFor(() => {
      const c = emu.cards.get(s.taskId ?? '');
      return c?.quote_area?.quote_text?.startsWith('市政协主席') ? c : undefined;
    });
    assert.match(next.main_title?.desc ?? '', /第4段（共4段）/);
    // The last paragraph has no "next".
    assert.deepEqual(
      next.button_list?.map((b) => b.text),
      ['‹ 上一段', '来源'],
    );
  });

  it('the native 👍 is stored with the answer it was given for', async () => {
    const msg = emu.sendText('bob', '广州开了什么会');
    const s = await emu.finished(msg);
    emu.feedback('bob', s.feedbackId ?? '', 1);
    const day = new Date().toISOString().slice(0, 10);
    for (let i = 0; i < 100 && (await state.usage(day)).up < 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal((await state.usage(day)).up, 1);
    const record = await state.answerFor(s.feedbackId ?? '');
    assert.equal(record?.question, '广州开了什么会');
  });

  it('a follow-up carries the earlier turn; /summary 地名 and /help answer', async () => {
    await emu.finished(emu.sendText('carol', '深圳市政协开了什么会？'));
    await emu.finished(emu.sendText('carol', '具体建议是什么'));
    const follow = qa.calls.filter((c) => c.method === 'answer').at(-1);
    assert.equal(follow?.opts?.turns?.[0]?.question, '深圳市政协开了什么会？');
    const sum = await emu.finished(emu.sendText('carol', '/summary 深圳'));
    assert.match(sum.content, /深圳的报道共1篇/);
    const help = await emu.finished(emu.sendText('carol', '/help'));
    assert.match(help.content, /\/summary 地名/);
  });

  it('in a group: no answer without an @-mention, a cited answer with one', async () => {
    const quiet = emu.sendText('dave', '深圳市政协开了什么会？', { group: 'wrgroup1' });
    const asked = emu.sendText('dave', '@政协报告问答 深圳市政协开了什么会？', { group: 'wrgroup1' });
    const s = await emu.finished(asked);
    assert.match(s.content, /关于“深圳市政协开了什么会？”/);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(emu.streamFor(quiet), undefined);
  });

  it('LLM mode: the answer grows in the stream, then finishes with its sources', async () => {
    const emu2 = await new WecomEmulator().start();
    const { bot: bot2 } = await start(emu2, { qa: { streamSteps: 4, streamStepMs: 60 } });
    try {
      await emu2.waitFor(() => emu2.connected);
      const s = await emu2.finished(emu2.sendText('erin', '深圳市政协开了什么会？'));
      assert.ok(s.frames.length >= 3, `frames: ${s.frames.length}`);
      assert.ok(s.frames[0] && s.frames[0].length < s.content.length);
      assert.match(s.content, /\*\*来源\*\*/);
      assert.deepEqual(emu2.violations, []);
    } finally {
      await bot2.stop();
      await emu2.stop();
    }
  });

  it('a welcome on entering the chat, within the 5-second window', async () => {
    emu.enterChat('frank');
    const w = await emu.waitFor(() => emu.welcomes.find((x) => x.userId === 'frank'));
    assert.match(w.content, /直接发问题即可/);
  });

  it('a connection dropped under the answer: the bot reconnects and the answer arrives once', async () => {
    const auths = emu.auths;
    emu.dropOnNextReply();
    const msg = emu.sendText('grace', '深圳市政协开了什么会？');
    const s = await emu.finished(msg, 15_000);
    assert.ok(emu.auths > auths, 'authenticated again');
    assert.equal(emu.streams.filter((x) => x.msgId === msg.msgId).length, 1);
    assert.equal(s.frames.length, 1);
    assert.match(s.content, /专题协商会\[1\]/);
  });

  it('refused credentials: one line naming the variable', async () => {
    await assert.rejects(
      start(emu, { secret: 'wrong-secret' }),
      (e: unknown) => e instanceof CredentialsError && /^WECOM_BOT_SECRET: WeCom refused/.test(e.message),
    );
  });
});
