/**
 * End to end: the bot's real runner (long polling) and webhook server against the Telegram Bot API emulator on
 * loopback, driven as users would. Answers come from the fake QaService (fast, deterministic).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Message, MessageEntity } from 'grammy/types';
import { createBot } from '../../src/bot/bot.js';
import { encodeStart } from '../../src/bot/deep-link.js';
import type { BotOptions } from '../../src/bot/context.js';
import { runBot, type RunningBot } from '../../src/bot/run.js';
import { FakeQa, type FakeQaOptions } from '../support/fake-qa.js';
import { entityTexts, TelegramEmulator, type BotCall } from '../support/telegram-emulator.js';

type Button = { text: string; callback_data?: string };
const buttons = (m: Message | undefined): Button[] =>
  ((m?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

async function startBot(
  emu: TelegramEmulator,
  qaOptions: FakeQaOptions = {},
  options: Partial<BotOptions> = {},
  mode: 'polling' | 'webhook' = 'polling',
  qa = new FakeQa(qaOptions),
): Promise<{ running: RunningBot; qa: FakeQa }> {
  const created = createBot(
    emu.token,
    { qa, log: pino({ level: 'silent' }), adminIds: [99], options: { streamIntervalMs: 100, ...options } },
    { apiRoot: emu.apiRoot },
  );
  const running = await runBot(created, {
    mode,
    host: '127.0.0.1',
    port: 0,
    drainMs: 10_000,
    ...(mode === 'webhook' ? { webhookUrl: 'http://127.0.0.1:1/tg-hook' } : {}),
  });
  return { running, qa };
}

const isFinalAnswer = (chatId: number) => (c: BotCall) =>
  (c.method === 'sendMessage' || c.method === 'editMessageText') &&
  Number(c.payload.chat_id) === chatId &&
  entityTexts(c.message, 'bold').includes('来源') &&
  /\[1\] 《/.test(String(c.payload.text)) &&
  !c.error;

describe('bot over long polling against the emulator', () => {
  let emu: TelegramEmulator;
  let bot: RunningBot;

  before(async () => {
    emu = await new TelegramEmulator().start();
    ({ running: bot } = await startBot(
      emu,
      { streamSteps: 6, streamStepMs: 40 },
      { rateLimit: { windowMs: 60_000, limit: 4 } },
    ));
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
  });

  it('private question → streamed, cited answer → tap a source → the paragraph, then the next one', async () => {
    const alice = emu.user(11);
    const q = emu.send(11, alice, '深圳市政协开了什么会？');
    const final = await emu.waitFor(isFinalAnswer(11));
    assert.ok(emu.calls.some((c) => c.method === 'sendChatAction' && c.payload.chat_id === 11));
    const answer = emu.message(11, final.message?.message_id ?? 0);
    assert.match(answer?.text ?? '', /专题协商会\[1\][\s\S]*\[2\] 《深圳市政协.*》第3段 · 2024年5月10日/);
    assert.equal(answer?.reply_to_message?.message_id, q.message_id);
    const src = buttons(answer).find((b) => b.text === '📄 [2]');
    assert.ok(src?.callback_data);

    const mark = emu.calls.length;
    emu.tap(answer as Message, src.callback_data, alice);
    const quote = await emu.waitFor(
      (c) => c.method === 'sendMessage' && entityTexts(c.message, 'blockquote').length > 0,
      5000,
      mark,
    );
    assert.match(String(quote.payload.text), /第3段（共4段）/);
    assert.match(entityTexts(quote.message, 'blockquote')[0] ?? '', /^委员建议加大对中小企业创新的支持力度/);
    await emu.waitFor((c) => c.method === 'answerCallbackQuery', 5000, mark);

    const next = buttons(quote.message).find((b) => b.text === '下一段 ›');
    emu.tap(quote.message as Message, next?.callback_data ?? '', alice);
    const edited = await emu.waitFor(
      (c) => c.method === 'editMessageText' && /第4段/.test(String(c.payload.text)),
      5000,
      mark,
    );
    assert.match(emu.message(11, edited.message?.message_id ?? 0)?.text ?? '', /把协商成果转化为工作实效/);
  });

  it('group: no reply without a mention; a mention gets a concise reply', async () => {
    const bob = emu.user(12);
    const silent = emu.send(-500, bob, '深圳市政协开了什么会？');
    const asked = emu.send(-500, bob, '@zx_report_bot 广州市政协视察了什么？');
    const reply = await emu.waitFor(isFinalAnswer(-500));
    assert.equal((reply.payload.reply_parameters as { message_id: number }).message_id, asked.message_id);
    assert.ok(!buttons(reply.message).some((b) => b.text === '👍'));
    const toSilent = emu.calls.filter(
      (c) =>
        c.payload.chat_id === -500 &&
        (c.payload.reply_parameters as { message_id?: number } | undefined)?.message_id === silent.message_id,
    );
    assert.deepEqual(toSilent, []);
    assert.equal(
      emu.calls.filter((c) => c.method === 'editMessageText' && c.payload.chat_id === -500).length,
      0,
    );
  });

  it('a flood gets a polite note', async () => {
    const carol = emu.user(13);
    for (let i = 0; i < 6; i++) emu.send(13, carol, `问题${i}`);
    const note = await emu.waitFor(
      (c) => c.method === 'sendMessage' && /发得有点快/.test(String(c.payload.text)),
    );
    assert.equal(note.payload.chat_id, 13);
  });

  it('a 429 while streaming delays the final answer but does not lose it', async () => {
    const dave = emu.user(14);
    emu.fail({
      method: 'editMessageText',
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      retry_after: 1,
      times: 2,
      when: (p) => p.chat_id === 14,
    });
    emu.send(14, dave, '深圳市政协提了什么建议？');
    const final = await emu.waitFor(isFinalAnswer(14), 10_000);
    const failed = emu.calls.filter((c) => c.payload.chat_id === 14 && c.error?.error_code === 429);
    assert.ok(failed.length >= 1);
    assert.match(emu.message(14, final.message?.message_id ?? 0)?.text ?? '', /\[2\] 《/);
  });

  it('stickers get a short explanation; inline queries get quotes with citations', async () => {
    const erin = emu.user(15);
    emu.sendSticker(15, erin);
    await emu.waitFor(
      (c) =>
        c.method === 'sendMessage' && c.payload.chat_id === 15 && /只看得懂文字/.test(String(c.payload.text)),
    );
    emu.inline(erin, '垃圾分类');
    const inline = await emu.waitFor((c) => c.method === 'answerInlineQuery' && !c.error);
    const results = inline.payload.results as {
      input_message_content: { message_text: string; entities: MessageEntity[] };
    }[];
    const posted = results[0]?.input_message_content;
    assert.match(
      posted?.message_text ?? '',
      /^广州市政协组织委员视察垃圾分类工作。\n《广州市政协开展民主监督视察》第1段/,
    );
    assert.deepEqual(
      entityTexts({ text: posted?.message_text ?? '', entities: posted?.entities ?? [] }, 'blockquote'),
      ['广州市政协组织委员视察垃圾分类工作。'],
    );
  });
});

describe('webhook mode and shutdown', () => {
  it('acknowledges updates at once and answers asynchronously; stopping waits for answers in flight', async () => {
    const emu = await new TelegramEmulator().start();
    const { running } = await startBot(emu, { delayMs: 1500 }, {}, 'webhook');
    try {
      const hook = emu.calls.find((c) => c.method === 'setWebhook');
      assert.ok(hook);
      // Point the emulator at the port the bot actually listens on.
      const url = `http://127.0.0.1:${running.port}/tg-hook`;
      const secret = String(hook.payload.secret_token);
      assert.equal((await fetch(`http://127.0.0.1:${running.port}/healthz`)).status, 200);
      const started = Date.now();
      const ack = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify({
          update_id: 1,
          message: {
            message_id: 1,
            date: 0,
            chat: { id: 21, type: 'private', first_name: 'u' },
            from: emu.user(21),
            text: '深圳市政协开了什么会？',
          },
        }),
      });
      assert.equal(ack.status, 200);
      assert.ok(Date.now() - started < 800, 'acknowledged before the answer was ready');
      const forged = await fetch(url, { method: 'POST', body: '{}' });
      assert.equal(forged.status, 401, 'updates without the secret are refused');
      const notJson = await fetch(url, {
        method: 'POST',
        headers: { 'x-telegram-bot-api-secret-token': secret },
        body: '{not json',
      });
      assert.equal(notJson.status, 400);
      assert.equal(
        (await fetch(`http://127.0.0.1:${running.port}/elsewhere`, { method: 'POST' })).status,
        404,
      );
      await running.stop();
      assert.ok(
        emu.calls.some(isFinalAnswer(21)),
        'the answer in flight was delivered before stop() returned',
      );
    } finally {
      await emu.stop();
    }
  });

  it('long polling: stopping waits for the answer in flight', async () => {
    const emu = await new TelegramEmulator().start();
    const { running } = await startBot(emu, { delayMs: 800 });
    try {
      emu.send(22, emu.user(22), '深圳市政协开了什么会？');
      await emu.waitFor((c) => c.method === 'sendChatAction' && c.payload.chat_id === 22);
      assert.ok(!emu.calls.some(isFinalAnswer(22)), 'still working when stop() is called');
      await running.stop();
      assert.ok(emu.calls.some(isFinalAnswer(22)), 'answered before stop() returned');
    } finally {
      await emu.stop();
    }
  });
});

describe('Telegram conventions against the emulator', () => {
  let emu: TelegramEmulator;
  let bot: RunningBot;
  const LONG = '委员们围绕基层协商议事提出了许多具体建议。'.repeat(30);

  before(async () => {
    emu = await new TelegramEmulator().start();
    const qa = Object.assign(new FakeQa(), {
      paragraph: async (articleId: string, n: number) =>
        articleId === 'long-article'
          ? { articleId, title: '长段落的报道', source: 's.txt', n, count: 1, text: LONG }
          : new FakeQa().paragraph(articleId, n),
    });
    ({ running: bot } = await startBot(emu, {}, { drafts: false }, 'polling', qa));
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
  });

  it('at start-up: command menus per scope and the descriptions, in zh and en', () => {
    const menu = (key: string) => emu.commandMenus.get(key)?.map((c) => c.command);
    assert.deepEqual(menu('default|'), ['help', 'summary']);
    assert.deepEqual(menu('all_private_chats|'), ['help', 'summary']);
    assert.deepEqual(menu('all_group_chats|'), ['help', 'ask', 'summary']);
    assert.deepEqual(menu('all_group_chats|en'), ['help', 'ask', 'summary']);
    assert.deepEqual(menu('chat:99|'), ['help', 'summary', 'stats', 'reindex']);
    assert.match(emu.descriptions.get('description|') ?? '', /注明出处/);
    assert.match(emu.descriptions.get('short_description|en') ?? '', /CPPCC/);
  });

  it('an inline result carries a deep link; following it opens the paragraph in the private chat', async () => {
    const u = emu.user(41);
    emu.inline(u, '垃圾分类');
    const inline = await emu.waitFor((c) => c.method === 'answerInlineQuery' && !c.error);
    const results = inline.payload.results as { reply_markup: { inline_keyboard: { url: string }[][] } }[];
    const url = new URL(results[0]?.reply_markup.inline_keyboard[0]?.[0]?.url ?? '');
    assert.equal(url.host, 't.me');
    const payload = url.searchParams.get('start') ?? '';
    assert.match(payload, /^[A-Za-z0-9_-]{1,64}$/);
    const mark = emu.calls.length;
    emu.send(41, u, `/start ${payload}`);
    const quote = await emu.waitFor(
      (c) => c.method === 'sendMessage' && c.payload.chat_id === 41,
      5000,
      mark,
    );
    assert.match(quote.message?.text ?? '', /第1段（共2段）/);
    assert.deepEqual(entityTexts(quote.message, 'blockquote'), ['广州市政协组织委员视察垃圾分类工作。']);
  });

  it('a long source paragraph arrives as an expandable blockquote', async () => {
    const u = emu.user(42);
    const payload = encodeStart({ kind: 'source', articleId: 'long-article', n: 1 }) ?? '';
    const mark = emu.calls.length;
    emu.send(42, u, `/start ${payload}`);
    const quote = await emu.waitFor(
      (c) => c.method === 'sendMessage' && c.payload.chat_id === 42,
      5000,
      mark,
    );
    assert.deepEqual(entityTexts(quote.message, 'expandable_blockquote'), [LONG]);
  });

  it('an edited question is answered again in the same reply message', async () => {
    const u = emu.user(43);
    const q = emu.send(43, u, '深圳市政协开了什么会？');
    const first = await emu.waitFor(isFinalAnswer(43));
    const replyId = first.message?.message_id ?? 0;
    const mark = emu.calls.length;
    emu.edit(q, '广州市政协视察了什么？');
    await emu.waitFor(
      (c) => c.method === 'editMessageText' && /广州市政协视察了什么/.test(String(c.payload.text)),
      5000,
      mark,
    );
    const shown = emu.message(43, replyId);
    assert.match(shown?.text ?? '', /^关于“广州市政协视察了什么？”[\s\S]*\[1\] 《/);
    assert.equal(emu.botMessages(43).length, 1, 'still one reply in the chat');
  });
});
