import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message, Update } from 'grammy/types';
import type { MessageEntity } from 'grammy/types';
import { MemoryChatState } from '../../src/bot/state.js';
import { setCommandMenu, setDescriptions } from '../../src/bot/commands.js';
import { encodeStart } from '../../src/bot/deep-link.js';
import type { IngestProgress } from '../../src/types.js';
import { FakeQa } from '../support/fake-qa.js';
import { BOT_INFO, TOKEN, buttons, makeHarness, type ApiCall } from './harness.js';

const texts = (calls: ApiCall[]) =>
  calls.filter((c) => c.method === 'sendMessage').map((c) => String(c.payload.text));
const mention = (text: string) => [{ type: 'mention' as const, offset: text.indexOf('@'), length: 14 }];
const GROUP = -1001;
/** The substrings a sent message marks with entities of `type`. */
const marked = (call: ApiCall | undefined, type: string) =>
  ((call?.payload.entities as MessageEntity[] | undefined) ?? [])
    .filter((e) => e.type === type)
    .map((e) => String(call?.payload.text).slice(e.offset, e.offset + e.length));

describe('private chat questions', () => {
  it('answers with citations, footnotes, source buttons and feedback, replying to the question', async () => {
    const h = makeHarness();
    const calls = await h.say('深圳市政协开了什么会？');
    assert.ok(calls.some((c) => c.method === 'sendChatAction' && c.payload.action === 'typing'));
    const [reply] = calls.filter((c) => c.method === 'sendMessage');
    assert.ok(reply);
    assert.equal(reply.payload.parse_mode, undefined, 'entities, not HTML');
    assert.deepEqual(marked(reply, 'bold'), ['来源']);
    assert.match(String(reply.payload.text), /专题协商会\[1\]/);
    assert.match(
      String(reply.payload.text),
      /\[2\] 《深圳市政协召开“加快建设现代化产业体系”专题协商会》第3段 · 2024年5月10日/,
    );
    assert.deepEqual((reply.payload.reply_parameters as { message_id: number }).message_id, 1);
    const b = buttons(reply);
    assert.deepEqual(
      b.map((x) => x.text),
      ['📄 [1]', '📄 [2]', '👍', '👎'],
    );
    for (const x of b) assert.ok(Buffer.byteLength(x.callback_data ?? '') <= 64);
  });

  it('shows what the user typed as typed: markup in a question is text, never parsed', async () => {
    const h = makeHarness();
    const calls = await h.say('<b>深圳</b> & 广州');
    const reply = calls.find((c) => c.method === 'sendMessage');
    assert.match(String(reply?.payload.text), /<b>深圳<\/b> & 广州/);
    assert.equal(reply?.payload.parse_mode, undefined);
  });

  it('answers in English for English questions and for English Telegram users', async () => {
    const h = makeHarness();
    const calls = await h.say('What did the Shenzhen CPPCC discuss?');
    assert.equal((h.qa as FakeQa).calls.at(-1)?.opts?.lang, 'en');
    assert.match(texts(calls)[0] ?? '', /Sources[\s\S]*para\. 3/);
    const help = await h.say('/help', { languageCode: 'en' });
    assert.match(texts(help)[0] ?? '', /^I answer questions/);
  });

  it('passes plain-words summary requests to the core unchanged', async () => {
    const h = makeHarness();
    await h.say('总结一下深圳市政协的工作');
    assert.deepEqual((h.qa as FakeQa).calls.at(-1), {
      method: 'answer',
      arg: '总结一下深圳市政协的工作',
      opts: (h.qa as FakeQa).calls.at(-1)?.opts,
    });
  });

  it('keeps follow-up context per chat, bounded', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa, options: { maxTurns: 2 } });
    await h.say('深圳市政协开了什么会？');
    await h.say('还有呢？');
    assert.deepEqual(
      qa.calls.at(-1)?.opts?.turns?.map((t) => t.question),
      ['深圳市政协开了什么会？'],
    );
    await h.say('第三个问题');
    await h.say('第四个问题');
    assert.deepEqual(
      qa.calls.at(-1)?.opts?.turns?.map((t) => t.question),
      ['还有呢？', '第三个问题'],
    );
    await h.say('别的聊天', { chatId: 200 });
    assert.deepEqual(qa.calls.at(-1)?.opts?.turns, []);
  });

  it('truncates very long questions and says so', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa, options: { maxQuestionChars: 20 } });
    const calls = await h.say('深圳'.repeat(50));
    assert.equal(qa.calls.at(-1)?.arg.length, 20);
    assert.match(texts(calls)[0] ?? '', /问题太长，只取了前 20 个字/);
  });

  it('explains stickers, photos and voice instead of ignoring them', async () => {
    const h = makeHarness();
    const kinds: Partial<Message>[] = [
      { sticker: { file_id: 's' } } as Partial<Message>,
      { photo: [{ file_id: 'p', file_unique_id: 'u', width: 1, height: 1 }] },
      { voice: { file_id: 'v', file_unique_id: 'u', duration: 1 } },
    ];
    for (const extra of kinds) {
      const m = h.message('', { extra });
      delete (m as { text?: string }).text;
      const calls = await h.handle({ message: m } as Omit<Update, 'update_id'>);
      assert.match(texts(calls)[0] ?? '', /只看得懂文字/);
    }
  });
});

