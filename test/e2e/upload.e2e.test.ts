/**
 * End to end: an admin sends an e-paper PDF to the bot in a private chat → it is downloaded through getFile and the
 * file endpoint of the Telegram emulator, read, indexed into the embedded store by the real ingest, and answerable
 * at once with the page in the source view. Non-admins, unreadable files, too large and unknown files get a clear
 * reply. Runs the real bot (long polling), real answer core and real store; nothing leaves 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import type { Message } from 'grammy/types';
import { createUploadService } from '../../src/app/uploads.js';
import { createBot } from '../../src/bot/bot.js';
import { runBot, type RunningBot } from '../../src/bot/run.js';
import { loadConfig } from '../../src/config.js';
import { createQaService } from '../../src/rag/answer.js';
import { openStore, type OpenedStore } from '../../src/store/connect.js';
import { runIngest } from '../../ingest/run.js';
import { reportPaths, uploadsDir } from '../../ingest/upload.js';
import { FIXTURES } from '../ingest/helpers.js';
import { entityTexts, TelegramEmulator, type BotCall } from '../support/telegram-emulator.js';

const ADMIN = 7;
const REPORTS = path.join(FIXTURES, 'reports');

type Button = { text: string; callback_data?: string };
const buttons = (m: Message | undefined): Button[] =>
  ((m?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

describe('report files sent to the bot', () => {
  let emu: TelegramEmulator;
  let bot: RunningBot;
  let store: OpenedStore;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'upload-e2e-'));
    const reportsDir = path.join(dataDir, 'reports');
    await mkdir(reportsDir);
    const cfg = loadConfig({ DATA_DIR: dataDir, REPORTS_DIR: reportsDir });
    store = await openStore(cfg);
    emu = await new TelegramEmulator().start();
    const log = pino({ level: 'silent' });
    const created = createBot(
      emu.token,
      {
        qa: createQaService({ client: store.client, cfg, log }),
        log,
        adminIds: [ADMIN],
        reindex: (onProgress) =>
          runIngest({ paths: reportPaths(cfg), client: store.client, cfg, prune: true, onProgress }),
        uploads: createUploadService({
          dir: uploadsDir(cfg),
          maxBytes: 100 * 1024,
          reindex: (onProgress) =>
            runIngest({ paths: reportPaths(cfg), client: store.client, cfg, prune: true, onProgress }),
          log,
        }),
        options: { streamIntervalMs: 100, rateLimit: { windowMs: 60_000, limit: 50 } },
      },
      { apiRoot: emu.apiRoot },
    );
    bot = await runBot(created, { mode: 'polling', host: '127.0.0.1', port: 0, drainMs: 10_000 });
  });
  after(async () => {
    await bot.stop();
    await emu.stop();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** The text of the bot's status message once it says `done`. */
  const statusUntil = async (chatId: number, done: RegExp, from: number): Promise<string> => {
    const call = await emu.waitFor(
      (c: BotCall) =>
        (c.method === 'sendMessage' || c.method === 'editMessageText') &&
        Number(c.payload.chat_id) === chatId &&
        done.test(String(c.payload.text)) &&
        !c.error,
      20_000,
      from,
    );
    return String(call.payload.text);
  };

  it('an admin sends a 4-column PDF page: it is read, indexed and answerable at once, citing its page', async () => {
    const admin = emu.user(ADMIN);
    const mark = emu.calls.length;
    emu.sendDocument(
      ADMIN,
      admin,
      '履职风采.pdf',
      await readFile(path.join(REPORTS, 'page-4col.pdf')),
      'application/pdf',
    );
    const done = await statusUntil(ADMIN, /已收录/, mark);
    assert.match(done, /已收录 履职风采\.pdf/);
    assert.match(done, /《东平县政协推动老旧小区改造提质增效》 第4版（6 段）/);
    assert.match(done, /《梁山县政协：议事厅里话民生》 第4版（2 段）/);
    assert.ok(emu.calls.slice(mark).some((c) => c.method === 'getFile'));
    // Kept where re-indexing finds it again.
    assert.equal(
      (await readdir(path.join(dataDir, 'uploads'))).filter((f) => f.endsWith('履职风采.pdf')).length,
      1,
    );

    const ask = emu.calls.length;
    emu.send(ADMIN, admin, '梁山县政协围绕什么召开协商会？');
    const answer = await emu.waitFor(
      (c) =>
        (c.method === 'sendMessage' || c.method === 'editMessageText') &&
        Number(c.payload.chat_id) === ADMIN &&
        /\[1\] 《梁山县政协：议事厅里话民生》/.test(String(c.payload.text)),
      20_000,
      ask,
    );
    assert.match(String(answer.payload.text), /农村饮水安全/);
    const msg = emu.message(ADMIN, answer.message?.message_id ?? 0);
    const src = buttons(msg).find((b) => b.text === '📄 [1]');
    assert.ok(src?.callback_data, 'a source button');
    const open = emu.calls.length;
    emu.tap(msg as Message, src.callback_data, admin);
    const view = await emu.waitFor(
      (c) =>
        c.method === 'sendMessage' &&
        [...entityTexts(c.message, 'blockquote'), ...entityTexts(c.message, 'expandable_blockquote')].length >
          0,
      10_000,
      open,
    );
    assert.match(String(view.payload.text), /第4版/);
  });

  it('anyone else is told politely that only admins can add reports; nothing is downloaded', async () => {
    const mark = emu.calls.length;
    emu.sendDocument(31, emu.user(31), '报道.pdf', await readFile(path.join(REPORTS, 'rotated.pdf')));
    assert.match(await statusUntil(31, /只有管理员/, mark), /只有管理员可以添加报道/);
    assert.ok(!emu.calls.slice(mark).some((c) => c.method === 'getFile'));
  });

  it('a scanned page is refused with the reason, a big or unknown file before downloading', async () => {
    const admin = emu.user(ADMIN);
    let mark = emu.calls.length;
    emu.sendDocument(ADMIN, admin, '扫描件.pdf', await readFile(path.join(REPORTS, 'scanned.pdf')));
    assert.match(await statusUntil(ADMIN, /无法读取/, mark), /扫描件\.pdf: no text layer: needs OCR/);
    mark = emu.calls.length;
    emu.sendDocument(ADMIN, admin, '大文件.pdf', Buffer.alloc(200 * 1024, 0x25));
    assert.match(await statusUntil(ADMIN, /文件太大/, mark), /上限 0\.1 MB/);
    mark = emu.calls.length;
    emu.sendDocument(ADMIN, admin, '照片.jpg', Buffer.from('not a report'));
    assert.match(await statusUntil(ADMIN, /暂不支持/, mark), /PDF、Word/);
    assert.ok(!emu.calls.slice(mark).some((c) => c.method === 'getFile'));
    // Nothing unreadable was kept.
    const kept = await readdir(path.join(dataDir, 'uploads'));
    assert.ok(!kept.some((f) => f.includes('扫描件')), kept.join(', '));
  });
});
