/**
 * The web console in process (Hono's app.request) over a real embedded store of invented reports: sign-in,
 * sessions, CSRF, uploads and their limits, inert rendering of report text, one job at a time, feedback and gaps.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { uploadsDir } from '../../ingest/upload.js';
import {
  consoleApp,
  consoleCore,
  PASSWORD,
  type Browserish,
  type ConsoleCore,
} from '../support/console-app.js';

let core: ConsoleCore;
let clock = Date.parse('2026-12-01T08:00:00Z');
const now = () => clock;
/** While set, every ingest the upload service runs waits for it (a test holding the queue). */
let hold: Promise<void> | undefined;
let indexing = 0;
let mostAtOnce = 0;

before(async () => {
  core = await consoleCore(
    { HTTP_API_KEYS: 'sk-chat-key-1', MAX_UPLOAD_MB: '1', ADMIN_SESSION_HOURS: '2' },
    undefined,
    (reindex) => async (onProgress) => {
      indexing++;
      mostAtOnce = Math.max(mostAtOnce, indexing);
      try {
        await hold;
        return await reindex(onProgress);
      } finally {
        indexing--;
      }
    },
  );
});
after(async () => core.close());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

async function waitForJob(b: Browserish, id: string): Promise<string> {
  const res = await b.call(`/admin/api/jobs/${id}/events`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  return res.text();
}

describe('console sign-in and sessions', () => {
  it('without a session pages redirect to sign-in and the API answers 401; the chat API key opens nothing', async () => {
    const b = consoleApp(core, now);
    for (const p of ['/admin', '/admin/reports', '/admin/try?q=x', '/admin/feedback.csv']) {
      const res = await b.call(p);
      assert.equal(res.status, 302, p);
      assert.equal(res.headers.get('location'), '/admin/login');
    }
    assert.equal((await b.call('/admin/api/cite?article=x&n=1')).status, 401);
    assert.equal((await b.call('/admin/reindex', form({}))).status, 401);
    assert.equal((await b.call('/admin/api/uploads?name=a.txt', { method: 'PUT', body: 'x' })).status, 401);
    const bearer = { headers: { authorization: 'Bearer sk-chat-key-1' } };
    assert.equal((await b.call('/v1/models', bearer)).status, 200, 'the key is a valid chat API key');
    assert.equal((await b.call('/admin/reports', bearer)).status, 302);
    assert.equal((await b.call('/admin/api/cite?article=x&n=1', bearer)).status, 401);
  });

  it('signs in with the password: an HttpOnly, SameSite=Strict cookie for /admin, Secure behind HTTPS', async () => {
    const b = consoleApp(core, now);
    const { res, csrf } = await b.signIn();
    assert.equal(res.status, 303);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\/admin/);
    assert.doesNotMatch(cookie, /Secure/);
    assert.ok(csrf && csrf.length >= 20);
    const page = await (await b.call('/admin/reports')).text();
    assert.match(page, /青州古城报道\.txt/);
    const https = await consoleApp(core, now).signIn(PASSWORD, { 'x-forwarded-proto': 'https' });
    assert.match(https.res.headers.get('set-cookie') ?? '', /Secure/);
  });

  it('a wrong password is refused; after 5 failures even the right one waits, then works', async () => {
    const b = consoleApp(core, now);
    for (let i = 0; i < 5; i++) assert.equal((await b.signIn('guess')).res.status, 401);
    const limited = await b.signIn(PASSWORD);
    assert.equal(limited.res.status, 429);
    assert.ok(Number(limited.res.headers.get('retry-after')) > 0);
    assert.equal(limited.cookie, undefined);
    clock += 11 * 60_000;
    assert.equal((await b.signIn(PASSWORD)).res.status, 303);
  });

  it('an expired session sends the page to sign-in (saying so) and the API to 401; sign-out ends a session', async () => {
    const b = consoleApp(core, now);
    await b.signIn();
    assert.equal((await b.call('/admin/reports')).status, 200);
    clock += 2 * 3_600_000 + 1000;
    const res = await b.call('/admin/reports');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/admin/login?expired=1');
    assert.equal((await b.call('/admin/api/cite?article=x&n=1')).status, 401);

    const { csrf } = await b.signIn();
    const out = await b.call('/admin/logout', form({ _csrf: csrf ?? '' }));
    assert.equal(out.status, 303);
    assert.equal((await b.call('/admin/reports')).status, 302);
  });

  it('a sign-in posted from another site is refused', async () => {
    const b = consoleApp(core, now);
    const res = await b.signIn(PASSWORD, { origin: 'https://evil.example' });
    assert.equal(res.res.status, 403);
    assert.equal(res.cookie, undefined);
  });
});