describe('/start, /help and /summary', () => {
  it('/start says in two lines what the bot knows, with counts and date range, and gives examples', async () => {
    const h = makeHarness();
    const [text] = texts(await h.say('/start'));
    const lines = (text ?? '').split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /2 篇报道，11 个地方，2024年5月10日至2024年6月2日/);
    assert.match(lines[1] ?? '', /\/summary 深圳/);
    assert.match(lines[1] ?? '', /@zx_report_bot/);
  });

  it('/summary <place> gives a cited summary of that place', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa });
    const calls = await h.say('/summary 深圳');
    assert.deepEqual(qa.calls.at(-1)?.method, 'summarize');
    assert.equal(qa.calls.at(-1)?.arg, '深圳');
    assert.match(texts(calls)[0] ?? '', /深圳的报道共1篇[\s\S]*\[1\] 《/);
  });

  it('/summary alone offers places as paginated buttons; a tap summarises that place', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa });
    const calls = await h.say('/summary');
    const menu = calls.find((c) => c.method === 'sendMessage');
    const b = buttons(menu);
    assert.equal(b[0]?.text, '深圳市 (1)');
    assert.deepEqual(
      b.slice(-2).map((x) => x.text),
      ['1/2', '›'],
    );
    const menuMsg = h.botMessage(menu as ApiCall);
    const page2 = await h.tap(b.at(-1)?.callback_data ?? '', menuMsg);
    const edit = page2.find((c) => c.method === 'editMessageReplyMarkup');
    assert.ok(edit);
    assert.ok(buttons(edit).some((x) => x.text === '西安市 (0)'));
    const tapped = await h.tap(b[0]?.callback_data ?? '', menuMsg);
    assert.equal(qa.calls.at(-1)?.method, 'summarize');
    assert.equal(qa.calls.at(-1)?.arg, '深圳市');
    assert.match(texts(tapped)[0] ?? '', /深圳市的报道共1篇/);
  });
});

describe('groups', () => {
  it('stays silent unless mentioned, replied to or commanded', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa });
    assert.deepEqual(await h.say('深圳市政协开了什么会？', { chatId: GROUP }), []);
    assert.equal(qa.calls.length, 0);

    const q = '@zx_report_bot 深圳市政协开了什么会？';
    const calls = await h.say(q, { chatId: GROUP, entities: mention(q) });
    assert.equal(qa.calls.at(-1)?.arg, '深圳市政协开了什么会？');
    const reply = calls.find((c) => c.method === 'sendMessage');
    assert.match(String(reply?.payload.text), /\[1\]/);
    // Concise in groups: no feedback row, no streaming edits.
    assert.ok(!buttons(reply).some((x) => x.text === '👍'));
    assert.equal(calls.filter((c) => c.method === 'editMessageText').length, 0);

    await h.say('/ask 广州呢', { chatId: GROUP });
    assert.equal(qa.calls.at(-1)?.arg, '广州呢');
    await h.say('/ask@zx_report_bot 上海呢', { chatId: GROUP });
    assert.equal(qa.calls.at(-1)?.arg, '上海呢');
    const empty = await h.say('/ask', { chatId: GROUP });
    assert.match(texts(empty)[0] ?? '', /请在命令后面写上问题/);
    assert.deepEqual(await h.say('/ask@other_bot 问题', { chatId: GROUP }), []);
  });

  it('a reply to the bot continues that thread; a new mention starts fresh', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa });
    const q = '@zx_report_bot 深圳市政协开了什么会？';
    const first = await h.say(q, { chatId: GROUP, entities: mention(q) });
    const answerMsg = h.botMessage(first.find((c) => c.method === 'sendMessage') as ApiCall);
    await h.say('委员提了什么建议？', { chatId: GROUP, replyTo: answerMsg });
    assert.equal(qa.calls.at(-1)?.arg, '委员提了什么建议？');
    assert.deepEqual(
      qa.calls.at(-1)?.opts?.turns?.map((t) => t.question),
      ['深圳市政协开了什么会？'],
    );
    const other = '@zx_report_bot 广州呢？';
    await h.say(other, { chatId: GROUP, entities: mention(other) });
    assert.deepEqual(qa.calls.at(-1)?.opts?.turns, []);
  });
});

