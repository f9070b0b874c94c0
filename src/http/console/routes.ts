/**
 * The web console under /admin, on the HTTP API's server: sign-in (session cookie, CSRF token on every change,
 * failed sign-ins limited), pages rendered on the server, a few JSON/SSE endpoints console.js uses (staged
 * uploads, jobs' progress, a cited paragraph), CSV exports. Without a session, pages redirect to sign-in and
 * the API answers 401; the chat API's bearer keys mean nothing here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { AdminService, StageResult } from '../../admin/service.js';
import type { Started } from '../../admin/jobs.js';
import { toCsv } from '../../admin/insights.js';
import type { Config } from '../../config.js';
import type { Logger } from '../../log.js';
import { explainJson } from '../../rag/explain-json.js';
import { readCapped, TooLargeError } from '../../shared/download.js';
import { correlationId, logFailure } from '../../shared/errors.js';
import { LoginLimiter, passwordChecker, sameSecret, Sessions, type Session } from './auth.js';
import { BASE, html, notice, page, when, type Html, type NavKey } from './layout.js';
import {
  articlePage,
  articlesPage,
  citeFragment,
  documentPage,
  feedbackPage,
  gapsPage,
  loginPage,
  overviewPage,
  reportsPage,
  tryPage,
} from './pages.js';
import { CONSOLE_TEXTS, consoleLang, type ConsoleTexts } from './texts.js';

export interface ConsoleDeps {
  admin: AdminService;
  cfg: Config;
  log: Logger;
  /** Clock for sessions and the sign-in limiter (tests move it). */
  now?: () => number;
}

type Env = { Variables: { session: Session; t: ConsoleTexts } };

const COOKIE = 'cppcc_console';
const PAGE_SIZE = 50;
const OVERVIEW_DAYS = 30;

const ASSETS = {
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
} as const;

function loadAssets(): { files: Record<keyof typeof ASSETS, string>; version: string } {
  const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
  const files = { 'console.js': read('console.js'), 'console.css': read('console.css') };
  const version = createHash('sha256')
    .update(files['console.js'])
    .update(files['console.css'])
    .digest('hex')
    .slice(0, 10);
  return { files, version };
}

/** Behind HTTPS (directly or through a proxy that says so) the cookie is Secure. */
const isHttps = (c: Context) =>
  new URL(c.req.url).protocol === 'https:' ||
  c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https';

function clientAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}

const wantsJson = (c: Context) =>
  c.req.path.startsWith(`${BASE}/api/`) || (c.req.header('accept') ?? '').includes('application/json');

