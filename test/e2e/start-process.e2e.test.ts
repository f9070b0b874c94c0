/**
 * End to end with everything real except Telegram: `src/cli/start.ts` as its own process (config, embedded
 * store, first-run ingest of samples/reports, the answer core offline, the bot in long polling) against the
 * Bot API emulator on loopback — and started again on the same DATA_DIR, where feedback and usage are still there.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Message } from 'grammy/types';
import { entityTexts, TelegramEmulator, type BotCall } from '../support/telegram-emulator.js';

type Button = { text: string; callback_data?: string };
const buttons = (m: Message | undefined): Button[] =>
  ((m?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

function start(emu: TelegramEmulator, dataDir: string, token = emu.token, extra: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: emu.apiRoot,
      DATA_DIR: dataDir,
      REPORTS_DIR: 'samples/reports',
      QDRANT_URL: '',
      OPENAI_API_KEY: '',
      BOT_MODE: 'polling',
      ADMIN_USER_IDS: '31',
      LOG_LEVEL: 'info',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { text: '', stderr: '' };
  child.stdout.on('data', (c: Buffer) => (out.text += c.toString()));
  child.stderr.on('data', (c: Buffer) => {
    out.text += c.toString();
    out.stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe('npm start with a bot token', () => {
  it('ingests the samples, answers with citations, opens a source, and stops cleanly on SIGTERM; feedback and /stats survive a restart', async () => {
    const emu = await new TelegramEmulator('424242:REAL-process-secret-token').start();
    const dataDir = await mkdtemp(join(tmpdir(), 'bot-e2e-'));
    let { child, out, exited } = start(emu, dataDir);
    try {
      await emu.waitFor((c) => c.method === 'getUpdates' || c.method === 'deleteWebhook', 60_000);
      const user = emu.user(31);
      emu.send(31, user, '成都市政协围绕什么开展了民主监督？');
      const final = await emu.waitFor(
        (c: BotCall) =>
          c.method === 'sendMessage' &&
          entityTexts(c.message, 'bold').includes('来源') &&
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
        (c) => c.method === 'sendMessage' && entityTexts(c.message, 'blockquote').length > 0,
        10_000,
        mark,
      );
      assert.match(String(quote.payload.text), /^《成都市政协开展社区养老服务民主监督》 第\d+段（共\d+段）/);
      assert.deepEqual(entityTexts(quote.message, 'bold'), ['《成都市政协开展社区养老服务民主监督》']);

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
      assert.match(results[0]?.input_message_content.message_text ?? '', /\n《/);

      const up = buttons(final.message).find((b) => b.text === '👍');
      emu.tap(final.message as Message, up?.callback_data ?? '', user);
      await emu.waitFor(
        (c) => c.method === 'answerCallbackQuery' && /谢谢/.test(String(c.payload.text)),
        10_000,
        mark,
      );

      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.ok(!out.text.includes('REAL-process-secret-token'), 'the token never reaches the log');
      assert.match(out.text, /导入完成/);

      // Again on the same DATA_DIR: no re-import, and today's question and vote are still counted.
      ({ child, out, exited } = start(emu, dataDir));
      const mark2 = emu.calls.length;
      await emu.waitFor((c) => c.method === 'deleteWebhook', 60_000, mark2);
      emu.send(31, user, '/stats');
      const stats = await emu.waitFor(
        (c) => c.method === 'sendMessage' && /今日提问/.test(String(c.payload.text)),
        10_000,
        mark2,
      );
      assert.match(String(stats.payload.text), /报道 5 篇[\s\S]*今日提问 1 次 · 👍 1 · 👎 0/);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.doesNotMatch(out.text, /导入完成/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await emu.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start with a token Telegram refuses', () => {
  it('says so in one line naming TELEGRAM_BOT_TOKEN and exits non-zero, without a stack trace', async () => {
    const emu = await new TelegramEmulator('424242:REAL-process-secret-token').start();
    const dataDir = await mkdtemp(join(tmpdir(), 'bot-e2e-'));
    const { child, out, exited } = start(emu, dataDir, '424242:WRONG-token');
    try {
      assert.equal(await exited, 1);
      const lines = out.stderr.split('\n').filter((l) => l.includes('TELEGRAM_BOT_TOKEN'));
      assert.equal(lines.length, 1, out.stderr);
      assert.match(
        lines[0] ?? '',
        /^启动失败：telegram: TELEGRAM_BOT_TOKEN: Telegram refused the token \(401\)/,
      );
      assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
      assert.ok(!out.stderr.includes('WRONG-token'), 'the token is not echoed');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await emu.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('npm start with Telegram and the HTTP API configured', () => {
  it('runs both side by side in one process on one store, and SIGTERM stops both', async () => {
    const emu = await new TelegramEmulator('424243:SIDE-by-side-token').start();
    const dataDir = await mkdtemp(join(tmpdir(), 'bot-e2e-'));
    const { child, out, exited } = start(emu, dataDir, emu.token, {
      HTTP_API_KEYS: 'sk-e2e',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
    });
    try {
      await emu.waitFor((c) => c.method === 'deleteWebhook', 60_000);
      const base = await waitForOutput(out, /"url":"(http:\/\/127\.0\.0\.1:\d+)\/v1"/, 10_000);
      emu.send(51, emu.user(51), '成都市政协围绕什么开展了民主监督？');
      const res = await fetch(`${base}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-e2e', 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'cppcc-qa',
          messages: [{ role: 'user', content: '成都市政协围绕什么开展了民主监督？' }],
        }),
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as { choices: { message: { content: string } }[] };
      const overHttp = body.choices[0]?.message.content ?? '';
      assert.match(overHttp, /\[1\] 《成都市政协开展社区养老服务民主监督》第\d+段/);
      const tg = await emu.waitFor(
        (c) =>
          c.method === 'sendMessage' && c.payload.chat_id === 51 && /\[1\] 《/.test(String(c.payload.text)),
        30_000,
      );
      assert.match(String(tg.payload.text), /\[1\] 《成都市政协开展社区养老服务民主监督》第\d+段/);
      assert.equal((out.text.match(/导入完成/g) ?? []).length, 1, 'one store, ingested once');

      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      await assert.rejects(fetch(`${base}/healthz`), 'the HTTP API is stopped too');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await emu.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

async function waitForOutput(out: { text: string }, re: RegExp, timeoutMs: number): Promise<string> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const m = re.exec(out.text);
    if (m) return m[1] as string;
    if (Date.now() > until) throw new Error(`no ${String(re)} in the output:\n${out.text.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