describe('sources', () => {
  it('a source button opens the full paragraph as a quote, with previous/next paragraph buttons', async () => {
    const h = makeHarness();
    const answer = (await h.say('深圳市政协开了什么会？')).find((c) => c.method === 'sendMessage') as ApiCall;
    const src2 = buttons(answer).find((b) => b.text === '📄 [2]')?.callback_data ?? '';
    const opened = await h.tap(src2, h.botMessage(answer));
    assert.ok(opened.some((c) => c.method === 'answerCallbackQuery'));
    const quote = opened.find((c) => c.method === 'sendMessage') as ApiCall;
    assert.match(String(quote.payload.text), /第3段（共4段）/);
    assert.deepEqual(marked(quote, 'blockquote'), ['委员建议加大对中小企业创新的支持力度，完善人才政策。']);
    assert.deepEqual(
      buttons(quote).map((b) => b.text),
      ['‹ 上一段', '下一段 ›'],
    );
    const next = await h.tap(buttons(quote)[1]?.callback_data ?? '', h.botMessage(quote));
    const edit = next.find((c) => c.method === 'editMessageText') as ApiCall;
    assert.match(String(edit.payload.text), /第4段（共4段）[\s\S]*把协商成果转化为工作实效/);
    assert.deepEqual(
      buttons(edit).map((b) => b.text),
      ['‹ 上一段'],
    );
  });

  it('source buttons still open after a restart (looked up from the store)', async () => {
    const before = makeHarness();
    const answer = (await before.say('深圳？')).find((c) => c.method === 'sendMessage') as ApiCall;
    const data = buttons(answer)[0]?.callback_data ?? '';
    const after = makeHarness();
    const opened = await after.tap(data, after.botMessage(answer));
    assert.match(texts(opened)[0] ?? '', /第1段（共4段）/);
  });

  it('a source that no longer exists gets an alert, not a crash', async () => {
    const h = makeHarness();
    const calls = await h.tap('src:gone:1', h.message('x'));
    const cb = calls.find((c) => c.method === 'answerCallbackQuery');
    assert.equal(cb?.payload.show_alert, true);
    assert.match(String(cb?.payload.text), /已找不到/);
  });
});

describe('inline mode', () => {
  it('returns matching paragraphs whose chosen message is the quote with its citation', async () => {
    const h = makeHarness();
    const calls = await h.handle({
      inline_query: {
        id: 'iq1',
        from: { id: 7, is_bot: false, first_name: 'u' },
        query: '垃圾分类',
        offset: '',
      },
    });
    const call = calls.find((c) => c.method === 'answerInlineQuery') as ApiCall;
    const results = call.payload.results as {
      type: string;
      id: string;
      title: string;
      input_message_content: { message_text: string; entities: MessageEntity[] };
      reply_markup: { inline_keyboard: { text: string; url: string }[][] };
    }[];
    assert.ok(results.length > 0);
    const first = results[0];
    assert.equal(first?.type, 'article');
    assert.match(first?.title ?? '', /《广州市政协开展民主监督视察》第1段/);
    const posted = first?.input_message_content;
    assert.equal(
      posted?.message_text,
      '广州市政协组织委员视察垃圾分类工作。\n《广州市政协开展民主监督视察》第1段 · 2024年6月2日',
    );
    assert.deepEqual(posted?.entities, [{ type: 'blockquote', offset: 0, length: 18 }]);
    for (const r of results) assert.ok(Buffer.byteLength(r.id) <= 64);
    // A button into the private chat that opens the paragraph there (a /start deep link).
    const open = first?.reply_markup.inline_keyboard[0]?.[0];
    assert.equal(open?.text, '📄 查看原文');
    assert.equal(
      open?.url,
      `https://t.me/zx_report_bot?start=${encodeStart({ kind: 'source', articleId: 'b7e21c0a9f55', n: 1 })}`,
    );
    assert.deepEqual(call.payload.button, { text: '在私聊中提问', start_parameter: 'inline' });
  });
});

