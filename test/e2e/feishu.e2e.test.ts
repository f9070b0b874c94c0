/**
 * End to end: the Feishu front end through the official SDK (long connection and event callbacks) against the
 * Feishu open platform emulator on loopback, driven as users would. Answers come from the fake QaService.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { MemoryChatState } from '../../src/bot/state.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startFeishu, type FeishuStartOptions, type RunningFeishu } from '../../src/feishu/start.js';
import { FakeQa, FAKE_ARTICLES, MANY_SOURCES, type FakeQaOptions } from '../support/fake-qa.js';
import { buttonsOf, FeishuEmulator, textOf, type EmuMessage } from '../support/feishu-emulator.js';

const silent = pino({ level: process.env.TEST_LOG ?? 'silent' });
const fastRetry = { attempts: 5, baseMs: 20, maxMs: 200 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startBot(
  emu: FeishuEmulator,
  env: Record<string, string> = {},
  qaOptions: FakeQaOptions = {},
  options: FeishuStartOptions = {},
  state?: MemoryChatState,
): Promise<{ bot: RunningFeishu; qa: FakeQa }> {
  const qa = new FakeQa(qaOptions);
  const cfg = loadConfig({
    FEISHU_APP_ID: emu.appId,
    FEISHU_APP_SECRET: emu.appSecret,
    FEISHU_DOMAIN: emu.base,
    ...env,
  });
  const bot = await startFeishu(
    { qa, log: silent, cfg, ...(state ? { state } : {}) },
    { retry: fastRetry, connectWaitMs: 5000, ...options },
  );
  return { bot, qa };
}

const replyTo = (id: string) => (m: EmuMessage) => m.from === 'bot' && m.parentId === id;
const isAnswer = (id: string) => (m: EmuMessage) => replyTo(id)(m) && /\[1\] 《/.test(textOf(m.content));

describe('Feishu bot over the long connection', () => {
  let emu: FeishuEmulator;
  let bot: RunningFeishu;
  let qa: FakeQa;
  const state = new MemoryChatState();

  before(async () => {
    emu = await new FeishuEmulator().start();
    emu.fragments = 2; // every event arrives in two frames the SDK must reassemble
    ({ bot, qa } = await startBot(emu, {}, {}, {}, state));
    assert.ok(emu.connected, 'the bot holds the long connection');
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
  });

  it('answers a private question with a cited card; a source button opens the paragraph, ‹ › page in place', async () => {
    const q = await emu.send({ chatId: 'oc_p1', chatType: 'p2p', text: '深圳市政协开了什么会？' });
    const answer = await emu.waitFor(isAnswer(q));
    assert.equal(answer.msgType, 'interactive');
    const text = textOf(answer.content);
    assert.match(text, /深圳市政协召开专题协商会\[1\]/);
    assert.match(text, /\[1\] 《深圳市政协召开“加快建设现代化产业体系”专题协商会》第1段 · 2024年5月10日/);
    assert.match(text, /\[2\] .*第3段/);

    const buttons = buttonsOf(answer.content);
    const source2 = buttons.find((b) => b.label.startsWith('[2]'));
    assert.ok(source2, 'one button per source');
    assert.ok(buttons.some((b) => b.label === '👍') && buttons.some((b) => b.label === '👎'));

    await emu.tap(answer.messageId, source2.value);
    const para = await emu.waitFor(replyTo(answer.messageId));
    const article = FAKE_ARTICLES[0]!;
    assert.match(textOf(para.content), /第3段（共4段）/);
    assert.ok(textOf(para.content).includes(article.paragraphs[2]!), 'the exact paragraph text');

    const next = buttonsOf(para.content).find((b) => b.label.includes('下一段'));
    assert.ok(next);
    const res = await emu.tap(para.messageId, next.value);
    assert.ok(res.card, 'paging answers with the new card');
    assert.equal(para.updates, 1, 'the paragraph card is replaced in place');
    assert.ok(textOf(para.content).includes(article.paragraphs[3]!));
    assert.match(textOf(para.content), /第4段（共4段）/);
    assert.ok(
      !buttonsOf(para.content).some((b) => b.label.includes('下一段')),
      'no next after the last paragraph',
    );

    const prev = buttonsOf(para.content).find((b) => b.label.includes('上一段'));
    await emu.tap(para.messageId, prev!.value);
    assert.ok(textOf(para.content).includes(article.paragraphs[2]!));
    assert.deepEqual(emu.failedDeliveries, []);
  });

  it('an answer citing 80 sources fits the card limits; "更多来源" pages through the rest', async () => {
    const q = await emu.send({ chatId: 'oc_p9', chatType: 'p2p', text: '总结所有报道' });
    const answer = await emu.waitFor(isAnswer(q));
    assert.deepEqual(emu.refusedCards, [], 'the platform accepted every card');
    const seen = new Set<number>();
    const collect = (m: EmuMessage): void => {
      for (const x of textOf(m.content).matchAll(/^\[(\d+)\] 《/gm)) seen.add(Number(x[1]));
    };
    collect(answer);
    assert.equal(seen.size, 10, 'the first ten sources on the answer card');
    let page: EmuMessage = answer;
    for (let i = 0; i < 10; i++) {
      const more = buttonsOf(page.content).find((b) => b.label.startsWith('更多来源'));
      if (!more) break;
      await emu.tap(page.messageId, more.value);
      const parent = page.messageId;
      page = await emu.waitFor(
        (m) => m.from === 'bot' && m.parentId === parent && /来源 \d+–\d+/.test(textOf(m.content)),
      );
      collect(page);
    }
    assert.equal(seen.size, MANY_SOURCES, 'every source is one tap further');
    assert.deepEqual(emu.refusedCards, []);
  });

  it('records 👍 with a thank-you toast, kept with the answer it was given for (one vote per person)', async () => {
    const q = await emu.send({ chatId: 'oc_p2', chatType: 'p2p', text: '委员们提了什么建议？' });
    const answer = await emu.waitFor(isAnswer(q));
    const up = buttonsOf(answer.content).find((b) => b.label === '👍')!;
    const down = buttonsOf(answer.content).find((b) => b.label === '👎')!;
    const res = await emu.tap(answer.messageId, up.value);
    assert.deepEqual(res.toast, { type: 'success', content: '谢谢反馈！' });
    let votes = await state.feedback(10);
    assert.equal(votes.length, 1);
    assert.equal(votes[0]?.vote, 'up');
    assert.equal(votes[0]?.question, '委员们提了什么建议？');
    assert.ok((votes[0]?.answer ?? '').length > 0);
    // The same person changing their mind replaces the vote; someone else's is another vote.
    await emu.tap(answer.messageId, down.value);
    await emu.tap(answer.messageId, up.value, 'ou_user_2');
    votes = await state.feedback(10);
    assert.deepEqual(votes.map((v) => v.vote).sort(), ['down', 'up']);
  });

  it('ignores a group message without @mention, answers one with it (mention stripped)', async () => {
    const before = qa.calls.length;
    const quiet = await emu.send({ chatId: 'oc_g1', chatType: 'group', text: '大家好，今天开会吗？' });
    const q = await emu.send({
      chatId: 'oc_g1',
      chatType: 'group',
      text: '深圳开了什么会？',
      mentionBot: true,
    });
    const answer = await emu.waitFor(isAnswer(q));
    await sleep(200);
    assert.deepEqual(
      emu.botMessages('oc_g1').map((m) => m.messageId),
      [answer.messageId],
      'exactly one reply in the group, to the mentioned message',
    );
    assert.ok(!emu.messages.some(replyTo(quiet)));
    const asked = qa.calls.slice(before).filter((c) => c.method === 'answer');
    assert.deepEqual(
      asked.map((c) => c.arg),
      ['深圳开了什么会？'],
    );
  });

  it('retries a 429 and a 500 from the platform; the answer is still delivered, once', async () => {
    const callsBefore = emu.calls.length;
    emu.failNext(/\/reply$/, 2, 429);
    emu.failNext(/\/reply$/, 1, 500);
    const q = await emu.send({ chatId: 'oc_p3', chatType: 'p2p', text: '协商会讨论了什么？' });
    const answer = await emu.waitFor(isAnswer(q));
    const replies = emu.calls.slice(callsBefore).filter((c) => c.path.endsWith('/reply'));
    assert.deepEqual(
      replies.map((c) => c.status),
      [429, 429, 500, 200],
    );
    await sleep(100);
    assert.equal(emu.messages.filter(replyTo(q)).length, 1);
    assert.ok(answer);
  });

  it('a failing answer core gives a polite message with a reference, no internals', async () => {
    const q = await emu.send({ chatId: 'oc_p4', chatType: 'p2p', text: 'boom 会怎样？' });
    const m = await emu.waitFor(replyTo(q));
    const text = textOf(m.content);
    assert.match(text, /抱歉，处理时出了点问题，请稍后再试。（编号 [0-9a-f]{8}）/);
    assert.doesNotMatch(text, /secret|database/);
  });

  it('/summary 地名 summarises; /summary alone offers places as buttons; /help explains', async () => {
    const s = await emu.send({ chatId: 'oc_p5', chatType: 'p2p', text: '/summary 深圳' });
    const sum = await emu.waitFor(replyTo(s));
    assert.match(textOf(sum.content), /深圳的报道共1篇/);

    const menuQ = await emu.send({ chatId: 'oc_p5', chatType: 'p2p', text: '/summary' });
    const menu = await emu.waitFor(replyTo(menuQ));
    const gz = buttonsOf(menu.content).find((b) => b.label.startsWith('广州市'));
    assert.ok(gz);
    await emu.tap(menu.messageId, gz.value);
    const gzSum = await emu.waitFor(replyTo(menu.messageId));
    assert.match(textOf(gzSum.content), /广州市的报道共1篇/);

    const h = await emu.send({ chatId: 'oc_p5', chatType: 'p2p', text: '/help' });
    const help = await emu.waitFor(replyTo(h));
    assert.match(textOf(help.content), /2 篇报道/);
    assert.match(textOf(help.content), /群里请 @我 提问/);
  });

  it('reconnects after the platform drops the long connection, and keeps answering', async () => {
    emu.disconnect();
    await emu.waitConnected();
    const q = await emu.send({ chatId: 'oc_p7', chatType: 'p2p', text: '深圳开了什么会？' });
    await emu.waitFor(isAnswer(q));
    await sleep(100);
    assert.equal(
      emu.messages.filter(replyTo(q)).length,
      1,
      'answered once even if the event was pushed again',
    );
  });

  it('a forged or stale button value gets a notice, not a crash', async () => {
    const q = await emu.send({ chatId: 'oc_p6', chatType: 'p2p', text: '会议提了什么？' });
    const answer = await emu.waitFor(isAnswer(q));
    const res = await emu.tap(answer.messageId, { a: 'src', id: 'gone-article', n: 2 });
    assert.deepEqual(res.toast, { type: 'warning', content: '这段原文已找不到（报道库可能已更新）。' });
    const bad = await emu.tap(answer.messageId, { a: 'rm', path: '/' });
    assert.equal((bad.toast as { type: string }).type, 'warning');
  });
});

describe('Feishu bot: a slow answer shows "searching" first, then the card is replaced', () => {
  it('patches the placeholder with the answer', async () => {
    const emu = await new FeishuEmulator().start();
    const { bot } = await startBot(emu, {}, { delayMs: 600 }, { handler: { placeholderAfterMs: 100 } });
    try {
      const q = await emu.send({ chatId: 'oc_s1', chatType: 'p2p', text: '深圳开了什么会？' });
      const first = await emu.waitFor(replyTo(q));
      assert.match(textOf(first.content), /正在查找报道/);
      await emu.waitFor((m) => m === first && first.updates === 1);
      assert.match(textOf(first.content), /\[1\] 《/);
      assert.equal(emu.messages.filter(replyTo(q)).length, 1, 'one message, updated');
    } finally {
      await bot.stop();
      await emu.stop();
    }
  });
});

describe('Feishu bot in event-callback (webhook) mode, encrypted', () => {
  let emu: FeishuEmulator;
  let bot: RunningFeishu;

  before(async () => {
    emu = await new FeishuEmulator().start();
    emu.encryptKey = 'encrypt-key-for-tests';
    ({ bot } = await startBot(
      emu,
      {
        FEISHU_MODE: 'webhook',
        FEISHU_ENCRYPT_KEY: emu.encryptKey,
        FEISHU_VERIFICATION_TOKEN: emu.verificationToken,
      },
      {},
      { host: '127.0.0.1', port: 0 },
    ));
    emu.webhookUrl = bot.webhookUrl;
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
  });

  it('answers, and a source button opens the paragraph', async () => {
    assert.ok(!emu.connected, 'no long connection in webhook mode');
    const q = await emu.send({ chatId: 'oc_w1', chatType: 'p2p', text: '深圳开了什么会？' });
    const answer = await emu.waitFor(isAnswer(q));
    const src = buttonsOf(answer.content).find((b) => b.label.startsWith('[1]'))!;
    await emu.tap(answer.messageId, src.value);
    const para = await emu.waitFor(replyTo(answer.messageId));
    assert.ok(textOf(para.content).includes(FAKE_ARTICLES[0]!.paragraphs[0]!));
    assert.deepEqual(emu.failedDeliveries, []);
  });

  it('rejects events it cannot decrypt or whose token is wrong; answers the URL challenge', async () => {
    const good = emu.encryptKey;
    emu.encryptKey = 'someone-else';
    const before = emu.botMessages().length;
    await emu.send({ chatId: 'oc_w2', chatType: 'p2p', text: '深圳开了什么会？' });
    await sleep(300);
    assert.equal(emu.botMessages().length, before, 'a forged event is not acted on');
    assert.deepEqual(emu.failedDeliveries.splice(0), ['HTTP 401']);
    emu.encryptKey = good;

    const post = (body: string) =>
      fetch(bot.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const challenge = { type: 'url_verification', challenge: 'c-123', token: emu.verificationToken };
    const ok = await post(JSON.stringify(challenge));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { challenge: 'c-123' });
    const forged = await post(JSON.stringify({ ...challenge, token: 'guess' }));
    assert.equal(forged.status, 403);
    const plainForged = await post(
      JSON.stringify({
        schema: '2.0',
        header: { event_type: 'im.message.receive_v1', token: 'guess' },
        event: {},
      }),
    );
    assert.equal(plainForged.status, 403);
    assert.equal((await post('{not json')).status, 400);
  });
});

describe('Feishu start-up', () => {
  it('survives a rate-limited token endpoint', async () => {
    const emu = await new FeishuEmulator().start();
    emu.failNext(/tenant_access_token/, 2, 429);
    const { bot } = await startBot(emu);
    try {
      const q = await emu.send({ chatId: 'oc_t1', chatType: 'p2p', text: '深圳开了什么会？' });
      await emu.waitFor(isAnswer(q));
      assert.deepEqual(
        emu.calls.filter((c) => c.path.endsWith('tenant_access_token/internal')).map((c) => c.status),
        [429, 429, 200],
      );
    } finally {
      await bot.stop();
      await emu.stop();
    }
  });

  it('fails with one line naming the variables', async () => {
    const emu = await new FeishuEmulator().start();
    try {
      const cfg = loadConfig({
        FEISHU_APP_ID: emu.appId,
        FEISHU_APP_SECRET: 'wrong-secret',
        FEISHU_DOMAIN: emu.base,
      });
      await assert.rejects(
        startFeishu({ qa: new FakeQa(), log: silent, cfg }, { retry: fastRetry }),
        (e: unknown) =>
          e instanceof ConfigError &&
          /FEISHU_APP_SECRET/.test(e.message) &&
          /app secret invalid/.test(e.message),
      );
    } finally {
      await emu.stop();
    }
  });
});
