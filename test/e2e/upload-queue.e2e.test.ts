/**
 * End to end: two admins send report files at the same moment, one on Feishu and one on DingTalk, to one process
 * (one store, one upload service). The imports run one after the other — the later one says it is queued and is
 * not refused — and both reports are answerable afterwards from either platform.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Reindex } from '../../src/app/uploads.js';
import { startDingtalk, type RunningDingtalk } from '../../src/dingtalk/index.js';
import { startFeishu, type RunningFeishu } from '../../src/feishu/start.js';
import { DingtalkEmulator, type RobotReply } from '../support/dingtalk-emulator.js';
import { FeishuEmulator, textOf, type EmuMessage } from '../support/feishu-emulator.js';
import {
  REPORT_NAME,
  REPORT_QUESTION,
  REPORT_TEXT,
  SECOND_REPORT_NAME,
  SECOND_REPORT_QUESTION,
  SECOND_REPORT_TEXT,
  uploadCore,
} from '../support/upload-report.js';

const FEISHU_ADMIN = 'ou_admin_1';
const DINGTALK_ADMIN = 'manager01';
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const dingText = (r: RobotReply | undefined) =>
  r?.body.markdown?.text ?? r?.body.actionCard?.text ?? r?.body.text?.content ?? '';

describe('report files sent on two platforms at once', () => {
  let feishuEmu: FeishuEmulator;
  let dingEmu: DingtalkEmulator;
  let feishu: RunningFeishu;
  let dingtalk: RunningDingtalk;
  let core: Awaited<ReturnType<typeof uploadCore>>;
  let pending = () => 0;
  /** Ingests running now, and the most that ever ran at once. */
  let running = 0;
  let most = 0;

  before(async () => {
    feishuEmu = await new FeishuEmulator().start();
    dingEmu = await new DingtalkEmulator().start();
    // The first import holds until the second is waiting, so the two really overlap.
    const hold: (r: Reindex) => Reindex = (r) => async (onProgress) => {
      running++;
      most = Math.max(most, running);
      try {
        const until = Date.now() + 10_000;
        while (pending() < 2 && Date.now() < until) await new Promise((res) => setTimeout(res, 20));
        return await r(onProgress);
      } finally {
        running--;
      }
    };
    core = await uploadCore(
      'upload-queue-',
      {
        FEISHU_APP_ID: feishuEmu.appId,
        FEISHU_APP_SECRET: feishuEmu.appSecret,
        FEISHU_DOMAIN: feishuEmu.base,
        FEISHU_ADMIN_OPEN_IDS: FEISHU_ADMIN,
        DINGTALK_CLIENT_ID: dingEmu.clientId,
        DINGTALK_CLIENT_SECRET: dingEmu.clientSecret,
        DINGTALK_API_BASE: dingEmu.apiBase,
        DINGTALK_ADMIN_USER_IDS: DINGTALK_ADMIN,
      },
      log,
      hold,
    );
    pending = () => core.deps.uploads.pending;
    feishu = await startFeishu(core.deps, {
      retry: { attempts: 3, baseMs: 20, maxMs: 200 },
      connectWaitMs: 5000,
    });
    dingtalk = await startDingtalk({
      ...core.deps,
      options: { reply: { baseDelayMs: 50, maxDelayMs: 400 }, drainMs: 10_000 },
    });
    await dingEmu.waitFor(() => dingEmu.connected);
  });
  after(async () => {
    await feishu.stop();
    await dingtalk.stop();
    await feishuEmu.stop();
    await dingEmu.stop();
    await core.close();
  });

  it('both are indexed one after the other, the later one queued, and each answerable from the other platform', async () => {
    const dingMark = dingEmu.replies.length;
    const dingReplies = () =>
      dingEmu.replies.slice(dingMark).filter((r) => r.conversationId === `cidp${DINGTALK_ADMIN}`);
    // Every text the Feishu bot shows (its status card is updated in place), seen as it changes.
    const feishuSeen: string[] = [];
    const feishuDone = feishuEmu.waitFor((m: EmuMessage) => {
      if (m.from !== 'bot' || m.chatId !== 'oc_admin') return false;
      feishuSeen.push(textOf(m.content));
      return /已收录/.test(textOf(m.content));
    }, 20_000);
    await Promise.all([
      feishuEmu.sendFile({
        chatId: 'oc_admin',
        chatType: 'p2p',
        user: FEISHU_ADMIN,
        name: REPORT_NAME,
        bytes: Buffer.from(REPORT_TEXT, 'utf8'),
      }),
      Promise.resolve(
        dingEmu.sendFile(DINGTALK_ADMIN, SECOND_REPORT_NAME, Buffer.from(SECOND_REPORT_TEXT, 'utf8')),
      ),
    ]);
    assert.match(textOf((await feishuDone).content), new RegExp(`已收录 ${REPORT_NAME}`));
    const dingDone = await dingEmu.waitFor(
      () => dingReplies().find((r) => /已收录/.test(dingText(r))),
      20_000,
    );
    assert.match(dingText(dingDone), new RegExp(`已收录 ${SECOND_REPORT_NAME}`));

    assert.equal(most, 1, 'two ingests ran at once');
    // The later of the two was told it waits, on its own platform; neither was refused.
    const dingQueued = dingReplies().some((r) => /排队中/.test(dingText(r)));
    const feishuQueued = feishuSeen.some((t) => /排队中/.test(t));
    assert.ok(dingQueued !== feishuQueued, `queued on dingtalk: ${dingQueued}, on feishu: ${feishuQueued}`);
    assert.ok(!dingReplies().some((r) => /正在导入其他报道/.test(dingText(r))));
    const kept = await readdir(path.join(core.cfg.DATA_DIR, 'uploads'));
    assert.equal(kept.filter((f) => f.endsWith('.txt')).length, 2, kept.join(', '));

    const ask = dingEmu.replies.length;
    dingEmu.send(DINGTALK_ADMIN, REPORT_QUESTION);
    const answer = await dingEmu.waitFor(
      () => dingEmu.replies.slice(ask).find((r) => /\[1\]/.test(dingText(r))),
      20_000,
    );
    assert.match(dingText(answer), /榆林市政协开展沙地治理专题调研/);
    const q = await feishuEmu.send({
      chatId: 'oc_admin',
      chatType: 'p2p',
      user: FEISHU_ADMIN,
      text: SECOND_REPORT_QUESTION,
    });
    const fAnswer = await feishuEmu.waitFor(
      (m) => m.from === 'bot' && m.parentId === q && /\[1\] 《/.test(textOf(m.content)),
    );
    assert.match(textOf(fAnswer.content), /安康市政协召开富硒茶产业发展专题协商会/);
  });
});