describe('feedback', () => {
  it('logs 👍/👎 with the question, answer and sources, and thanks the user', async () => {
    const h = makeHarness();
    const answer = (await h.say('深圳市政协开了什么会？')).find((c) => c.method === 'sendMessage') as ApiCall;
    const down = buttons(answer).find((b) => b.text === '👎')?.callback_data ?? '';
    const calls = await h.tap(down, h.botMessage(answer));
    assert.match(String(calls.find((c) => c.method === 'answerCallbackQuery')?.payload.text), /谢谢/);
    const line = h.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === 'feedback');
    assert.equal(line?.vote, 'down');
    assert.equal(line?.question, '深圳市政协开了什么会？');
    assert.match(String(line?.answer), /专题协商会\[1\]/);
    assert.equal((line?.sources as { articleId: string }[])[0]?.articleId, 'a1f3c9d2e0b4');
  });
});

describe('admin', () => {
  it('/stats and /reindex are for admins only', async () => {
    const h = makeHarness({ adminIds: [99] });
    assert.match(texts(await h.say('/stats'))[0] ?? '', /仅限管理员/);
    assert.match(texts(await h.say('/reindex'))[0] ?? '', /仅限管理员/);
    await h.say('深圳？', { userId: 99 });
    const stats = texts(await h.say('/stats', { userId: 99 }))[0] ?? '';
    assert.match(stats, /报道 2 篇 · 段块 6 个 · 地方 11 个/);
    assert.match(stats, /今日提问 1 次/);
  });

  it('/reindex shows progress in one edited message and ends with the summary', async () => {
    const reindex = async (onProgress: (p: IngestProgress) => void) => {
      onProgress({ phase: 'read', filesDone: 1, filesTotal: 3, articles: 4, chunks: 10 });
      return {
        files: 3,
        articles: 9,
        paragraphs: 40,
        chunks: 30,
        unchanged: 0,
        pruned: 0,
        skipped: [],
        seconds: 1.2,
      };
    };
    const h = makeHarness({ adminIds: [99], reindex });
    const calls = await h.say('/reindex', { userId: 99 });
    assert.equal(calls.filter((c) => c.method === 'sendMessage').length, 1);
    const edits = calls.filter((c) => c.method === 'editMessageText');
    assert.match(String(edits[0]?.payload.text), /文件 1\/3/);
    assert.match(String(edits.at(-1)?.payload.text), /索引重建完成：文件 3 · 报道 9 · 段块 30/);
  });
});

describe('errors', () => {
  it('a failure becomes a friendly message with a reference; the log has it, never the token', async () => {
    const h = makeHarness();
    const calls = await h.say('深圳 boom');
    const text = texts(calls)[0] ?? '';
    const id = /编号 ([0-9a-f]{8})/.exec(text)?.[1];
    assert.ok(id, text);
    assert.doesNotMatch(text, /exploded|at \/|Error/);
    const line = h.logLines.find((l) => l.includes(id));
    assert.match(line ?? '', /database exploded/);
    assert.ok(h.logLines.every((l) => !l.includes(TOKEN)));
  });

  it('very long answers are split into several messages, buttons on the last', async () => {
    const long = makeHarness({
      qa: Object.assign(new FakeQa(), {
        answer: async (q: string) => ({
          ...(await new FakeQa().answer(q)),
          text: Array.from({ length: 300 }, (_, i) => `第${i}段回答，引用报道[1]。`).join('\n\n'),
        }),
      }),
    });
    const parts = (await long.say('深圳？')).filter((c) => c.method === 'sendMessage');
    assert.ok(parts.length >= 2);
    assert.ok(parts.every((p) => String(p.payload.text).length <= 4096));
    // Each part carries its own entities, inside its own text.
    for (const p of parts) {
      for (const e of (p.payload.entities as MessageEntity[] | undefined) ?? []) {
        assert.ok(e.offset + e.length <= String(p.payload.text).length);
      }
    }
    assert.deepEqual(marked(parts.at(-1), 'bold'), ['来源']);
    assert.equal(buttons(parts[0]).length, 0);
    assert.ok(buttons(parts.at(-1)).length > 0);
  });
});

