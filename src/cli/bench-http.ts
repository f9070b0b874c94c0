/**
 * HTTP API figures: question → reply latency through the real `openai` client on loopback, and throughput with
 * many concurrent clients, over the real answer core (offline: BM25 + extractive) and the real server (auth,
 * rate limiter, body limit, JSON/SSE). Not measured: a model API (the offline core has none).
 *
 *   npx tsx src/cli/bench-http.ts --questions q.jsonl [--corpus docs.jsonl ...] [--single 200] [--clients 50] [--per-client 10]
 *
 * Phase 1: questions one at a time (after one untimed pass that warms caches), each through the API non-streamed,
 * streamed (p50, p95; time to first content) and straight to the core, in turns. Phase 2: `clients` clients at once, each asking
 * `per-client` questions and waiting for each reply (closed loop); every reply is checked against what the core
 * answers for that question (no lost or crossed replies); then the same load straight to the core (its caches warm
 * by then, which favours it) for comparison. With --corpus the documents are ingested into a fresh
 * temporary embedded store first; else the configured store is used.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { pino } from 'pino';
import { loadConfigFromEnvFile } from '../config.js';
import { openEvalStore } from '../eval/corpus.js';
import { MODEL_ID, startHttpApi } from '../http/index.js';
import { replyText } from '../http/render.js';
import { createQaService } from '../rag/answer.js';

const { values } = parseArgs({
  options: {
    questions: { type: 'string' },
    corpus: { type: 'string', multiple: true, default: [] },
    single: { type: 'string', default: '200' },
    clients: { type: 'string', default: '50' },
    'per-client': { type: 'string', default: '10' },
  },
});
if (!values.questions) {
  process.stderr.write(
    'usage: npx tsx src/cli/bench-http.ts --questions q.jsonl [--corpus docs.jsonl ...]\n',
  );
  process.exit(1);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => +x.toFixed(1);
const KEY = 'bench-key';

async function main(): Promise<void> {
  const cfg = await loadConfigFromEnvFile();
  const questions = (await readFile(values.questions as string, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { question: string }).question);
  const t0 = performance.now();
  const store = await openEvalStore({ ...cfg, OPENAI_API_KEY: undefined }, values.corpus);
  const ingestS = (performance.now() - t0) / 1000;
  const qa = createQaService({ client: store.client, cfg: store.cfg });
  const api = await startHttpApi({
    qa,
    log: pino({ level: 'silent' }),
    cfg: {
      ...store.cfg,
      HTTP_API_KEYS: [KEY],
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: 0,
      HTTP_RATE_LIMIT: 1_000_000,
    },
  });
  const openai = new OpenAI({ apiKey: KEY, baseURL: `${api.url}/v1`, maxRetries: 0, timeout: 120_000 });
  const ask = async (q: string) =>
    (await openai.chat.completions.create({ model: MODEL_ID, messages: [{ role: 'user', content: q }] }))
      .choices[0]?.message.content ?? '';
  try {
    // Warm-up: first queries load the tokenizer and fill caches.
    await ask(questions[0] ?? '政协');
    const n1 = Math.min(Number(values.single), questions.length);

    // Every question once straight to the core first (untimed): what each reply must be, and caches warmed
    // alike for the three timed paths below, which then take turns per question so none is favoured.
    const expected = new Map<string, string>();
    for (let i = 0; i < n1; i++) {
      const q = questions[i] as string;
      expected.set(q, replyText(await qa.answer(q)));
    }
    const core: number[] = [];
    const plain: number[] = [];
    const streamed: number[] = [];
    const firstContent: number[] = [];
    let mismatched = 0;
    const timeCore = async (q: string) => {
      const start = performance.now();
      await qa.answer(q);
      core.push(performance.now() - start);
    };
    const timePlain = async (q: string) => {
      const start = performance.now();
      const reply = await ask(q);
      plain.push(performance.now() - start);
      if (reply !== expected.get(q)) mismatched++;
    };
    const timeStreamed = async (q: string) => {
      const start = performance.now();
      const stream = await openai.chat.completions.create({
        model: MODEL_ID,
        stream: true,
        messages: [{ role: 'user', content: q }],
      });
      let text = '';
      let first: number | undefined;
      for await (const chunk of stream) {
        const d = chunk.choices[0]?.delta.content ?? '';
        if (d !== '' && first === undefined) first = performance.now() - start;
        text += d;
      }
      streamed.push(performance.now() - start);
      firstContent.push(first ?? NaN);
      if (text !== expected.get(q)) mismatched++;
    };
    const paths = [timeCore, timePlain, timeStreamed];
    for (let i = 0; i < n1; i++) {
      for (let k = 0; k < paths.length; k++) await paths[(i + k) % paths.length]?.(questions[i] as string);
    }

    // Phase 2: closed loop — each client waits for its reply before asking the next question.
    const clients = Number(values.clients);
    const per = Number(values['per-client']);
    const plan = Array.from({ length: clients }, (_, c) =>
      Array.from({ length: per }, (_, k) => questions[(c * per + k) % questions.length] as string),
    );
    const lat: number[] = [];
    const got: { q: string; reply: string }[] = [];
    let failed = 0;
    const start2 = performance.now();
    await Promise.all(
      plan.map(async (qs) => {
        const own = new OpenAI({ apiKey: KEY, baseURL: `${api.url}/v1`, maxRetries: 0, timeout: 300_000 });
        for (const q of qs) {
          const t = performance.now();
          try {
            const res = await own.chat.completions.create({
              model: MODEL_ID,
              messages: [{ role: 'user', content: q }],
            });
            lat.push(performance.now() - t);
            got.push({ q, reply: res.choices[0]?.message.content ?? '' });
          } catch {
            failed++;
          }
        }
      }),
    );
    const wall2 = performance.now() - start2;

    // The same load straight to the core (caches now warm for every question): what the API adds under load.
    const coreLat: number[] = [];
    const start3 = performance.now();
    await Promise.all(
      plan.map(async (qs) => {
        for (const q of qs) {
          const t = performance.now();
          await qa.answer(q);
          coreLat.push(performance.now() - t);
        }
      }),
    );
    const wall3 = performance.now() - start3;
    let crossed = 0;
    for (const { q, reply } of got) {
      const want = expected.get(q) ?? replyText(await qa.answer(q));
      expected.set(q, want);
      if (reply !== want) crossed++;
    }

    process.stdout.write(
      `${JSON.stringify(
        {
          core: 'real (offline: BM25 + extractive), embedded store; HTTP API on loopback via the openai client',
          corpus: values.corpus.length ? values.corpus : 'configured store',
          ingest: store.ingest
            ? { articles: store.ingest.articles, chunks: store.ingest.chunks, seconds: +ingestS.toFixed(1) }
            : undefined,
          sequential: {
            questions: n1,
            coreOnly: { p50Ms: ms(pct(core, 50)), p95Ms: ms(pct(core, 95)) },
            http: { p50Ms: ms(pct(plain, 50)), p95Ms: ms(pct(plain, 95)), maxMs: ms(pct(plain, 100)) },
            httpStreamed: {
              p50Ms: ms(pct(streamed, 50)),
              p95Ms: ms(pct(streamed, 95)),
              firstContentP50Ms: ms(pct(firstContent, 50)),
            },
            repliesDifferingFromCore: mismatched,
          },
          concurrent: {
            clients,
            perClient: per,
            replies: got.length,
            failed,
            crossed,
            wallSeconds: +(wall2 / 1000).toFixed(2),
            answersPerSecond: +(got.length / (wall2 / 1000)).toFixed(1),
            p50Ms: ms(pct(lat, 50)),
            p95Ms: ms(pct(lat, 95)),
            coreOnly: {
              answersPerSecond: +(coreLat.length / (wall3 / 1000)).toFixed(1),
              p50Ms: ms(pct(coreLat, 50)),
              p95Ms: ms(pct(coreLat, 95)),
            },
          },
        },
        null,
        2,
      )}\n`,
    );
    if (failed > 0 || crossed > 0 || mismatched > 0) process.exitCode = 1;
  } finally {
    await api.stop();
    await store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-http failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
