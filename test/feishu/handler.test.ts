/** The Feishu handler in process: event payloads in, recorded API calls out (no SDK, no network). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { FeishuApi } from '../../src/feishu/api.js';
import { createFeishuHandler, type FeishuHandlerOptions } from '../../src/feishu/handler.js';
import type { MessageEvent } from '../../src/feishu/incoming.js';
import { cardButtons, cardText, type FeishuCard } from '../../src/present/feishu-card.js';
import { FakeQa, FAKE_ARTICLES, type FakeQaOptions } from '../support/fake-qa.js';

const BOT = 'ou_bot';

interface Call {
  op: 'reply' | 'update';
  messageId: string;
  card: FeishuCard;
}

class RecordingApi implements FeishuApi {
  readonly calls: Call[] = [];
  failReplies = 0;
  failUpdates = false;
  private n = 0;

  async replyCard(messageId: string, card: FeishuCard): Promise<string> {
    if (this.failReplies > 0) {
      this.failReplies--;
      throw Object.assign(new Error('boom'), {
        response: { status: 400, data: { code: 230002, msg: 'bot not in chat' } },
      });
    }
    this.calls.push({ op: 'reply', messageId, card });
    return `om_bot_${++this.n}`;
  }
  async updateCard(messageId: string, card: FeishuCard): Promise<void> {
    if (this.failUpdates) throw new Error('patch refused');
    this.calls.push({ op: 'update', messageId, card });
  }
  async downloadFile(): Promise<Buffer> {
    throw new Error('no files in these tests');
  }
  async botOpenId(): Promise<string> {
    return BOT;
  }
}

let seq = 0;
function message(
  text: string,
  over: Partial<MessageEvent['message']> = {},
  eventId = `e${++seq}`,
): MessageEvent {
  return {
    event_id: eventId,
    sender: { sender_id: { open_id: 'ou_u1' }, sender_type: 'user' },
    message: {
      message_id: `om_${seq}`,
      chat_id: 'oc_1',
      chat_type: 'p2p',
      message_type: 'text',
      content: JSON.stringify({ text }),
      ...over,
    },
  };
}

function setup(qaOpts: FakeQaOptions = {}, options: Partial<FeishuHandlerOptions> = {}) {
  const qa = new FakeQa(qaOpts);
  const api = new RecordingApi();
  const h = createFeishuHandler({ qa, api, log: pino({ level: 'silent' }), botOpenId: BOT, options });
  return { qa, api, h };
}

describe('Feishu handler: messages', () => {
  it('answers a private question once, even when Feishu delivers the event twice', async () => {
    const { api, h, qa } = setup();
    const ev = message('深圳开了什么会？');
    h.onMessage(ev);
    h.onMessage(ev);
    h.onMessage({ ...ev, event_id: 'other-id' }); // same message, redelivered under a new event id
    await h.idle();
    assert.equal(api.calls.length, 1);
    assert.equal(api.calls[0]!.messageId, ev.message.message_id);
    assert.match(cardText(api.calls[0]!.card), /关于“深圳开了什么会？”/);
    assert.equal(qa.calls.filter((c) => c.method === 'answer').length, 1);
  });

  it('stays silent in a group unless @-mentioned', async () => {
    const { api, h, qa } = setup();
    h.onMessage(message('深圳开了什么会？', { chat_type: 'group' }));
    await h.idle();
    assert.equal(api.calls.length, 0);
    assert.equal(qa.calls.length, 0);
    h.onMessage(
      message('@_user_1 深圳开了什么会？', {
        chat_type: 'group',
        mentions: [{ key: '@_user_1', id: { open_id: BOT }, name: 'bot' }],
      }),
    );
    await h.idle();
    assert.equal(api.calls.length, 1);
    assert.equal(qa.calls[0]!.arg, '深圳开了什么会？');
  });

  it('passes earlier turns of the same private chat for follow-ups; other chats start fresh', async () => {
    const { h, qa } = setup();
    h.onMessage(message('深圳开了什么会？'));
    await h.idle();
    h.onMessage(message('那次会上说了什么？'));
    h.onMessage(message('你好', { chat_id: 'oc_2' }));
    await h.idle();
    const [first, second, other] = qa.calls.filter((c) => c.method === 'answer');
    assert.deepEqual(first!.opts?.turns, []);
    assert.equal(second!.opts?.turns?.[0]?.question, '深圳开了什么会？');
    assert.deepEqual(other!.opts?.turns, []);
  });

  it('non-text messages get the "text only" note; an over-long question is cut with a notice', async () => {
    const { api, h, qa } = setup({}, { maxQuestionChars: 10 });
    h.onMessage(message('', { message_type: 'image', content: '{"image_key":"img"}' }));
    h.onMessage(message('深圳市政协今年开展了哪些协商活动呢？'));
    await h.idle();
    assert.match(cardText(api.calls[0]!.card), /我只看得懂文字消息/);
    assert.equal([...qa.calls[0]!.arg].length, 10);
    assert.match(cardText(api.calls[1]!.card), /问题太长，只取了前 10 个字/);
  });

  it('English questions get English cards, and their source buttons open English paragraph cards', async () => {
    const { api, h } = setup();
    h.onMessage(message('What did the Shenzhen CPPCC discuss?'));
    await h.idle();
    assert.match(cardText(api.calls[0]!.card), /Sources/);
    const src = cardButtons(api.calls[0]!.card)[0]!;
    await h.onCardAction({
      event_id: 'en-tap',
      action: { value: src.value },
      context: { open_message_id: 'om_x' },
    });
    await h.idle();
    assert.match(cardText(api.calls[1]!.card), /paragraph 1 of 4/);
    assert.ok(cardButtons(api.calls[1]!.card).some((b) => b.label === 'Next ›'));
  });

  it('learns its open_id later: before, any group mention counts; after, only its own', async () => {
    const qa = new FakeQa();
    const api = new RecordingApi();
    const h = createFeishuHandler({ qa, api, log: pino({ level: 'silent' }) });
    const mentioning = (who: string) =>
      message('@_user_1 深圳开了什么会？', {
        chat_type: 'group',
        mentions: [{ key: '@_user_1', id: { open_id: who }, name: 'x' }],
      });
    h.onMessage(mentioning('ou_someone'));
    await h.idle();
    assert.equal(api.calls.length, 1);
    h.setBotOpenId(BOT);
    h.onMessage(mentioning('ou_someone'));
    h.onMessage(mentioning(BOT));
    await h.idle();
    assert.equal(api.calls.length, 2);
  });

  it('a slow answer: "searching" card first, then replaced; if replacing fails, the answer is replied', async () => {
    const { api, h } = setup({ delayMs: 150 }, { placeholderAfterMs: 20 });
    h.onMessage(message('深圳开了什么会？'));
    await h.idle();
    assert.deepEqual(
      api.calls.map((c) => c.op),
      ['reply', 'update'],
    );
    assert.match(cardText(api.calls[0]!.card), /正在查找报道/);
    assert.equal(api.calls[1]!.messageId, 'om_bot_1');
    assert.match(cardText(api.calls[1]!.card), /\[1\] 《/);

    api.failUpdates = true;
    h.onMessage(message('又开了什么会？'));
    await h.idle();
    assert.deepEqual(
      api.calls.slice(2).map((c) => c.op),
      ['reply', 'reply'],
    );
    assert.match(cardText(api.calls[3]!.card), /\[1\] 《/);
  });

  it('a platform that refuses every reply is logged, not thrown; the next message is still handled', async () => {
    const { api, h } = setup();
    api.failReplies = 1;
    h.onMessage(message('深圳开了什么会？'));
    await h.idle();
    h.onMessage(message('广州呢？'));
    await h.idle();
    assert.equal(api.calls.length, 1);
  });
});

describe('Feishu handler: card buttons', () => {
  async function answered() {
    const s = setup();
    s.h.onMessage(message('深圳开了什么会？'));
    await s.h.idle();
    const card = s.api.calls[0]!.card;
    return { ...s, card, cardMessage: 'om_card' };
  }
  const tap = (value: unknown, messageId = 'om_card', eventId = `t${++seq}`) => ({
    event_id: eventId,
    operator: { open_id: 'ou_u1' },
    action: { value, tag: 'button' },
    context: { open_message_id: messageId, open_chat_id: 'oc_1' },
  });

  it('a source opens its paragraph as a reply to the card; paging returns the next card in the response', async () => {
    const { api, h, card, cardMessage } = await answered();
    const src = cardButtons(card).find((b) => b.label.startsWith('[2]'))!;
    const res = await h.onCardAction(tap(src.value));
    await h.idle();
    assert.deepEqual(res, {});
    const para = api.calls[1]!;
    assert.equal(para.messageId, cardMessage);
    assert.ok(cardText(para.card).includes(FAKE_ARTICLES[0]!.paragraphs[2]!));

    const next = cardButtons(para.card).find((b) => b.label.includes('下一段'))!;
    const paged = await h.onCardAction(tap(next.value, 'om_bot_2'));
    assert.ok(paged.card);
    assert.ok(cardText(paged.card.data).includes(FAKE_ARTICLES[0]!.paragraphs[3]!));
    assert.equal(api.calls.length, 2, 'paging sends no new message');
  });

  it('a redelivered source tap does not post the paragraph twice', async () => {
    const { api, h, card } = await answered();
    const src = cardButtons(card)[0]!;
    const t = tap(src.value);
    await h.onCardAction(t);
    await h.onCardAction(t);
    await h.idle();
    assert.equal(api.calls.length, 2);
  });

  it('👎 is acknowledged with a toast', async () => {
    const { h, card } = await answered();
    const down = cardButtons(card).find((b) => b.label === '👎')!;
    assert.deepEqual(await h.onCardAction(tap(down.value)), {
      toast: { type: 'success', content: '谢谢反馈！' },
    });
  });

  it('a place button delivers its summary under the menu', async () => {
    const { api, h, qa } = setup();
    h.onMessage(message('/summary'));
    await h.idle();
    const gz = cardButtons(api.calls[0]!.card).find((b) => b.label.startsWith('广州市'))!;
    await h.onCardAction(tap(gz.value, 'om_menu'));
    await h.idle();
    assert.equal(qa.calls.at(-1)?.method, 'summarize');
    assert.equal(api.calls[1]!.messageId, 'om_menu');
    assert.match(cardText(api.calls[1]!.card), /广州市的报道共1篇/);
  });

  it('unknown or stale values get a warning toast', async () => {
    const { h } = setup();
    assert.equal((await h.onCardAction(tap({ a: 'zz' }))).toast?.type, 'warning');
    assert.equal((await h.onCardAction(tap({ a: 'par', id: 'nope', n: 1 }))).toast?.type, 'warning');
  });
});