describe('streaming and rate limits', () => {
  it('private LLM answers stream as a draft where Telegram offers it, then arrive as one cited message', async () => {
    const qa = new FakeQa({ streamSteps: 12, streamStepMs: 15 });
    const h = makeHarness({ qa, options: { streamIntervalMs: 60 } });
    const calls = await h.say('深圳市政协开了什么会？');
    const drafts = calls.filter((c) => c.method === 'sendMessageDraft');
    assert.ok(drafts.length >= 2 && drafts.length < 12, `drafts: ${drafts.length}`);
    assert.equal(new Set(drafts.map((d) => d.payload.draft_id)).size, 1, 'one draft, animated');
    for (let i = 1; i < drafts.length; i++) {
      assert.ok((drafts[i] as ApiCall).at - (drafts[i - 1] as ApiCall).at >= 55);
    }
    const sends = calls.filter((c) => c.method === 'sendMessage');
    assert.equal(sends.length, 1);
    assert.match(String(sends[0]?.payload.text), /\[2\] 《/);
    assert.equal(calls.filter((c) => c.method === 'editMessageText').length, 0);
  });

  it('when Telegram refuses drafts, streaming falls back to editing one message (and stays there)', async () => {
    const qa = new FakeQa({ streamSteps: 6, streamStepMs: 15 });
    const h = makeHarness({
      qa,
      options: { streamIntervalMs: 20 },
      fault: (c) =>
        c.method === 'sendMessageDraft'
          ? { error_code: 400, description: 'Bad Request: method is not available' }
          : undefined,
    });
    const calls = await h.say('深圳？');
    assert.equal(calls.filter((c) => c.method === 'sendMessageDraft').length, 1);
    assert.equal(calls.filter((c) => c.method === 'sendMessage').length, 1);
    assert.match(
      String(calls.filter((c) => c.method === 'editMessageText').at(-1)?.payload.text),
      /\[2\] 《/,
    );
    const again = await h.say('广州？');
    assert.equal(again.filter((c) => c.method === 'sendMessageDraft').length, 0);
  });

  it('private LLM answers grow in one message, edited no more often than the interval, ending in the cited answer', async () => {
    const qa = new FakeQa({ streamSteps: 12, streamStepMs: 15 });
    const h = makeHarness({ qa, options: { streamIntervalMs: 60, drafts: false } });
    const calls = await h.say('深圳市政协开了什么会？');
    const sends = calls.filter((c) => c.method === 'sendMessage');
    const edits = calls.filter((c) => c.method === 'editMessageText');
    assert.equal(sends.length, 1, 'one message only');
    assert.ok(edits.length >= 2 && edits.length < 12, `edits: ${edits.length}`);
    const previews = [sends[0], ...edits.slice(0, -1)] as ApiCall[];
    for (let i = 1; i < previews.length; i++) {
      const gap = (previews[i] as ApiCall).at - (previews[i - 1] as ApiCall).at;
      assert.ok(gap >= 55, `edit gap ${gap} ms`);
    }
    const final = edits.at(-1) as ApiCall;
    assert.deepEqual(marked(final, 'bold'), ['来源']);
    assert.match(String(final.payload.text), /\[2\] 《/);
    assert.equal(buttons(final).length, 4);
  });

  it('groups get the answer once at the end, not streamed', async () => {
    const qa = new FakeQa({ streamSteps: 5, streamStepMs: 10 });
    const h = makeHarness({ qa, options: { streamIntervalMs: 10 } });
    const q = '@zx_report_bot 深圳？';
    const calls = await h.say(q, { chatId: GROUP, entities: mention(q) });
    assert.equal(calls.filter((c) => c.method === 'editMessageText').length, 0);
    assert.equal(calls.filter((c) => c.method === 'sendMessage').length, 1);
  });

  it('the final answer survives a 429 from Telegram', async () => {
    let refused = 0;
    const qa = new FakeQa({ streamSteps: 3, streamStepMs: 5 });
    const h = makeHarness({
      qa,
      options: { streamIntervalMs: 5, drafts: false },
      fault: (c) =>
        c.method === 'editMessageText' && c.payload.entities !== undefined && refused++ === 0
          ? { error_code: 429, description: 'Too Many Requests: retry after 1', retry_after: 1 }
          : undefined,
    });
    const calls = await h.say('深圳？');
    const finals = calls.filter((c) => c.method === 'editMessageText' && c.payload.entities !== undefined);
    assert.equal(finals.length, 2, 'retried once');
    assert.ok((finals[1]?.at ?? 0) - (finals[0]?.at ?? 0) >= 900);
    assert.match(String(finals[1]?.payload.text), /\[2\] 《/);
  });

  it('a flood gets one polite note, then silence until the window passes', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa, options: { rateLimit: { windowMs: 60_000, limit: 3 } } });
    const replies: string[] = [];
    for (let i = 0; i < 6; i++) replies.push(...texts(await h.say(`问题${i}`)));
    assert.equal(qa.calls.length, 3);
    assert.equal(replies.filter((r) => /发得有点快/.test(r)).length, 1);
  });
});

