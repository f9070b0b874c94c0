/**
 * End to end: report files sent to the Feishu bot in a private chat. The real SDK downloads the file from the
 * emulator's message resource API; the real ingest indexes it into the embedded store; the real answer core
 * answers a question about it with a citation. Non-admins and files over MAX_UPLOAD_MB get a clear reply.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startFeishu, type RunningFeishu } from '../../src/feishu/start.js';
import { FeishuEmulator, textOf, type EmuMessage } from '../support/feishu-emulator.js';
import { REPORT_NAME, REPORT_QUESTION, REPORT_TEXT, uploadCore } from '../support/upload-report.js';

const ADMIN = 'ou_admin_1';
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });

describe('report files sent to the Feishu bot', () => {
  let emu: FeishuEmulator;
  let bot: RunningFeishu;
  let core: Awaited<ReturnType<typeof uploadCore>>;

  before(async () => {
    emu = await new FeishuEmulator().start();
    core = await uploadCore(
      'feishu-upload-',
      {
        FEISHU_APP_ID: emu.appId,
        FEISHU_APP_SECRET: emu.appSecret,
        FEISHU_DOMAIN: emu.base,
        FEISHU_ADMIN_OPEN_IDS: `ou_other_admin, ${ADMIN}`,
        MAX_UPLOAD_MB: '1',
      },
      log,
    );
    bot = await startFeishu(core.deps, {
      retry: { attempts: 3, baseMs: 20, maxMs: 200 },
      connectWaitMs: 5000,
    });
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
    await core.close();
  });

  /** The bot's status card under `messageId` once its text matches `done` (it is updated in place). */
  const status = (messageId: string, done: RegExp) =>
    emu.waitFor(
      (m: EmuMessage) => m.from === 'bot' && m.parentId === messageId && done.test(textOf(m.content)),
    );
  const downloads = () =>
    emu.calls.filter((c) => c.method === 'GET' && c.path.includes('/resources/')).length;

  it('an admin sends a text report: downloaded, indexed, and answerable at once with a citation', async () => {
    const sent = await emu.sendFile({
      chatId: 'oc_admin',
      chatType: 'p2p',
      user: ADMIN,
      name: REPORT_NAME,
      bytes: Buffer.from(REPORT_TEXT, 'utf8'),
    });
    const done = textOf((await status(sent, /已收录/)).content);
    assert.match(done, new RegExp(`已收录 ${REPORT_NAME}`));
    assert.match(done, /《榆林市政协开展沙地治理专题调研》（4 段）/);
    const kept = await readdir(path.join(core.cfg.DATA_DIR, 'uploads'));
    assert.equal(kept.filter((f) => f.endsWith(REPORT_NAME)).length, 1, kept.join(', '));

    const q = await emu.send({ chatId: 'oc_admin', chatType: 'p2p', user: ADMIN, text: REPORT_QUESTION });
    const answer = textOf(
      (await emu.waitFor((m) => m.from === 'bot' && m.parentId === q && /\[1\] 《/.test(textOf(m.content))))
        .content,
    );
    assert.match(answer, /\[1\] 《榆林市政协开展沙地治理专题调研》/);
    assert.match(answer, /光伏/);
  });

  it('anyone else is told politely that only admins can add reports; nothing is downloaded', async () => {
    const before = downloads();
    const sent = await emu.sendFile({
      chatId: 'oc_member',
      chatType: 'p2p',
      user: 'ou_member',
      name: '报道.txt',
      bytes: Buffer.from(REPORT_TEXT, 'utf8'),
    });
    assert.match(textOf((await status(sent, /只有管理员/)).content), /只有管理员可以添加报道/);
    assert.equal(downloads(), before);
  });

  it('a file over MAX_UPLOAD_MB gets the limit and is not kept', async () => {
    const sent = await emu.sendFile({
      chatId: 'oc_admin',
      chatType: 'p2p',
      user: ADMIN,
      name: '大文件.txt',
      bytes: Buffer.alloc(1200 * 1024, 0x41),
    });
    assert.match(textOf((await status(sent, /文件太大/)).content), /上限 1 MB/);
    const kept = await readdir(path.join(core.cfg.DATA_DIR, 'uploads'));
    assert.ok(!kept.some((f) => f.includes('大文件')), kept.join(', '));
  });
});