describe('console changes need the CSRF token', () => {
  it('refuses a state change without the token or with a wrong one, and takes it with the right one', async () => {
    const b = consoleApp(core, now);
    const { csrf } = await b.signIn();
    assert.equal((await b.call('/admin/reindex', form({}))).status, 403);
    assert.equal((await b.call('/admin/reindex', form({ _csrf: 'forged' }))).status, 403);
    const noHeader = await b.call('/admin/api/uploads?name=a.txt', { method: 'PUT', body: 'text' });
    assert.equal(noHeader.status, 403);
    const ok = await b.call('/admin/reindex', { ...form({ _csrf: csrf ?? '' }) });
    assert.equal(ok.status, 303);
    const job = /job=([\w-]+)/.exec(ok.headers.get('location') ?? '')?.[1] ?? '';
    assert.match(await waitForJob(b, job), /event: done/);
  });
});

describe('console uploads', () => {
  const put = (
    b: Browserish,
    name: string,
    body: string | ReadableStream<Uint8Array>,
    csrf: string,
    headers: Record<string, string> = {},
  ) =>
    b.call(`/admin/api/uploads?name=${encodeURIComponent(name)}`, {
      method: 'PUT',
      body,
      headers: { 'x-csrf-token': csrf, ...headers },
      // Node's fetch needs this for a stream body.
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);

  it('keeps a file whose name tries to leave the uploads folder inside it, and indexes it', async () => {
    const b = consoleApp(core, now);
    const { csrf = '' } = await b.signIn();
    const text = '临朐县政协开展山区道路安全视察\n\n本报讯 委员们察看了沂山景区道路，建议增设防护栏。';
    const res = await put(b, '../../../escaped.txt', text, csrf);
    assert.equal(res.status, 200);
    const staged = (await res.json()) as { ok: boolean; token: string; name: string };
    assert.equal(staged.ok, true);
    assert.equal(staged.name, 'escaped.txt');
    const idx = await b.call('/admin/api/uploads/index', {
      method: 'POST',
      body: JSON.stringify({ tokens: [staged.token] }),
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
    });
    assert.equal(idx.status, 202);
    const { job } = (await idx.json()) as { job: string };
    assert.match(await waitForJob(b, job), /event: done/);
    const kept = (await readdir(uploadsDir(core.cfg))).filter((f) => f.endsWith('escaped.txt'));
    assert.equal(kept.length, 1);
    for (const outside of [
      path.join(core.dir, 'escaped.txt'),
      path.join(core.dir, 'data', 'escaped.txt'),
      path.resolve(core.dir, '..', 'escaped.txt'),
    ])
      assert.equal(existsSync(outside), false, outside);
    const list = await (await b.call('/admin/reports')).text();
    assert.match(list, /escaped\.txt/);
    assert.match(list, /管理台上传/);
    const a = await core.qa.answer('临朐县政协视察了什么？');
    assert.ok(a.citations.some((c) => c.title.includes('临朐县')));
  });

  it('answers 413 from the declared size before reading the body, and stops reading an undeclared one at the limit', async () => {
    const b = consoleApp(core, now);
    const { csrf = '' } = await b.signIn();
    const limit = 1024 * 1024;
    let pulled = 0;
    const body = () =>
      new ReadableStream<Uint8Array>({
        pull(ctrl) {
          pulled += 64 * 1024;
          if (pulled > 4 * limit) ctrl.close();
          else ctrl.enqueue(new Uint8Array(64 * 1024).fill(0x41));
        },
      });
    const declared = await put(b, 'big.txt', body(), csrf, { 'content-length': String(3 * limit) });
    assert.equal(declared.status, 413);
    assert.match(((await declared.json()) as { error: string }).error, /1 MB/);
    assert.ok(pulled <= 128 * 1024, `read ${pulled} bytes of a body refused by its declared size`);
    pulled = 0;
    const undeclared = await put(b, 'big.txt', body(), csrf);
    assert.equal(undeclared.status, 413);
    assert.ok(pulled <= limit + 3 * 64 * 1024, `read ${pulled} bytes, limit ${limit}`);
  });

  it('refuses wrong types by name and by content, and lists each bad file with its reason', async () => {
    const b = consoleApp(core, now);
    const { csrf = '' } = await b.signIn();
    const exe = await put(b, 'setup.exe', 'MZ\u0000\u0000', csrf);
    assert.equal(exe.status, 415);
    assert.match(((await exe.json()) as { error: string }).error, /setup\.exe：不支持这种文件类型/);
    const fake = await put(b, '报告.pdf', '这其实是一段文字', csrf);
    assert.equal(fake.status, 415);
    assert.match(((await fake.json()) as { error: string }).error, /内容与扩展名不符/);
    const empty = await put(b, '空白.txt', '   ', csrf);
    assert.equal(empty.status, 422);
    const en = await b.call('/admin/api/uploads?name=setup.exe', {
      method: 'PUT',
      body: 'x',
      headers: { 'x-csrf-token': csrf, 'accept-language': 'en-US,en;q=0.9' },
    });
    assert.match(((await en.json()) as { error: string }).error, /not supported/);
  });
});

describe('console pages', () => {
  it('renders a headline holding <script> as text', async () => {
    const b = consoleApp(core, now);
    await b.signIn();
    const doc = await (await b.call(`/admin/document?id=${encodeURIComponent('标题含标记.txt')}`)).text();
    assert.match(doc, /寿光市政协&lt;script&gt;alert\(1\)&lt;\/script&gt;调研蔬菜种业/);
    assert.doesNotMatch(doc, /<script>alert/);
    const found = await (await b.call(`/admin/articles?q=${encodeURIComponent('寿光 蔬菜种业')}`)).text();
    assert.match(found, /&lt;script&gt;/);
    assert.doesNotMatch(found, /<script>alert/);
    assert.equal(
      (await b.call('/admin/reports')).headers.get('content-security-policy')?.includes("script-src 'self'"),
      true,
    );
  });

  it('shows a document’s articles with numbered paragraphs, and a cited paragraph with its neighbours', async () => {
    const b = consoleApp(core, now);
    await b.signIn();
    const doc = await (await b.call(`/admin/document?id=${encodeURIComponent('青州古城报道.txt')}`)).text();
    assert.match(doc, /青州市政协开展古城保护专题视察/);
    assert.match(doc, /<li id="p3" value="3">\s*<span class="pn">第3段<\/span>\s*委员们建议，建立古建筑/);
    const tried = await (
      await b.call(`/admin/try?q=${encodeURIComponent('青州市政协视察了哪些历史街区？')}`)
    ).text();
    const cite = /data-article="([^"]+)" data-n="(\d+)"/.exec(tried);
    assert.ok(cite, 'the answer has a citation link');
    assert.match(tried, /检索的问题/);
    const frag = await (await b.call(`/admin/api/cite?article=${cite[1]}&n=${cite[2]}`)).text();
    assert.match(frag, /class="cited"\s+aria-current="true"/);
    assert.match(frag, /青州市政协开展古城保护专题视察/);
  });

  it('filters articles by the report date: a year, a month or a day, answered by the store’s date index', async () => {
    const b = consoleApp(core, now);
    await b.signIn();
    const find = async (date: string) =>
      (await b.call(`/admin/articles?date=${encodeURIComponent(date)}`)).text();
    for (const date of ['2025', '2025-06', '2025-06-18'])
      assert.match(await find(date), /高密市政协调研非遗剪纸传承/);
    for (const date of ['2025-07', '2024', '2025-06-19', '2025-13', 'soon'])
      assert.doesNotMatch(await find(date), /高密市政协调研非遗剪纸传承/, date);
  });

  it('speaks English to a browser that prefers it', async () => {
    const b = consoleApp(core, now);
    await b.signIn();
    const page = await (
      await b.call('/admin/reports', { headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' } })
    ).text();
    assert.match(page, /<html lang="en">/);
    assert.match(page, /Upload reports/);
    const zh = await (
      await b.call('/admin/reports', { headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } })
    ).text();
    assert.match(zh, /上传报道/);
  });
});