describe('bot identity', () => {
  it('uses the preset bot info without calling getMe', async () => {
    const h = makeHarness();
    await h.say('/help');
    assert.ok(!h.calls.some((c) => c.method === 'getMe'));
    assert.equal(h.bot.botInfo.username, BOT_INFO.username);
  });
});

describe('/start deep links', () => {
  it("a place's link opens its cited summary in the private chat", async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa });
    const calls = await h.say(`/start ${encodeStart({ kind: 'summary', place: '深圳' })}`);
    assert.equal(qa.calls.at(-1)?.method, 'summarize');
    assert.equal(qa.calls.at(-1)?.arg, '深圳');
    assert.match(texts(calls)[0] ?? '', /深圳的报道共1篇[\s\S]*\[1\] 《/);
  });

  it("a source's link opens that paragraph with previous/next buttons", async () => {
    const h = makeHarness();
    const payload = encodeStart({ kind: 'source', articleId: 'a1f3c9d2e0b4', n: 3 });
    const [quote] = (await h.say(`/start ${payload}`)).filter((c) => c.method === 'sendMessage');
    assert.match(String(quote?.payload.text), /第3段（共4段）/);
    assert.deepEqual(marked(quote, 'blockquote'), ['委员建议加大对中小企业创新的支持力度，完善人才政策。']);
    assert.deepEqual(
      buttons(quote).map((b) => b.text),
      ['‹ 上一段', '下一段 ›'],
    );
  });

  it('a gone source says so; an unknown payload gets the help', async () => {
    const h = makeHarness();
    const gone = encodeStart({ kind: 'source', articleId: 'gone', n: 1 });
    assert.match(texts(await h.say(`/start ${gone}`))[0] ?? '', /已找不到/);
    assert.match(texts(await h.say('/start inline'))[0] ?? '', /我能回答/);
  });
});

describe('long source paragraphs', () => {
  it('open collapsed, in an expandable blockquote', async () => {
    const long = '委员们围绕基层协商议事提出了许多具体建议。'.repeat(30);
    const qa = Object.assign(new FakeQa(), {
      paragraph: async (articleId: string, n: number) => ({
        articleId,
        title: '长段落的报道',
        source: 's.txt',
        n,
        count: 2,
        text: long,
      }),
    });
    const h = makeHarness({ qa });
    const calls = await h.tap('src:a1f3c9d2e0b4:1', h.message('x'));
    const quote = calls.find((c) => c.method === 'sendMessage');
    assert.deepEqual(marked(quote, 'expandable_blockquote'), [long]);
    assert.deepEqual(marked(quote, 'blockquote'), []);
  });
});

describe('edited questions', () => {
  it('are answered again by editing the earlier reply, not by a new message', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa, options: { drafts: false } });
    const question = h.message('深圳市政协开了什么会？');
    const first = await h.handle({ message: question } as Omit<Update, 'update_id'>);
    const reply = first.find((c) => c.method === 'sendMessage') as ApiCall;
    const again = await h.edit(question, '广州市政协视察了什么？');
    assert.equal(qa.calls.at(-1)?.arg, '广州市政协视察了什么？');
    assert.equal(again.filter((c) => c.method === 'sendMessage').length, 0, 'no new message');
    const edit = again.find((c) => c.method === 'editMessageText');
    assert.equal(edit?.payload.message_id, reply.messageId);
    assert.match(String(edit?.payload.text), /^关于“广州市政协视察了什么？”/);
    assert.deepEqual(
      buttons(edit).map((b) => b.text),
      ['📄 [1]', '📄 [2]', '👍', '👎'],
    );
  });

  it('in a group, an edit that removes the mention is ignored; one that adds it is answered', async () => {
    const qa = new FakeQa();
    const h = makeHarness({ qa });
    const plain = h.message('深圳市政协开了什么会？', { chatId: GROUP });
    await h.handle({ message: plain } as Omit<Update, 'update_id'>);
    assert.equal(qa.calls.length, 0);
    const q = '@zx_report_bot 深圳市政协开了什么会？';
    const calls = await h.handle({
      edited_message: { ...plain, text: q, entities: mention(q), edit_date: 1 },
    } as Omit<Update, 'update_id'>);
    assert.equal(qa.calls.at(-1)?.arg, '深圳市政协开了什么会？');
    assert.equal(calls.filter((c) => c.method === 'sendMessage').length, 1);
  });
});

