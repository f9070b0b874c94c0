/**
 * End to end: startDingtalk with the real dingtalk-stream SDK against the DingTalk emulator on loopback (gateway,
 * Stream WebSocket, session webhooks), driven as users would. Answers come from the fake QaService.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { MemoryChatState } from '../../src/bot/state.js';
import { loadConfig } from '../../src/config.js';
import { startDingtalk, type RunningDingtalk } from '../../src/dingtalk/index.js';
import { FakeQa, MANY_SOURCES, type FakeQaOptions } from '../support/fake-qa.js';
import { DingtalkEmulator, type RobotReply } from '../support/dingtalk-emulator.js';

const text = (r: RobotReply | undefined) =>
  r?.body.markdown?.text ?? r?.body.actionCard?.text ?? r?.body.text?.content ?? '';

async function start(
  emu: DingtalkEmulator,
  qaOptions: FakeQaOptions = {},
  secret = emu.clientSecret,
  state?: MemoryChatState,
): Promise<{ bot: RunningDingtalk; qa: FakeQa }> {
  const qa = new FakeQa(qaOptions);
  const cfg = loadConfig({
    DINGTALK_CLIENT_ID: emu.clientId,
    DINGTALK_CLIENT_SECRET: secret,
    DINGTALK_API_BASE: emu.apiBase,
  });
  const bot = await startDingtalk({
    qa,
    log: pino({ level: 'silent' }),
    cfg,
    ...(state ? { state } : {}),
    options: { reply: { baseDelayMs: 50, maxDelayMs: 400 }, drainMs: 10_000, heartbeatMs: 300 },
  });
  await emu.waitFor(() => emu.connected);
  return { bot, qa };
}

describe('DingTalk bot over Stream mode against the emulator', () => {
  let emu: DingtalkEmulator;
  let bot: RunningDingtalk;
  const state = new MemoryChatState();

  before(async () => {
    emu = await new DingtalkEmulator().start();
    ({ bot } = await start(emu, {}, emu.clientSecret, state));
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
  });

  it('opens the stream through the gateway with the robot topic subscribed and answers pings', async () => {
    assert.ok(emu.gatewayCalls.length >= 1);
    assert.equal(emu.gatewayCalls.at(-1)?.clientId, emu.clientId);
    assert.ok(
      emu.gatewayCalls
        .at(-1)
        ?.subscriptions?.some((s) => s.type === 'CALLBACK' && s.topic === '/v1.0/im/bot/messages/get'),
    );
    const echo = await emu.ping();
    assert.equal(echo.code, 200);
  });

  it('private question → cited answer with source buttons → tap one → the paragraph → next paragraph', async () => {
    const { messageId } = emu.send('alice', '深圳市政协开了什么会？');
    const answer = await emu.waitFor(() => emu.repliesIn('cidpalice')[0]);
    assert.ok(emu.ackOf(messageId), 'the callback was acknowledged');
    assert.equal(answer.body.msgtype, 'actionCard');
    assert.match(text(answer), /专题协商会\[1\][\s\S]*\[2\] 《深圳市政协.*》第3段 · 2024年5月10日/);

    emu.tap(answer, /^📄 \[2\]/, 'alice');
    const para = await emu.waitFor(() => emu.repliesIn('cidpalice')[1]);
    assert.match(text(para), /第3段（共4段）[\s\S]*> 委员建议加大对中小企业创新的支持力度/);

    emu.tap(para, /下一段/, 'alice');
    const next = await emu.waitFor(() => emu.repliesIn('cidpalice')[2]);
    assert.match(text(next), /第4段（共4段）[\s\S]*> 市政协主席在讲话中要求把协商成果转化为工作实效/);
  });

  it('a follow-up in the same chat carries the earlier turn; /source n opens a source of the last answer', async () => {
    emu.send('frank', '深圳市政协开了什么会？');
    await emu.waitFor(() => emu.repliesIn('cidpfrank')[0]);
    emu.send('frank', '/source 1');
    const para = await emu.waitFor(() => emu.repliesIn('cidpfrank')[1]);
    assert.match(text(para), /第1段（共4段）[\s\S]*> 5月9日，深圳市政协召开专题协商会。/);
  });

  it('a 👎 link under a private answer is kept with the answer it was given for, and thanked', async () => {
    emu.send('iris', '深圳市政协开了什么会？');
    const answer = await emu.waitFor(() => emu.repliesIn('cidpiris')[0]);
    emu.tapLink(answer, /👎/, 'iris');
    const thanks = await emu.waitFor(() => emu.repliesIn('cidpiris')[1]);
    assert.match(text(thanks), /谢谢反馈/);
    const [vote] = await state.feedback(10);
    assert.equal(vote?.vote, 'down');
    assert.equal(vote?.question, '深圳市政协开了什么会？');
    assert.match(vote?.answer ?? '', /专题协商会\[1\]/);
  });

  it('group: a message without @ gets nothing; with @ it gets a reply, quotes inline and no buttons', async () => {
    const silent = emu.sendGroup('cidgroup1', 'bob', '深圳市政协开了什么会？', false);
    emu.sendGroup('cidgroup1', 'bob', '广州市政协视察了什么？', true);
    const reply = await emu.waitFor(() => emu.repliesIn('cidgroup1')[0]);
    assert.equal(reply.body.msgtype, 'markdown');
    assert.match(text(reply), /关于“广州市政协视察了什么？”/);
    assert.match(text(reply), /\[1\] 《.*》第1段 · 2024年5月10日\n\n> 5月9日/);
    assert.doesNotMatch(text(reply), /👍|👎/, 'a tapped link in a group would never reach the robot');
    assert.ok(emu.ackOf(silent.messageId), 'even an ignored message is acknowledged');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(emu.repliesIn('cidgroup1').length, 1, 'only the @-message was answered');
  });

  it('80 sources: the message stays within the size limit, and "更多来源" pages through every source', async () => {
    const seen = new Set<number>();
    const collect = (t: string): void => {
      for (const x of t.matchAll(/^\[(\d+)\] 《/gm)) seen.add(Number(x[1]));
    };
    emu.send('ulla', '总结所有报道');
    let page = await emu.waitFor(() => emu.repliesIn('cidpulla')[0]);
    assert.deepEqual(emu.refused, [], 'the platform accepted the answer');
    collect(text(page));
    assert.equal(seen.size, 10);
    // Each footnote carries its "open" link in the text too, not only as a button.
    assert.equal(
      [...text(page).matchAll(/\[查看原文\]\(dtmd:\/\/dingtalkclient\/sendMessage\?content=/g)].length,
      10,
    );
    for (let i = 1; i < 10; i++) {
      const more = /\[更多来源[^\]]*\]\((dtmd:[^)]+)\)/.exec(text(page));
      if (!more) break;
      // Tapping the link makes the client send its content as the user.
      emu.send('ulla', new URL(more[1]!).searchParams.get('content') ?? '');
      page = await emu.waitFor(() => emu.repliesIn('cidpulla')[i]);
      assert.match(text(page), /来源 \d+–\d+（共80条）/);
      collect(text(page));
    }
    assert.equal(seen.size, MANY_SOURCES);
    assert.deepEqual(emu.refused, []);
  });

  it('in a group, a long source list says which command shows the rest', async () => {
    emu.sendGroup('cidgroup9', 'vera', '总结所有报道', true);
    const reply = await emu.waitFor(() => emu.repliesIn('cidgroup9')[0]);
    assert.match(text(reply), /还有 70 条来源：@我 并发送 \/sources 11 查看/);
    emu.sendGroup('cidgroup9', 'vera', '/sources 11', true);
    const next = await emu.waitFor(() => emu.repliesIn('cidgroup9')[1]);
    assert.match(text(next), /^\*\*来源 11–20（共80条）\*\*/);
    assert.match(text(next), /^\[11\] 《/m);
  });

  it('throttling (429, then errcode 130101) is retried and the answer is still delivered once', async () => {
    emu.failures.push({ status: 429, retryAfter: '0.2' }, { status: 200, errcode: 130101 }, { status: 503 });
    const before = emu.replyAttempts.length;
    emu.send('carol', '深圳市政协提了什么建议？');
    const answer = await emu.waitFor(() => emu.repliesIn('cidpcarol')[0], 10_000);
    assert.match(text(answer), /\[2\] 《/);
    const attempts = emu.replyAttempts.slice(before);
    assert.deepEqual(
      attempts.map((a) => a.status),
      [429, 200, 503, 200],
    );
    assert.ok((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0) >= 150, 'Retry-After was honoured');
    assert.equal(emu.repliesIn('cidpcarol').length, 1);
  });

  it('a redelivered callback (same msgId) is answered once', async () => {
    const { messageId } = emu.send('dave', '深圳市政协开了什么会？');
    emu.redeliver(messageId);
    await emu.waitFor(() => emu.repliesIn('cidpdave')[0]);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(emu.repliesIn('cidpdave').length, 1);
  });

  it('a failing core gets a polite message with a reference, never the error itself', async () => {
    emu.send('erin', '这个问题会让 boom 出错吗？');
    const reply = await emu.waitFor(() => emu.repliesIn('cidperin')[0]);
    assert.match(text(reply), /抱歉，处理时出了点问题，请稍后再试。（编号 [0-9a-f]{8}）/);
    assert.doesNotMatch(text(reply), /secret|exploded/);
  });

  it('/help and /summary work; English questions get English labels', async () => {
    emu.send('gina', '/help');
    assert.match(text(await emu.waitFor(() => emu.repliesIn('cidpgina')[0])), /\/summary 地名/);
    emu.send('gina', '/summary 广州');
    assert.match(text(await emu.waitFor(() => emu.repliesIn('cidpgina')[1])), /广州的报道共1篇/);
    emu.send('gina', 'What did the Shenzhen CPPCC discuss?');
    assert.match(text(await emu.waitFor(() => emu.repliesIn('cidpgina')[2])), /\*\*Sources\*\*/);
  });

  it('after a server disconnect the SDK reconnects through the gateway and answers again', async () => {
    const calls = emu.gatewayCalls.length;
    emu.disconnect();
    await emu.waitFor(() => !emu.connected, 3000);
    await emu.waitFor(() => emu.connected && emu.gatewayCalls.length > calls, 8000);
    emu.send('henry', '深圳市政协开了什么会？');
    assert.match(text(await emu.waitFor(() => emu.repliesIn('cidphenry')[0])), /\[1\]/);
  });
});