describe('console jobs run one at a time', () => {
  it('a second re-index while one runs is told which one runs', async () => {
    const b = consoleApp(core, now);
    const { csrf = '' } = await b.signIn();
    const post = () =>
      b.call('/admin/reindex', {
        ...form({ _csrf: csrf }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      });
    const [r1, r2] = await Promise.all([post(), post()]);
    const statuses = [r1.status, r2.status].sort();
    assert.deepEqual(statuses, [202, 409]);
    const busy = r1.status === 409 ? r1 : r2;
    const body = (await busy.json()) as { error: string; running: { id: string; kind: string } };
    assert.equal(body.running.kind, 'reindex');
    assert.match(body.error, /正在重新索引/);
    const started = (await (r1.status === 202 ? r1 : r2).json()) as { job: string };
    assert.equal(body.running.id, started.job);
    assert.match(await waitForJob(b, started.job), /event: done/);
    const again = await post();
    assert.equal(again.status, 202, 'free again once it finished');
    assert.match(await waitForJob(b, ((await again.json()) as { job: string }).job), /event: done/);
  });
});

describe('one upload queue for the chats and the console', () => {
  it('a console re-index waits behind a chat upload, says so, and the chat upload is listed with its front end', async () => {
    let release = () => undefined as void;
    hold = new Promise<void>((r) => (release = r));
    mostAtOnce = 0;
    const text = '潍坊市政协调研风筝产业发展\n\n本报讯 委员们走访了风筝制作企业，建议打造国际风筝文化品牌。';
    const chat = core.uploads.add({
      bytes: Buffer.from(text),
      name: '潍坊风筝报道.txt',
      who: { frontEnd: 'telegram', userId: '4242', admin: true },
    });
    const b = consoleApp(core, now);
    const { csrf = '' } = await b.signIn();
    const res = await b.call('/admin/reindex', {
      ...form({ _csrf: csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
    assert.equal(res.status, 202);
    const events = waitForJob(b, ((await res.json()) as { job: string }).job);
    await new Promise((r) => setTimeout(r, 100));
    release();
    hold = undefined;
    const stream = await events;
    assert.match(stream, /event: queued\ndata: \{"type":"queued","ahead":1\}/);
    assert.match(stream, /event: done/);
    assert.equal((await chat).kind, 'done');
    assert.equal(mostAtOnce, 1, 'the chat upload and the re-index never ran side by side');
    const list = await (await b.call('/admin/reports?q=' + encodeURIComponent('潍坊'))).text();
    assert.match(list, /潍坊风筝报道\.txt/);
    assert.match(list, /聊天上传 · telegram · 4242/);
  });
});

describe('feedback and gaps', () => {
  it('lists votes with question, answer and front end, groups refused questions, and exports both as safe CSV', async () => {
    const day = new Date(clock).toISOString().slice(0, 10);
    await core.state.saveAnswer('k-1', {
      question: '青州市政协视察了什么？',
      answer: '古城街区[1]。',
      mode: 'extractive',
      sources: [],
      frontEnd: 'feishu',
    });
    await core.state.vote('k-1', 'down', 5, day);
    const asked = [
      ['火星上有政协吗？', true],
      ['火星上 有政协吗?', true],
      ['火星上有政协吗', true],
      ['=HYPERLINK("x")', true],
      ['青州市政协视察了什么？', false],
    ] as const;
    for (const [q, refused] of asked)
      await core.state.questionAsked({
        day,
        at: clock,
        frontEnd: 'telegram',
        question: q,
        refused,
        places: [],
      });
    const b = consoleApp(core, now);
    await b.signIn();
    const fb = await (await b.call('/admin/feedback')).text();
    assert.match(fb, /👎[\s\S]*青州市政协视察了什么？[\s\S]*古城街区\[1\]。[\s\S]*feishu/);
    const gaps = await (await b.call('/admin/gaps')).text();
    // The same question with or without punctuation and spaces is one gap, asked three times.
    assert.match(gaps, /火星上 ?有政协吗[？?]?<\/a>\s*<\/td>\s*<td>3<\/td>/);
    assert.doesNotMatch(gaps, /青州市政协视察了什么/, 'answered questions are no gaps');
    const bytes = Buffer.from(await (await b.call('/admin/gaps.csv')).arrayBuffer());
    // A BOM first, so spreadsheet programs read the file as UTF-8 (Response.text() would drop it).
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8');
    assert.equal(csv.slice(1, 11), '"question"');
    assert.match(csv, /"'=HYPERLINK\(""x""\)"/, 'a formula is written as text');
    const fcsv = await b.call('/admin/feedback.csv');
    assert.match(fcsv.headers.get('content-disposition') ?? '', /attachment; filename="feedback.csv"/);
    assert.match(await fcsv.text(), /"down","青州市政协视察了什么？"/);
  });
});

describe('removing a document', () => {
  it('removes its file, chunks and manifest entries, so the answer core stops citing it at once', async () => {
    const b = consoleApp(core, now);
    const { csrf = '' } = await b.signIn();
    const before = await core.qa.answer('青州市政协视察了哪些历史街区？');
    assert.ok(before.citations.some((c) => c.docId === '青州古城报道.txt'));
    const res = await b.call('/admin/document/remove', {
      ...form({ _csrf: csrf, id: '青州古城报道.txt' }),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    });
    assert.equal(res.status, 202);
    const { job } = (await res.json()) as { job: string };
    assert.match(await waitForJob(b, job), /event: done/);
    const afterwards = await core.qa.answer('青州市政协视察了哪些历史街区？');
    assert.ok(!afterwards.citations.some((c) => c.docId === '青州古城报道.txt'));
    assert.equal(existsSync(path.join(core.cfg.REPORTS_DIR, '青州古城报道.txt')), false);
    assert.doesNotMatch(await (await b.call('/admin/reports')).text(), /青州古城报道/);
    assert.ok((await readFile(path.join(core.cfg.REPORTS_DIR, '标题含标记.txt'), 'utf8')).length > 0);
  });
});
