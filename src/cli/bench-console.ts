/**
 * npm run bench:console -- --corpus <path>… [--data-dir <dir>] [--n 200]
 * Page loads of the web console over loopback HTTP, signed in, on an indexed store (the 69k-document pool:
 * `--corpus ../shared/bench/crud-pool.jsonl.gz --data-dir <dir>` ingests once and reuses the store, as
 * bench:retrieval does): the reports view (first page, later pages, a name search) and the articles view (a text
 * search, a place, a month), each `n` times, p50/p95 in ms. The first load of each view (caches cold: the
 * manifest, the place list) is printed apart. Queries come from the store itself: place names from its place
 * list, words from sampled headlines, months from sampled dates. The LAST stdout line is one JSON object.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createAdminService } from '../admin/service.js';
import { runIngest } from '../app/ingest-door.js';
import { unindexDocuments } from '../app/reports.js';
import { uploadServiceFor } from '../app/uploads.js';
import { loadConfigFromEnvFile } from '../config.js';
import { percentile } from '../eval/metrics.js';
import { openEvalStore, reportIngest } from '../eval/corpus.js';
import { startHttpApi } from '../http/server.js';
import { createQaService } from '../rag/answer.js';
import { QdrantChatState } from '../store/chat-state.js';
import { reportFailure } from './failure.js';

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** Deterministic choices (the same pages and queries on every run of the same store). */
function picker(seed: number): <T>(xs: readonly T[]) => T {
  let s = seed >>> 0;
  return <T>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return xs[s % xs.length] as T;
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      n: { type: 'string', default: '200' },
    },
  });
  const n = Number(values.n);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write('usage: npm run bench:console -- --corpus <path>… [--data-dir <dir>] [--n 200]\n');
    process.exitCode = 2;
    return;
  }
  const password = randomBytes(12).toString('base64url');
  const env = await loadConfigFromEnvFile();
  const log = pino({ level: 'warn' }, pino.destination(2));
  const started = performance.now();
  const store = await openEvalStore({ ...env, OPENAI_API_KEY: undefined }, values.corpus ?? [], {
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  reportIngest(store, started);
  const cfg = {
    ...store.cfg,
    ADMIN_PASSWORD: password,
    HTTP_API_KEYS: [],
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: 0,
  };
  const qa = createQaService({ client: store.client, cfg, log });
  const uploads = uploadServiceFor(
    cfg,
    (onProgress) =>
      runIngest({
        paths: values.corpus ?? [],
        client: store.client,
        cfg,
        ...(onProgress ? { onProgress } : {}),
      }),
    log,
    (ids) => unindexDocuments(store.client, cfg, ids),
  );
  const admin = createAdminService({
    cfg,
    client: store.client,
    qa,
    state: new QdrantChatState(store.client, cfg),
    uploads,
    log,
  });
  const api = await startHttpApi({ qa, log, cfg, admin });
  try {
    const login = await fetch(`${api.url}/admin/login`, {
      method: 'POST',
      body: new URLSearchParams({ password }),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!cookie) throw new Error(`sign-in failed: HTTP ${login.status}`);

    /** One page load: the whole body read, as a browser would before showing it. */
    const load = async (path: string): Promise<number> => {
      const t0 = performance.now();
      const res = await fetch(`${api.url}${path}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      return performance.now() - t0;
    };

    // The cold loads first (they fill the manifest and place caches), then what the queries are made of.
    const first = { reports: await load('/admin/reports'), articles: await load('/admin/articles') };
    const { total, rows } = await admin.documents({ offset: 0, limit: 1 });
    const places = (await admin.places()).slice(0, 200).map((p) => p.name);
    const heads = (
      await Promise.all(places.slice(0, 20).map((place) => admin.findArticles({ place, limit: 50 })))
    ).flat();
    const words = [
      ...new Set(heads.map((h) => h.title.replace(/[^\p{Script=Han}]/gu, '').slice(0, 4))),
    ].filter((w) => w.length === 4);
    const months = [...new Set(heads.flatMap((h) => (h.date ? [h.date.slice(0, 7)] : [])))];
    if (total === 0 || places.length === 0 || words.length === 0)
      throw new Error('the store holds no reports with places and headlines');
    const pick = picker(total);
    const pages = Math.max(1, Math.ceil(total / 50));
    // Name searches as an operator types them: the start of a document's name, two characters short.
    const sampled = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => admin.documents({ offset: Math.floor((i * total) / 5), limit: 20 })),
    );
    const names = sampled.flatMap((p) => p.rows).map((r) => r.name.slice(0, Math.max(2, r.name.length - 2)));

    const views: Record<string, () => string> = {
      'reports: first page': () => '/admin/reports',
      'reports: a later page': () => `/admin/reports?offset=${pick([...Array(pages).keys()]) * 50}`,
      'reports: name search': () => `/admin/reports?q=${encodeURIComponent(pick(names))}`,
      'articles: text search': () => `/admin/articles?q=${encodeURIComponent(pick(words))}`,
      'articles: a place': () => `/admin/articles?place=${encodeURIComponent(pick(places))}`,
      'articles: a month': () =>
        `/admin/articles?date=${encodeURIComponent(pick(months.length ? months : ['2024-05']))}`,
    };
    const results: Record<string, { p50: number; p95: number; max: number }> = {};
    const all: Record<'reports' | 'articles', number[]> = { reports: [], articles: [] };
    for (const [name, path] of Object.entries(views)) {
      const ms: number[] = [];
      for (let i = 0; i < n; i++) ms.push(await load(path()));
      results[name] = { p50: r1(percentile(ms, 50)), p95: r1(percentile(ms, 95)), max: r1(Math.max(...ms)) };
      all[name.startsWith('reports') ? 'reports' : 'articles'].push(...ms);
      process.stdout.write(
        `${name.padEnd(24)} p50 ${results[name].p50} ms  p95 ${results[name].p95} ms  max ${results[name].max} ms\n`,
      );
    }
    const overall = {
      reports: { p50: r1(percentile(all.reports, 50)), p95: r1(percentile(all.reports, 95)) },
      articles: { p50: r1(percentile(all.articles, 50)), p95: r1(percentile(all.articles, 95)) },
    };
    process.stdout.write(
      `documents ${total} (first row ${rows[0]?.id ?? '—'}), ${n} loads per view; first loads (cold): ` +
        `reports ${r1(first.reports)} ms, articles ${r1(first.articles)} ms\n` +
        `reports view p50 ${overall.reports.p50} ms p95 ${overall.reports.p95} ms · ` +
        `articles view p50 ${overall.articles.p50} ms p95 ${overall.articles.p95} ms\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        documents: total,
        n,
        first_ms: { reports: r1(first.reports), articles: r1(first.articles) },
        views: results,
        overall,
      })}\n`,
    );
  } finally {
    await api.stop();
    await store.close();
  }
}

main().catch((err: unknown) => {
  reportFailure('bench', err);
});