export function createConsole(deps: ConsoleDeps): Hono<Env> {
  const { admin, cfg, log } = deps;
  const now = deps.now ?? Date.now;
  const app = new Hono<Env>();
  const sessions = new Sessions(cfg.ADMIN_SESSION_HOURS * 3_600_000, now);
  const limiter = new LoginLimiter(5, 10 * 60_000, now);
  const checkPassword = passwordChecker(cfg);
  const assets = loadAssets();
  const maxMb = cfg.MAX_UPLOAD_MB;

  const render = (c: Context<Env>, nav: NavKey | undefined, title: string, body: Html, status = 200) => {
    const s = c.get('session') as Session | undefined;
    return c.html(
      page(
        {
          t: c.get('t'),
          title,
          ...(nav ? { nav } : {}),
          ...(s ? { csrf: s.csrf } : {}),
          assets: assets.version,
        },
        body,
      ),
      status as 200,
    );
  };

  app.use(async (c, next) => {
    c.set('t', CONSOLE_TEXTS[consoleLang(c.req.header('accept-language'))]);
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    if (!c.req.path.startsWith(`${BASE}/assets/`)) c.header('Cache-Control', 'no-store');
    c.header('Vary', 'Accept-Language, Cookie');
  });

  app.get('/assets/:name', (c) => {
    const name = c.req.param('name') as keyof typeof ASSETS;
    if (!(name in ASSETS)) return c.notFound();
    c.header('Content-Type', ASSETS[name]);
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
    return c.body(assets.files[name]);
  });

  // ---- sign-in (no session yet) ----
  app.get('/login', (c) => {
    const t = c.get('t');
    const msg = c.req.query('expired')
      ? { text: t.login.expired, error: false }
      : c.req.query('out')
        ? { text: t.login.signedOut, error: false }
        : undefined;
    return render(c, undefined, t.login.title, loginPage(t, msg));
  });

  app.post('/login', async (c) => {
    const t = c.get('t');
    // No session means no CSRF token yet: a sign-in posted from another site is refused by its Origin.
    const origin = c.req.header('origin');
    if (origin && origin !== 'null' && new URL(origin).host !== new URL(c.req.url).host)
      return render(c, undefined, t.login.title, loginPage(t, { text: t.csrf, error: true }), 403);
    const who = clientAddress(c);
    const wait = limiter.retryAfter(who);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return render(
        c,
        undefined,
        t.login.title,
        loginPage(t, { text: t.login.limited(wait), error: true }),
        429,
      );
    }
    const body = await c.req.parseBody();
    const password = typeof body.password === 'string' ? body.password : '';
    if (!checkPassword(password)) {
      limiter.failed(who);
      log.warn({ event: 'console-login-failed', from: who }, 'console sign-in failed');
      return render(c, undefined, t.login.title, loginPage(t, { text: t.login.wrong, error: true }), 401);
    }
    limiter.succeeded(who);
    const s = sessions.create();
    setCookie(c, COOKIE, s.id, {
      path: BASE,
      httpOnly: true,
      sameSite: 'Strict',
      secure: isHttps(c),
      maxAge: cfg.ADMIN_SESSION_HOURS * 3600,
    });
    log.info({ event: 'console-login', from: who }, 'console sign-in');
    return c.redirect(`${BASE}`, 303);
  });

  // ---- everything below needs a session ----
  const requireSession: MiddlewareHandler<Env> = async (c, next) => {
    const found = sessions.find(getCookie(c, COOKIE));
    if (!found.session) {
      if (found.expired) deleteCookie(c, COOKIE, { path: BASE });
      if (wantsJson(c) || c.req.method !== 'GET')
        return c.json(
          { error: found.expired ? 'session expired' : 'sign in first', signIn: `${BASE}/login` },
          401,
        );
      return c.redirect(`${BASE}/login${found.expired ? '?expired=1' : ''}`, 302);
    }
    c.set('session', found.session);
    await next();
  };
  app.use('*', requireSession);

  const uploadLimit = bodyLimit({
    maxSize: cfg.MAX_UPLOAD_MB * 1024 * 1024 * 10,
    onError: (c) => c.json({ error: 'too large' }, 413),
  });
  app.use('/reports/upload', uploadLimit);

  // CSRF: every state-changing request carries the session's token (header for scripts, _csrf field for forms).
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    let token = c.req.header('x-csrf-token');
    const type = c.req.header('content-type') ?? '';
    if (
      token === undefined &&
      (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data'))
    ) {
      const body = await c.req.parseBody();
      token = typeof body._csrf === 'string' ? body._csrf : undefined;
    }
    if (!sameSecret(token, c.get('session').csrf)) {
      const t = c.get('t');
      if (wantsJson(c)) return c.json({ error: t.csrf }, 403);
      return render(c, undefined, t.nav.overview, noticeHtml(t.csrf), 403);
    }
    await next();
  });

  app.post('/logout', (c) => {
    sessions.drop(c.get('session').id);
    deleteCookie(c, COOKIE, { path: BASE });
    return c.redirect(`${BASE}/login?out=1`, 303);
  });

  // ---- pages ----
  app.get('/', async (c) => {
    const t = c.get('t');
    const o = await admin.overview(OVERVIEW_DAYS);
    return render(c, 'overview', t.overview.title, overviewPage(t, o, OVERVIEW_DAYS));
  });

  const reportsView = async (c: Context<Env>, message?: { text: string; error: boolean }, job?: string) => {
    const t = c.get('t');
    const search = c.req.query('q') ?? '';
    const offset = Math.max(0, Number(c.req.query('offset') ?? 0) || 0);
    const { total, rows } = await admin.documents({ q: search, offset, limit: PAGE_SIZE });
    const jobId = job ?? c.req.query('job');
    return reportsPage(
      t,
      {
        rows,
        total,
        offset,
        limit: PAGE_SIZE,
        search,
        maxMb,
        ...(message ? { message } : {}),
        ...(jobId ? { job: jobId } : {}),
      },
      c.get('session').csrf,
    );
  };

  app.get('/reports', async (c) => render(c, 'reports', c.get('t').reports.title, await reportsView(c)));

  /** A job started from a form or a script: 202/303 when it runs, 409 naming the one already running. */
  const jobAnswer = async (c: Context<Env>, started: Started) => {
    const t = c.get('t');
    if (!started.ok) {
      const text = t.reports.busy(t.reports.jobKinds[started.running.kind] ?? started.running.kind);
      if (wantsJson(c))
        return c.json({ error: text, running: { id: started.running.id, kind: started.running.kind } }, 409);
      return render(
        c,
        'reports',
        t.reports.title,
        await reportsView(c, { text, error: true }, started.running.id),
        409,
      );
    }
    if (wantsJson(c)) return c.json({ job: started.job.id, kind: started.job.kind }, 202);
    return c.redirect(`${BASE}/reports?job=${started.job.id}`, 303);
  };

  app.post('/reindex', (c) => jobAnswer(c, admin.reindex()));

  app.post('/document/remove', async (c) => {
    const body = await c.req.parseBody();
    const id = typeof body.id === 'string' ? body.id : '';
    const started = await admin.remove(id);
    if (!started) return c.json({ error: 'no such document' }, 404);
    return jobAnswer(c, started);
  });

  app.get('/document', async (c) => {
    const t = c.get('t');
    const id = c.req.query('id') ?? '';
    const doc = await admin.document(id);
    if (!doc) return render(c, 'reports', t.notFound, noticeHtml(t.notFound), 404);
    const all = await admin.articlesOf(id);
    const filter = {
      place: c.req.query('place') ?? '',
      date: c.req.query('date') ?? '',
      q: c.req.query('q') ?? '',
    };
    const text = filter.q.trim();
    const articles = all.filter(
      (a) =>
        (filter.place === '' || a.places.includes(filter.place)) &&
        (filter.date === '' || a.date?.startsWith(filter.date) === true) &&
        (text === '' || a.title.includes(text) || a.paragraphs.some((p) => p.text.includes(text))),
    );
    const places = [...new Set(all.flatMap((a) => a.places))].sort((x, y) => x.localeCompare(y, 'zh'));
    return render(
      c,
      'reports',
      doc.name,
      documentPage(t, { doc, articles, all: all.length, places, filter }),
    );
  });

  app.get('/articles', async (c) => {
    const t = c.get('t');
    const filter = {
      q: c.req.query('q') ?? '',
      place: c.req.query('place') ?? '',
      date: c.req.query('date') ?? '',
    };
    const searched = filter.q !== '' || filter.place !== '' || filter.date !== '';
    const [found, places] = await Promise.all([
      searched
        ? admin.findArticles({
            ...(filter.q ? { q: filter.q } : {}),
            ...(filter.place ? { place: filter.place } : {}),
            ...(filter.date ? { date: filter.date } : {}),
          })
        : Promise.resolve([]),
      admin.places(),
    ]);
    return render(c, 'articles', t.articles.title, articlesPage(t, { found, places, filter, searched }));
  });

  app.get('/article/:id', async (c) => {
    const t = c.get('t');
    const a = await admin.article(c.req.param('id'));
    if (!a) return render(c, 'articles', t.notFound, noticeHtml(t.notFound), 404);
    return render(c, 'articles', a.title, articlePage(t, a));
  });

  app.get('/try', async (c) => {
    const t = c.get('t');
    const question = (c.req.query('q') ?? '').trim().slice(0, 500);
    if (question === '') return render(c, 'try', t.try.title, tryPage(t, { question }));
    const e = await admin.explain(question);
    return render(c, 'try', t.try.title, tryPage(t, { question, answer: e.answer, explain: explainJson(e) }));
  });

  app.get('/feedback', async (c) => {
    const t = c.get('t');
    return render(c, 'feedback', t.feedback.title, feedbackPage(t, await admin.feedback(1000)));
  });
  app.get('/feedback.csv', async (c) => {
    const list = await admin.feedback(100_000);
    const csv = toCsv(
      ['time', 'vote', 'question', 'answer', 'front_end', 'sources'],
      list.map((f) => [
        f.at ? when(f.at) : f.day,
        f.vote,
        f.question,
        f.answer,
        f.frontEnd ?? '',
        f.sources.map((s) => `[${s.n}] ${s.title} ${s.paragraphs.join(',')}`).join('; '),
      ]),
    );
    return csvResponse(c, 'feedback.csv', csv);
  });

  app.get('/gaps', async (c) => {
    const t = c.get('t');
    return render(c, 'gaps', t.gaps.title, gapsPage(t, await admin.gaps(90)));
  });
  app.get('/gaps.csv', async (c) => {
    const gaps = await admin.gaps(365);
    const csv = toCsv(
      ['question', 'times', 'last_asked', 'front_ends', 'places'],
      gaps.map((g) => [g.question, g.count, when(g.lastAt), g.frontEnds.join(' '), g.places.join(' ')]),
    );
    return csvResponse(c, 'gaps.csv', csv);
  });

  // ---- script endpoints ----
  app.get('/api/cite', async (c) => {
    const t = c.get('t');
    const n = Number(c.req.query('n') ?? 1);
    const a = await admin.article(c.req.query('article') ?? '');
    if (!a || !Number.isInteger(n)) return c.json({ error: t.notFound }, 404);
    return c.html(citeFragment(t, a, n));
  });

  /** One file, its bytes as the body: refused by its declared size before a byte is read, else read capped. */
  app.put('/api/uploads', async (c) => {
    const t = c.get('t');
    const name = c.req.query('name') ?? '';
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > admin.maxUploadBytes)
      return c.json({ ok: false, error: t.reports.refusedSize(name, maxMb) }, 413);
    let bytes: Buffer;
    try {
      const body = c.req.raw.body;
      bytes = body ? await readCapped(streamOf(body), admin.maxUploadBytes) : Buffer.alloc(0);
    } catch (e) {
      if (e instanceof TooLargeError)
        return c.json({ ok: false, error: t.reports.refusedSize(name, maxMb) }, 413);
      throw e;
    }
    return stageAnswer(c, name, bytes);
  });

  const stageAnswer = async (c: Context<Env>, name: string, bytes: Buffer) => {
    const t = c.get('t');
    const r = await admin.stageUpload(name, bytes);
    if (r.kind === 'staged') {
      const s = r.staged;
      return c.json({
        ok: true,
        token: s.token,
        name: s.name,
        text: t.reports.stagedOk(s.name, s.check.articles.length, s.check.pages),
        skipped: s.check.skipped,
      });
    }
    const refused = refusalOf(t, name, r);
    return c.json(
      { ok: false, error: refused.text, ...(r.kind === 'unreadable' ? { reasons: r.reasons } : {}) },
      refused.status,
    );
  };

  app.post('/api/uploads/index', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { tokens?: unknown };
    const tokens = Array.isArray(body.tokens)
      ? body.tokens.filter((x): x is string => typeof x === 'string')
      : [];
    const started = admin.indexUploads(tokens);
    if (!started) return c.json({ error: 'nothing staged' }, 400);
    return jobAnswer(c, started);
  });

  /** The no-script upload: a multipart form, each file staged as the script would, then indexed together. */
  app.post('/reports/upload', async (c) => {
    const t = c.get('t');
    const body = await c.req.parseBody({ all: true });
    const files = ([] as unknown[]).concat(body.files ?? []).filter((f): f is File => f instanceof File);
    const tokens: string[] = [];
    const problems: string[] = [];
    for (const f of files) {
      if (f.size > admin.maxUploadBytes) {
        problems.push(t.reports.refusedSize(f.name, maxMb));
        continue;
      }
      const r = await admin.stageUpload(f.name, Buffer.from(await f.arrayBuffer()));
      if (r.kind === 'staged') tokens.push(r.staged.token);
      else problems.push(refusalOf(t, f.name, r).text);
    }
    const started = admin.indexUploads(tokens);
    if (!started || problems.length > 0) {
      const job = started?.ok ? started.job.id : undefined;
      return render(
        c,
        'reports',
        t.reports.title,
        await reportsView(c, { text: problems.join('；') || t.reports.none, error: true }, job),
        started ? 200 : 422,
      );
    }
    return jobAnswer(c, started);
  });

  app.get('/api/jobs/:id/events', (c) => {
    const job = admin.job(c.req.param('id'));
    if (!job) return c.json({ error: 'no such job' }, 404);
    return streamSSE(c, async (stream) => {
      await new Promise<void>((resolve) => {
        let writing = Promise.resolve();
        const stop = job.follow((e) => {
          writing = writing
            .then(() => stream.writeSSE({ event: e.type, data: JSON.stringify(e) }))
            .catch(() => undefined);
          if (e.type === 'done' || e.type === 'failed') void writing.then(() => resolve());
        });
        stream.onAbort(() => {
          stop();
          resolve();
        });
        if (job.finished) void writing.then(() => resolve());
      });
    });
  });

  // A sub-app's notFound is not used once mounted: the last route answers what nothing else did.
  app.all('*', (c) => {
    const t = c.get('t');
    if (wantsJson(c)) return c.json({ error: t.notFound }, 404);
    return render(c, undefined, t.notFound, noticeHtml(t.notFound), 404);
  });

  app.onError((err, c) => {
    const id = correlationId();
    logFailure(log, undefined, id, err, { path: c.req.path, event: 'console' });
    const t = c.get('t');
    if (wantsJson(c)) return c.json({ error: t.error(id) }, 500);
    return render(c, undefined, t.error(id), noticeHtml(t.error(id)), 500);
  });

  return app;
}

const noticeHtml = (text: string): Html => html`${notice(text, 'error')}`;

/** Why a file was not staged, as the page says it, with the HTTP status the script gets. */
function refusalOf(
  t: ConsoleTexts,
  name: string,
  r: Exclude<StageResult, { kind: 'staged' }>,
): { text: string; status: 413 | 415 | 422 | 500 } {
  switch (r.kind) {
    case 'file-kind':
      return { text: t.reports.refusedType(r.name), status: 415 };
    case 'content':
      return { text: t.reports.refusedContent(r.name), status: 415 };
    case 'too-large':
      return { text: t.reports.refusedSize(name, Math.round(r.limit / 1024 / 1024)), status: 413 };
    case 'unreadable':
      return { text: t.reports.refusedRead(r.name), status: 422 };
    case 'failed':
      return { text: t.error(r.ref), status: 500 };
    // The console's operator is an admin and the service is always there: these cannot happen.
    case 'admin-only':
    case 'unavailable':
      return { text: t.error(r.kind), status: 500 };
  }
}

async function* streamOf(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stops reading the rest of a body that went over the limit.
    await reader.cancel().catch(() => undefined);
  }
}

function csvResponse(c: Context, name: string, csv: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  return c.body(csv);
}
