/**
 * The web console in a real browser (Debian's chromium driven by playwright-core; no browser download): sign in,
 * upload a PDF and watch it get indexed, find its article and paragraphs, ask and open a citation, see a refused
 * question in Gaps, remove the document and see the answer stop citing it. With CONSOLE_SCREENSHOTS=<dir>
 * (`npm run screenshots`) it saves the pages it visits as PNGs there (the README's are in docs/console/).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { recordingQa } from '../../src/app/recording.js';
import { startHttpApi, type RunningHttpApi } from '../../src/http/server.js';
import { consoleCore, PASSWORD, type ConsoleCore } from '../support/console-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.CONSOLE_SCREENSHOTS;
const PDF = path.resolve('test/fixtures/reports/page-3col.pdf');
const QUESTION = '清河县政协走访了多少家农业合作社？';
/** Evaluated in the page: the job box says its job ended well. */
const JOB_DONE = "document.getElementById('job')?.dataset.state === 'done'";

let core: ConsoleCore;
let server: RunningHttpApi;
let browser: Browser;
let page: Page;

async function shot(name: string): Promise<void> {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  core = await consoleCore({ HTTP_HOST: '127.0.0.1', HTTP_PORT: '0' });
  server = await startHttpApi({ qa: core.qa, log: core.log, cfg: core.cfg, admin: core.admin });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await core?.close();
});

describe('web console in chromium', () => {
  it('sign in → upload a PDF → its article → ask and open a citation → gaps → remove it', async () => {
    const base = server.url;
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

    // A reader's question the reports cannot answer, asked through a front end, shows in Gaps.
    const reader = recordingQa(core.qa, core.state, 'telegram', core.log);
    const refused = await reader.answer('火星上的政协开了什么会？');
    assert.equal(refused.refused, true);
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
