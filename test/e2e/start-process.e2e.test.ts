/**
 * End to end with everything real except Telegram: `src/cli/start.ts` as its own process (config, embedded
 * store, first-run ingest of samples/reports, the answer core offline, the bot in long polling) against the
 * Bot API emulator on loopback.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Message } from 'grammy/types';
import { TelegramEmulator, type BotCall } from '../support/telegram-emulator.js';

type Button = { text: string; callback_data?: string };
const buttons = (m: Message | undefined): Button[] =>
  ((m?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

describe('npm start with a bot token', () => {
  it('ingests the samples, answers with citations, opens a source, and stops cleanly on SIGTERM', async () => {
    const emu = await new TelegramEmulator('424242:REAL-process-secret-token').start();
    const dataDir = await mkdtemp(join(tmpdir(), 'bot-e2e-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      env: {
        ...process.env,
        TELEGRAM_BOT_TOKEN: emu.token,
        TELEGRAM_API_ROOT: emu.apiRoot,
        DATA_DIR: dataDir,
        REPORTS_DIR: 'samples/reports',
        QDRANT_URL: '',
        OPENAI_API_KEY: '',
        BOT_MODE: 'polling',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await emu.waitFor((c) => c.method === 'getUpdates' || c.method === 'deleteWebhook', 60_000);
      const user = emu.user(31);
      emu.send(31, user, '成都市政协围绕什么开展了民主监督？');
      const final = await emu.waitFor(
        (c: BotCall) =>
          c.method === 'sendMessage' &&
          c.payload.parse_mode === 'HTML' &&
          /\[1\] 《/.test(String(c.payload.text)),
        30_000,
      );
      const text = String(final.payload.text);
      assert.match(text, /养老/);
      assert.match(text, /\[1\] 《成都市政协开展社区养老服务民主监督》第\d+段/);
      const src = buttons(final.message).find((b) => b.text === '📄 [1]');
      assert.ok(src?.callback_data, 'a source button');
      const mark = emu.calls.length;
      emu.tap(final.message as Message, src.callback_data, user);
      const quote = await emu.waitFor(
        (c) => c.method === 'sendMessage' && /<blockquote>/.test(String(c.payload.text)),
        10_000,
        mark,
      );
      assert.match(
        String(quote.payload.text),
        /《成都市政协开展社区养老服务民主监督》<\/b> 第\d+段（共\d+段）/,
      );

      emu.send(31, user, '/start');
      const help = await emu.waitFor(
        (c) => c.method === 'sendMessage' && /篇报道/.test(String(c.payload.text)),
        10_000,
        mark,
      );
      assert.match(String(help.payload.text), /我能回答关于政协工作新闻报道的问题：5 篇报道，\d+ 个地方/);
      emu.inline(user, '养老服务');
      const inline = await emu.waitFor((c) => c.method === 'answerInlineQuery', 10_000, mark);
      const results = inline.payload.results as {
        title: string;
        input_message_content: { message_text: string };
      }[];
      assert.ok(results.length > 0, 'inline results from the store');
      assert.match(
        results[0]?.input_message_content.message_text ?? '',
        /^<blockquote>[\s\S]+<\/blockquote>\n《/,
      );

      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.ok(!output.includes('REAL-process-secret-token'), 'the token never reaches the log');
      assert.match(output, /导入完成/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await emu.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