describe('feedback and usage survive a restart', () => {
  it('a vote after a restart still finds its answer; /stats counts questions and votes of the day', async () => {
    const state = new MemoryChatState();
    const now = () => new Date('2025-03-01T10:00:00Z');
    const before = makeHarness({ state, now, adminIds: [99] });
    const answer = (await before.say('深圳市政协开了什么会？')).find(
      (c) => c.method === 'sendMessage',
    ) as ApiCall;
    await before.say('广州呢？');
    const up = buttons(answer).find((b) => b.text === '👍')?.callback_data ?? '';

    const after = makeHarness({ state, now, adminIds: [99] });
    await after.tap(up, after.botMessage(answer));
    const line = after.logLines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.event === 'feedback');
    assert.equal(line?.question, '深圳市政协开了什么会？');
    assert.match(texts(await after.say('/stats', { userId: 99 }))[0] ?? '', /今日提问 2 次 · 👍 1 · 👎 0/);

    const nextDay = makeHarness({ state, now: () => new Date('2025-03-02T10:00:00Z'), adminIds: [99] });
    assert.match(texts(await nextDay.say('/stats', { userId: 99 }))[0] ?? '', /今日提问 0 次/);
  });

  it('a store that fails does not cost the user the answer', async () => {
    const broken = Object.assign(new MemoryChatState(), {
      saveAnswer: () => Promise.reject(new Error('store down')),
      questionAsked: () => Promise.reject(new Error('store down')),
    });
    const h = makeHarness({ state: broken });
    const reply = (await h.say('深圳？')).find((c) => c.method === 'sendMessage');
    assert.match(String(reply?.payload.text), /\[1\] 《/);
  });
});

describe('what Telegram shows about the bot', () => {
  it('/ask is offered only in groups, /stats and /reindex only in admins’ chats, in zh and en', async () => {
    const h = makeHarness();
    await setCommandMenu(h.bot.api, [99]);
    const menus = h.calls
      .filter((c) => c.method === 'setMyCommands')
      .map((c) => ({
        scope: JSON.stringify(c.payload.scope),
        lang: c.payload.language_code ?? 'zh',
        commands: (c.payload.commands as { command: string }[]).map((x) => x.command).join(' '),
      }));
    const of = (scope: object, lang = 'zh') =>
      menus.find((m) => m.scope === JSON.stringify(scope) && m.lang === lang)?.commands;
    assert.equal(of({ type: 'default' }), 'help summary');
    assert.equal(of({ type: 'all_private_chats' }), 'help summary');
    assert.equal(of({ type: 'all_group_chats' }), 'help ask summary');
    assert.equal(of({ type: 'chat', chat_id: 99 }), 'help summary stats reindex');
    assert.equal(of({ type: 'all_group_chats' }, 'en'), 'help ask summary');
    const en = h.calls.find((c) => c.method === 'setMyCommands' && c.payload.language_code === 'en');
    assert.equal((en?.payload.commands as { description: string }[])[0]?.description, 'What I can answer');
  });

  it('sets the description and short description in zh and en', async () => {
    const h = makeHarness();
    await setDescriptions(h.bot.api);
    const set = h.calls.filter(
      (c) => c.method === 'setMyDescription' || c.method === 'setMyShortDescription',
    );
    assert.equal(set.length, 4);
    const zhShort = set.find((c) => c.method === 'setMyShortDescription' && !c.payload.language_code);
    assert.match(String(zhShort?.payload.short_description), /政协报道问答/);
    for (const c of set) {
      const text = String(c.payload.description ?? c.payload.short_description);
      assert.ok(text.length <= (c.method === 'setMyDescription' ? 512 : 120));
    }
  });
});