describe('DingTalk keep-alive', () => {
  it('a connection that dies silently is noticed by its missing pongs and replaced; answers resume', async () => {
    const emu = await new DingtalkEmulator().start();
    const { bot } = await start(emu);
    try {
      const calls = emu.gatewayCalls.length;
      emu.goSilent();
      // No close frame ever comes: only the client's keep-alive can tell, and it opens a new connection.
      await emu.waitFor(() => emu.connected && emu.gatewayCalls.length > calls, 8000);
      emu.send('wanda', '深圳市政协开了什么会？');
      assert.match(text(await emu.waitFor(() => emu.repliesIn('cidpwanda')[0])), /\[1\]/);
    } finally {
      await bot.stop();
      await emu.stop();
    }
  });
});

describe('DingTalk start-up and shutdown', () => {
  it('rejected credentials fail start-up with one line naming the variables', async () => {
    const emu = await new DingtalkEmulator().start();
    try {
      await assert.rejects(start(emu, {}, 'wrong-secret'), (e: Error) => {
        assert.match(
          e.message,
          /DINGTALK_CLIENT_ID \/ DINGTALK_CLIENT_SECRET were rejected by DingTalk \(HTTP 401/,
        );
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
    } finally {
      await emu.stop();
    }
  });

  it('an unreachable gateway fails start-up with one line naming the host, not the secret', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    await new Promise<void>((r) => srv.close(() => r()));
    const cfg = loadConfig({
      DINGTALK_CLIENT_ID: 'dingx',
      DINGTALK_CLIENT_SECRET: 'super-secret-value',
      DINGTALK_API_BASE: base,
    });
    await assert.rejects(
      startDingtalk({ qa: new FakeQa(), log: pino({ level: 'silent' }), cfg }),
      (e: Error) => {
        assert.match(e.message, new RegExp(`DingTalk gateway ${base} unreachable: .*ECONNREFUSED`));
        assert.doesNotMatch(e.message, /super-secret-value/);
        return true;
      },
    );
  });

  it('stop() waits for answers in flight', async () => {
    const emu = await new DingtalkEmulator().start();
    try {
      const { bot } = await start(emu, { delayMs: 800 });
      emu.send('ivy', '深圳市政协开了什么会？');
      await emu.waitFor(() => emu.ackOf([...emu.pushed.keys()].at(-1) ?? ''));
      await bot.stop();
      assert.equal(
        emu.repliesIn('cidpivy').length,
        1,
        'the answer in flight was delivered before stop() returned',
      );
    } finally {
      await emu.stop();
    }
  });

  it('stop() during a reconnect wait stays stopped (no connection comes back)', async () => {
    const emu = await new DingtalkEmulator().start();
    try {
      const { bot } = await start(emu);
      emu.disconnect();
      await emu.waitFor(() => !emu.connected, 3000);
      const calls = emu.gatewayCalls.length;
      await bot.stop();
      await new Promise((r) => setTimeout(r, 1500));
      assert.equal(emu.connected, false);
      assert.equal(emu.gatewayCalls.length, calls);
    } finally {
      await emu.stop();
    }
  });
});
