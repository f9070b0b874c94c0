/**
 * End to end: report files sent to the DingTalk robot in a private chat. The bot gets an access token, turns the
 * message's downloadCode into a download URL and fetches it from the emulator; the real ingest indexes the file
 * into the embedded store; the real answer core answers a question about it with a citation. Non-admins and
 * files over MAX_UPLOAD_MB get a clear reply.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startDingtalk, type RunningDingtalk } from '../../src/dingtalk/index.js';
import { DingtalkEmulator, type RobotReply } from '../support/dingtalk-emulator.js';
import { REPORT_NAME, REPORT_QUESTION, REPORT_TEXT, uploadCore } from '../support/upload-report.js';

const ADMIN = '032615015535634423';
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });
const text = (r: RobotReply | undefined) =>
  r?.body.markdown?.text ?? r?.body.actionCard?.text ?? r?.body.text?.content ?? '';

describe('report files sent to the DingTalk robot', () => {
  let emu: DingtalkEmulator;
  let bot: RunningDingtalk;
  let core: Awaited<ReturnType<typeof uploadCore>>;

  before(async () => {
    emu = await new DingtalkEmulator().start();
    core = await uploadCore(
      'dingtalk-upload-',
      {
        DINGTALK_CLIENT_ID: emu.clientId,
        DINGTALK_CLIENT_SECRET: emu.clientSecret,
        DINGTALK_API_BASE: emu.apiBase,
        DINGTALK_ADMIN_USER_IDS: `manager01,${ADMIN}`,
        MAX_UPLOAD_MB: '1',
      },
      log,
    );
    bot = await startDingtalk({
      ...core.deps,
      options: { reply: { baseDelayMs: 50, maxDelayMs: 400 }, drainMs: 10_000 },
    });
    await emu.waitFor(() => emu.connected);
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
    await core.close();
  });

  /** The first reply to conversation `cid` after `from` that matches `re`. */
  const replyMatching = (cid: string, re: RegExp, from: number) =>
    emu.waitFor(
      () => emu.replies.slice(from).find((r) => r.conversationId === cid && re.test(text(r))),
      20_000,
    );

  it('an admin sends a text report: downloaded, indexed, and answerable at once with a citation', async () => {
    const mark = emu.replies.length;
    emu.sendFile(ADMIN, REPORT_NAME, Buffer.from(REPORT_TEXT, 'utf8'));
    const cid = `cidp${ADMIN}`;
    assert.match(text(await replyMatching(cid, /正在编入索引/, mark)), /1 篇报道/);
    const done = text(await replyMatching(cid, /已收录/, mark));
    assert.match(done, new RegExp(`已收录 ${REPORT_NAME}`));
    assert.match(done, /《榆林市政协开展沙地治理专题调研》（4 段）/);
    const kept = await readdir(path.join(core.cfg.DATA_DIR, 'uploads'));
    assert.equal(kept.filter((f) => f.endsWith(REPORT_NAME)).length, 1, kept.join(', '));

    const ask = emu.replies.length;
    emu.send(ADMIN, REPORT_QUESTION);
    const answer = text(await replyMatching(cid, /\[1\]/, ask));
    assert.match(answer, /《榆林市政协开展沙地治理专题调研》/);
    assert.match(answer, /光伏/);
  });

  it('anyone else is told politely that only admins can add reports; nothing is downloaded', async () => {
    const mark = emu.replies.length;
    const before = emu.fileDownloads;
    emu.sendFile('member7', '报道.txt', Buffer.from(REPORT_TEXT, 'utf8'));
    assert.match(text(await replyMatching('cidpmember7', /只有管理员/, mark)), /只有管理员可以添加报道/);
    assert.equal(emu.fileDownloads, before);
  });

  it('without the robot message permission the admin is told which permission to grant', async () => {
    emu.permissions.delete('qyapi_robot_sendmsg');
    try {
      const mark = emu.replies.length;
      emu.sendFile(ADMIN, '无权限.txt', Buffer.from(REPORT_TEXT, 'utf8'));
      const said = text(await replyMatching(`cidp${ADMIN}`, /qyapi_robot_sendmsg/, mark));
      assert.match(said, /企业内机器人发送消息权限/);
      assert.match(said, /权限管理/);
    } finally {
      emu.permissions.add('qyapi_robot_sendmsg');
    }
  });

  it('a file over MAX_UPLOAD_MB gets the limit and is not kept', async () => {
    const mark = emu.replies.length;
    emu.sendFile(ADMIN, '大文件.txt', Buffer.alloc(1200 * 1024, 0x41));
    assert.match(text(await replyMatching(`cidp${ADMIN}`, /文件太大/, mark)), /上限 1 MB/);
    const kept = await readdir(path.join(core.cfg.DATA_DIR, 'uploads'));
    assert.ok(!kept.some((f) => f.includes('大文件')), kept.join(', '));
  });
});
