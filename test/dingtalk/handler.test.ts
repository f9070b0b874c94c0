/**
 * In-process: robot messages straight into DingtalkHandler, replies collected from the injected reply function.
 * Answers come from the fake QaService.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { parseCommand } from '../../src/dingtalk/commands.js';
import { DingtalkHandler, type DingtalkHandlerOptions } from '../../src/dingtalk/handler.js';
import {
  addressedToBot,
  BadRobotMessage,
  messageText,
  parseRobotMessage,
  type RobotMessage,
} from '../../src/dingtalk/message.js';
import { sendToSession, ReplyError } from '../../src/dingtalk/reply.js';
import { dingtalkMessageText, type DingtalkMessage } from '../../src/present/dingtalk.js';
import { FakeQa, type FakeQaOptions } from '../support/fake-qa.js';

let seq = 0;
function msg(text: string, extra: Partial<RobotMessage> = {}): RobotMessage {
  seq++;
  return {
    msgId: `m${seq}`,
    msgtype: 'text',
    conversationType: '1',
    conversationId: 'cid-private-1',
    senderStaffId: 'u1',
    chatbotUserId: 'bot',
    sessionWebhook: 'http://127.0.0.1:1/robot/sendBySession?session=s',
    sessionWebhookExpiredTime: Date.now() + 60_000,
    text: { content: text },
    ...extra,
  };
}

function setup(qaOptions: FakeQaOptions = {}, options: Partial<DingtalkHandlerOptions> = {}) {
  const qa = new FakeQa(qaOptions);
  const sent: { to: RobotMessage; body: DingtalkMessage }[] = [];
  const handler = new DingtalkHandler({
    qa,
    log: pino({ level: 'silent' }),
    options,
    reply: async (to, body) => {
      sent.push({ to, body });
    },
  });
  const texts = () => sent.map((s) => dingtalkMessageText(s.body));
  return { qa, handler, sent, texts };
}

describe('DingTalk robot messages', () => {
  it('parses a pushed message; a malformed one is a clear error, not a crash', () => {
    const m = parseRobotMessage(JSON.stringify(msg('你好')));
    assert.equal(m.text?.content, '你好');
    assert.throws(() => parseRobotMessage('{not json'), BadRobotMessage);
    assert.throws(
      () => parseRobotMessage(JSON.stringify({ msgId: 'x', msgtype: 'text' })),
      /bad fields: .*conversationType/,
    );
  });

  it('groups are answered only when the robot is @-mentioned (isInAtList, else atUsers)', () => {
    assert.equal(addressedToBot(msg('x')), true);
    assert.equal(addressedToBot(msg('x', { conversationType: '2', isInAtList: false })), false);
    assert.equal(addressedToBot(msg('x', { conversationType: '2', isInAtList: true })), true);
    assert.equal(addressedToBot(msg('x', { conversationType: '2', atUsers: [{ dingtalkId: 'bot' }] })), true);
    assert.equal(
      addressedToBot(msg('x', { conversationType: '2', atUsers: [{ dingtalkId: 'other' }] })),
      false,
    );
    assert.equal(messageText(msg(' @政协问答 深圳开了什么会？')), '深圳开了什么会？');
  });

  it('commands: /help, /summary 地名, /summary alone, /source from a button or by number, questions', () => {
    assert.deepEqual(parseCommand('/help'), { kind: 'help' });
    assert.deepEqual(parseCommand('/summary 深圳市'), { kind: 'summary', place: '深圳市' });
    assert.deepEqual(parseCommand('/summary'), { kind: 'places' });
    assert.deepEqual(parseCommand('/source 0a1b2c3d4e5f6a7b 3'), {
      kind: 'paragraph',
      articleId: '0a1b2c3d4e5f6a7b',
      n: 3,
    });
    assert.deepEqual(parseCommand('/source [2]'), { kind: 'source', n: 2 });
    assert.deepEqual(parseCommand('总结一下深圳市政协的工作'), {
      kind: 'question',
      text: '总结一下深圳市政协的工作',
    });
    assert.deepEqual(parseCommand('  '), { kind: 'empty' });
  });
});

describe('DingTalk handler', () => {
  it('a private question gets one cited answer; the conversation remembers it for follow-ups', async () => {
    const { qa, handler, texts } = setup();
    assert.equal(await handler.handle(msg('深圳市政协开了什么会？')), 'answered');
    assert.match(texts()[0] ?? '', /专题协商会\[1\][\s\S]*\[1\] 《深圳市政协.*》第1段 · 2024年5月10日/);
    await handler.handle(msg('他们提了什么建议？'));
    const follow = qa.calls.filter((c) => c.method === 'answer')[1];
    assert.deepEqual(
      follow?.opts?.turns?.map((t) => t.question),
      ['深圳市政协开了什么会？'],
    );
  });

  it('group members have their own follow-up history; unmentioned group messages get nothing', async () => {
    const { qa, handler, sent } = setup();
    const g = { conversationType: '2', conversationId: 'cid-g', isInAtList: true };
    await handler.handle(msg('深圳市政协开了什么会？', { ...g, senderStaffId: 'a' }));
    await handler.handle(msg('广州呢？', { ...g, senderStaffId: 'b' }));
    assert.equal(await handler.handle(msg('没有@我', { ...g, isInAtList: false })), 'ignored');
    assert.equal(sent.length, 2);
    assert.deepEqual(qa.calls.filter((c) => c.method === 'answer')[1]?.opts?.turns, []);
  });

  it('messages of one conversation are answered in order even when the first is slower', async () => {
    const { handler, texts } = setup({ delayMs: 50 });
    await Promise.all([handler.handle(msg('第一个问题')), handler.handle(msg('第二个问题'))]);
    assert.match(texts()[0] ?? '', /第一个问题/);
    assert.match(texts()[1] ?? '', /第二个问题/);
  });

  it('a redelivered message is answered once; an expired session is not answered', async () => {
    const { handler, sent } = setup();
    const m = msg('深圳市政协开了什么会？');
    await handler.handle(m);
    assert.equal(await handler.handle({ ...m }), 'duplicate');
    assert.equal(await handler.handle(msg('x', { sessionWebhookExpiredTime: Date.now() - 1 })), 'expired');
    assert.equal(sent.length, 1);
  });

  it('/source n opens that source of the last answer, or says there is none', async () => {
    const { handler, texts } = setup();
    await handler.handle(msg('/source 1'));
    assert.match(texts()[0] ?? '', /上一个回答里没有来源 \[1\]/);
    await handler.handle(msg('深圳市政协开了什么会？'));
    await handler.handle(msg('/source 2'));
    assert.match(texts()[2] ?? '', /第3段（共4段）[\s\S]*> 委员建议加大/);
    await handler.handle(msg('/source 0000000000000000 1'));
    assert.match(texts()[3] ?? '', /这段原文已找不到/);
  });

  it('/summary alone lists places as buttons; /summary 地名 summarises; /help explains DingTalk use', async () => {
    const { handler, sent, texts } = setup();
    await handler.handle(msg('/summary'));
    const menu = sent[0]?.body;
    assert.equal(menu?.msgtype, 'actionCard');
    assert.ok(menu?.msgtype === 'actionCard' && menu.actionCard.btns.some((b) => b.title === '深圳市'));
    await handler.handle(msg('/summary 深圳'));
    assert.match(texts()[1] ?? '', /深圳的报道共1篇/);
    await handler.handle(msg('/help'));
    assert.match(texts()[2] ?? '', /2 篇报道[\s\S]*群里请 @我 提问/);
  });

  it('a failing core gets a polite message; non-text messages get a short explanation', async () => {
    const { handler, texts } = setup();
    assert.equal(await handler.handle(msg('请问 boom 是什么？')), 'failed');
    assert.match(texts()[0] ?? '', /抱歉，处理时出了点问题/);
    assert.doesNotMatch(texts()[0] ?? '', /exploded|secret/);
    await handler.handle(msg('', { msgtype: 'picture', text: undefined }));
    assert.match(texts()[1] ?? '', /只看得懂文字/);
  });

  it('a slow answer in a private chat is preceded by one "正在查找报道…"; fast answers and groups get none', async () => {
    const slow = setup({ delayMs: 150 }, { thinkingAfterMs: 30 });
    await slow.handler.handle(msg('深圳市政协开了什么会？'));
    assert.deepEqual(slow.texts()[0], '正在查找报道…');
    assert.match(slow.texts()[1] ?? '', /专题协商会\[1\]/);
    await slow.handler.handle(msg('深圳市政协开了什么会？', { conversationType: '2', isInAtList: true }));
    assert.equal(slow.texts().length, 3);
    const fast = setup({}, { thinkingAfterMs: 100 });
    await fast.handler.handle(msg('深圳市政协开了什么会？'));
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(fast.texts().length, 1);
  });

  it('an over-long question is cut and the reply says so', async () => {
    const { qa, handler, texts } = setup();
    await handler.handle(msg('深'.repeat(800)));
    assert.equal(qa.calls[0]?.arg.length, 500);
    assert.match(texts()[0] ?? '', /问题太长，只取了前 500 个字/);
  });
});

describe('session webhook replies', () => {
  async function server(statuses: { status: number; body: unknown; headers?: Record<string, string> }[]) {
    const seen: unknown[] = [];
    const srv = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        const next = statuses.shift() ?? { status: 200, body: { errcode: 0, errmsg: 'ok' } };
        res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers });
        res.end(JSON.stringify(next.body));
      });
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/robot/sendBySession?session=x`;
    return { url, seen, close: () => new Promise<void>((r) => srv.close(() => r())) };
  }
  const body: DingtalkMessage = { msgtype: 'markdown', markdown: { title: 't', text: 'x' } };
  const fast = { baseDelayMs: 10, maxDelayMs: 50 };

  it('retries 429, 5xx and errcode 130101, then delivers', async () => {
    const s = await server([
      { status: 429, body: {} },
      { status: 500, body: {} },
      { status: 200, body: { errcode: 130101, errmsg: 'send too fast' } },
    ]);
    try {
      assert.equal(await sendToSession(s.url, body, { policy: fast }), 3);
      assert.equal(s.seen.length, 4);
      assert.deepEqual(s.seen[3], body);
    } finally {
      await s.close();
    }
  });

  it('does not retry a refused message (bad session) and gives up after maxRetries', async () => {
    const s = await server([{ status: 200, body: { errcode: 300001, errmsg: 'session not found' } }]);
    const t = await server(Array.from({ length: 5 }, () => ({ status: 503, body: {} })));
    try {
      await assert.rejects(sendToSession(s.url, body, { policy: fast }), (e: ReplyError) => !e.retryable);
      assert.equal(s.seen.length, 1);
      await assert.rejects(sendToSession(t.url, body, { policy: { ...fast, maxRetries: 2 } }), /HTTP 503/);
      assert.equal(t.seen.length, 3);
    } finally {
      await s.close();
      await t.close();
    }
  });
});
