/**
 * The web console in a real browser (Debian's chromium driven by playwright-core; no browser download), with the
 * Telegram bot beside it on the same core, both started as `npm start` starts them (front-ends.ts), the bot
 * talking to the Telegram emulator: sign in, upload a PDF and watch it get indexed, find its article and
 * paragraphs, ask and open a citation, see a 👎 a reader gives in Telegram appear in Feedback and a question the
 * reports cannot answer appear in Gaps, remove the document and see the answer stop citing it. With
 * CONSOLE_SCREENSHOTS=<dir> (`npm run screenshots`) it saves the pages it visits as PNGs there (the README's are
 * in docs/console/).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Message } from 'grammy/types';
import { chromium, type Browser, type Page } from 'playwright-core';
import { frontEndsFor } from '../../src/app/front-end.js';
import { FRONT_ENDS } from '../../src/app/front-ends.js';
import { startAll, stopAll, type Started } from '../../src/app/run.js';
import { consoleCore, PASSWORD, type ConsoleCore } from '../support/console-app.js';
import { TelegramEmulator, type BotCall } from '../support/telegram-emulator.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
const PDF = path.resolve('test/fixtures/reports/page-3col.pdf');
const QUESTION = '清河县政协走访了多少家农业合作社？';
/** Evaluated in the page: the job box says its job ended well. */
const JOB_DONE = "document.getElementById('job')?.dataset.state === 'done'";

let core: ConsoleCore;
let emu: TelegramEmulator;
let started: Started[] = [];
let base: string;
let browser: Browser;
let page: Page;

type Button = { text: string; callback_data?: string };
const buttons = (m: Message | undefined): Button[] =>
  ((m?.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).flat();

/** A free loopback port (the bot's health endpoint while it polls). */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const a = srv.address();
  await new Promise((r) => srv.close(r));
  return typeof a === 'object' && a ? a.port : 0;
}

/** A reader asks the bot in a private chat; resolves with the bot's final answer message (with its buttons). */
async function askInTelegram(userId: number, question: string): Promise<Message> {
  const from = emu.calls.length;
  const reader = emu.user(userId);
  emu.send(userId, reader, question);
  const isAnswer = (c: BotCall) =>
    (c.method === 'sendMessage' || c.method === 'editMessageText') &&
    Number(c.payload.chat_id) === userId &&
    buttons(emu.message(userId, c.message?.message_id ?? 0)).some((b) => b.text === '👎');
  const call = await emu.waitFor(isAnswer, 30_000, from);
  const answer = emu.message(userId, call.message?.message_id ?? 0);
  assert.ok(answer);
  return answer;
}

async function shot(name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  emu = await new TelegramEmulator().start();
  core = await consoleCore({
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    TELEGRAM_BOT_TOKEN: emu.token,
    TELEGRAM_API_ROOT: emu.apiRoot,
    PORT: String(await freePort()),
  });
  // The same wiring as `npm start` (src/app/run.ts): every front end on the one core, the console on the HTTP server.
  const deps = {
    qa: core.qa,
    log: core.log,
    cfg: core.cfg,
    reindex: core.uploads.reindex,
    uploads: core.uploads,
    state: core.state,
    admin: core.admin,
  };
  const entries = FRONT_ENDS.filter((e) => e.name === 'telegram' || e.name === 'http');
  started = await startAll(frontEndsFor(entries, deps), core.log);
  const announced = started.map((s) => s.running.announce ?? '').join('\n');
  const url = /管理台已启动：(http:\/\/\S+)\/admin/.exec(announced)?.[1];
  assert.ok(url, announced);
  base = url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
});

after(async () => {
  await browser?.close();
  await stopAll(started, core.log);
  await emu?.stop();
  await core?.close();
});

describe('web console in chromium', () => {
  it('sign in → upload a PDF → its article → ask and open a citation → a Telegram 👎 in Feedback → gaps → remove it', async () => {
    await page.goto(`${base}/admin`);
    assert.match(page.url(), /\/admin\/login$/);
    await shot('login');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/admin`);

    await page.getByRole('link', { name: '报道' }).click();
    await page.locator('#files').setInputFiles(PDF);
    // When the job is done the page reloads the list and shows the job's last event.
    await page.waitForURL(/\/admin\/reports\?job=/, { timeout: 60_000 });
    await page.waitForFunction(JOB_DONE, undefined, { timeout: 30_000 });
    assert.match(await page.locator('#job-status').innerText(), /完成/);
    assert.match(await page.locator('table.docs').innerText(), /page-3col\.pdf\s+pdf\s+2026-11-20/);
    await shot('reports');

    await page.getByRole('link', { name: 'page-3col.pdf' }).click();
    await page.getByRole('heading', { name: '清河县政协围绕乡村产业振兴开展专题协商' }).waitFor();
    const article = page.getByRole('article', { name: '清河县政协围绕乡村产业振兴开展专题协商' });
    assert.match(await article.locator('li[value="1"]').innerText(), /第1段\s+11月中旬，清河县政协/);
    await shot('document');

    await page.getByRole('link', { name: '试问' }).click();
    await page.getByLabel('问题').fill(QUESTION);
    await page.getByRole('button', { name: '提问' }).click();
    await page.locator('.answer-text a.cite').first().click();
    const dialog = page.locator('#cite-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.innerText(), /清河县政协/);
    await shot('try');
    await page.keyboard.press('Escape');

    // A reader asks the same in Telegram and presses 👎 under the answer: Feedback shows it with the answer.
    const answer = await askInTelegram(501, QUESTION);
    assert.match(answer.text ?? '', /清河县/);
    const down = buttons(answer).find((b) => b.text === '👎');
    assert.ok(down?.callback_data);
    const tapped = emu.calls.length;
    emu.tap(answer, down.callback_data, emu.user(501));
    await emu.waitFor((c) => c.method === 'answerCallbackQuery', 10_000, tapped);
    await page.getByRole('link', { name: '反馈' }).click();
    const vote = page.locator('table.feedback tbody tr', { hasText: QUESTION });
    await vote.waitFor();
    const cells = await vote.locator('td').allInnerTexts();
    assert.equal(cells[1], '👎');
    assert.equal(cells[2], QUESTION);
    assert.match(cells[3] ?? '', /清河县政协/);
    assert.equal(cells[4], 'telegram');
    await shot('feedback');

    // A reader's question the reports cannot answer, asked in Telegram, shows in Gaps.
    const refused = await askInTelegram(502, '火星上的政协开了什么会？');
    assert.doesNotMatch(refused.text ?? '', /\[1\]/);
    await page.getByRole('link', { name: '未答问题' }).click();
    await page.getByRole('cell', { name: '火星上的政协开了什么会？' }).waitFor();
    await shot('gaps');

    await page.getByRole('link', { name: '报道' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: '删除 page-3col.pdf' }).click();
    await page.waitForURL(/\/admin\/reports\?job=/, { timeout: 60_000 });
    await page.waitForFunction(JOB_DONE, undefined, { timeout: 30_000 });
    assert.equal(await page.getByRole('link', { name: 'page-3col.pdf' }).count(), 0);
    await page.goto(`${base}/admin/try?q=${encodeURIComponent(QUESTION)}`);
    assert.doesNotMatch(await page.locator('main').innerText(), /清河县政协围绕乡村产业振兴/);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/admin`);
    await shot('overview-phone');
  });
});
