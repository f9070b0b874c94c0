/**
 * End to end: report files sent to the WeCom robot in a private chat. The bot downloads the encrypted file from the
 * emulator, decrypts it with the SDK's decryptFile, and hands it to the upload service; the real ingest indexes it
 * into the embedded store and the real answer core answers a question about it with a citation. The progress is
 * one stream reply growing in place. Non-admins and files over MAX_UPLOAD_MB get a clear reply.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startWecom, type RunningWecom } from '../../src/wecom/index.js';
import { WecomEmulator } from '../support/wecom-emulator.js';
import { REPORT_NAME, REPORT_QUESTION, REPORT_TEXT, uploadCore } from '../support/upload-report.js';

const ADMIN = 'zhangsan';
const log = pino({ level: process.env.TEST_LOG ?? 'silent' });

describe('report files sent to the WeCom robot', () => {
  let emu: WecomEmulator;
  let bot: RunningWecom;
  let core: Awaited<ReturnType<typeof uploadCore>>;

  before(async () => {
    emu = await new WecomEmulator().start();
    core = await uploadCore(
      'wecom-upload-',
      {
        WECOM_BOT_ID: emu.botId,
        WECOM_BOT_SECRET: emu.secret,
        WECOM_WS_URL: emu.wsUrl,
        WECOM_ADMIN_USER_IDS: `lisi,${ADMIN}`,
        MAX_UPLOAD_MB: '1',
      },
      log,
    );
    bot = await startWecom({ ...core.deps, options: { reconnectMs: 100, drainMs: 10_000 } });
    await emu.waitFor(() => emu.connected);
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
    await core.close();
  });
  afterEach(() => assert.deepEqual(emu.violations, [], 'nothing the platform would refuse'));

  it('an admin sends a text report: decrypted, indexed, and answerable at once with a citation', async () => {
    const s = await emu.finished(emu.sendFile(ADMIN, REPORT_NAME, Buffer.from(REPORT_TEXT, 'utf8')), 30_000);
    assert.match(s.content, new RegExp(`已收录 ${REPORT_NAME}`));
    assert.match(s.content, /《榆林市政协开展沙地治理专题调研》（4 段）/);
    assert.ok(s.frames.length >= 2, 'progress before the result, in the same message');
    const kept = await readdir(path.join(core.cfg.DATA_DIR, 'uploads'));
    assert.equal(kept.filter((f) => f.endsWith(REPORT_NAME)).length, 1, kept.join(', '));

    const answer = await emu.finished(emu.sendText(ADMIN, REPORT_QUESTION), 20_000);
    assert.match(answer.content, /\[1\] 《榆林市政协开展沙地治理专题调研》/);
    assert.match(answer.content, /光伏/);
  });

  it('anyone else is told politely that only admins can add reports; nothing is downloaded', async () => {
    const before = emu.fileDownloads;
    const s = await emu.finished(emu.sendFile('wangwu', '报道.txt', Buffer.from(REPORT_TEXT, 'utf8')));
    assert.match(s.content, /只有管理员可以添加报道/);
    assert.equal(emu.fileDownloads, before);
  });

  it('a file over MAX_UPLOAD_MB gets the limit and is not kept', async () => {
    const s = await emu.finished(emu.sendFile(ADMIN, '大文件.txt', Buffer.alloc(1200 * 1024, 0x41)));
    assert.match(s.content, /文件太大.*上限 1 MB/);
    const kept = await readdir(path.join(core.cfg.DATA_DIR, 'uploads'));
    assert.ok(!kept.some((f) => f.includes('大文件')), kept.join(', '));
  });
});
