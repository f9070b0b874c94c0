/**
 * npm run eval:swap -- --corpus <path>… [--half even|odd] [--data-dir <dir>] [--verbose] [--list]
 *   [--swaps-per-fact 3]
 * Generates template questions from the corpus's report sentences and their entity-swap negatives
 * (src/eval/swap.ts), asks them offline, and prints the refusal rate on the swaps and the false refusals (and
 * `must` rate) on the answerable ones, by kind. --list prints the generated questions as JSONL instead.
 * The LAST stdout line is one JSON object.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { readDocuments } from '../app/ingest-door.js';
import { parseDocument } from '../app/ingest-door.js';
import { loadConfigFromEnvFile } from '../config.js';
import { openEvalStore } from '../eval/corpus.js';
import { mustOk } from '../eval/metrics.js';
import { generateSwaps, type SourceArticle, type SwapKind, type SwapQuestion } from '../eval/swap.js';
import { createQaService } from '../rag/answer.js';
import { stat } from 'node:fs/promises';

async function loadArticles(paths: string[]): Promise<SourceArticle[]> {
  const out: SourceArticle[] = [];
  for (const p of paths) {
    const root = (await stat(p)).isDirectory() ? p : path.dirname(p);
    for await (const doc of readDocuments(p, root, { onSkip: () => undefined }))
      for (const a of parseDocument(doc))
        out.push({ title: a.title, places: a.places, paragraphs: a.paragraphs.map((x) => x.text) });
  }
  return out;
}

interface Tally {
  n: number;
  refused: number;
  must: number;
}

const rate = (x: number, n: number): number => (n === 0 ? 0 : Math.round((x / n) * 1000) / 1000);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      half: { type: 'string' },
      'data-dir': { type: 'string' },
      verbose: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      'swaps-per-fact': { type: 'string' },
    },
  });
  const corpus = values.corpus ?? [];
  if (corpus.length === 0 || (values.half !== undefined && !/^(even|odd)$/.test(values.half))) {
    process.stderr.write(
      'usage: npm run eval:swap -- --corpus <path>… [--half even|odd] [--data-dir <dir>]\n',
    );
    process.exitCode = 2;
    return;
  }
  const articles = await loadArticles(corpus);
  const parity = values.half === 'even' ? 0 : values.half === 'odd' ? 1 : undefined;
  // Halves by answerable question: a question and its swaps stay together, so the halves share no fact.
  let group = -1;
  const all = generateSwaps(articles, {
    ...(values['swaps-per-fact'] ? { swapsPerFact: Number(values['swaps-per-fact']) } : {}),
  });
  const questions = all.filter((q) => {
    if (q.answerable) group++;
    return parity === undefined || group % 2 === parity;
  });
  process.stderr.write(`${articles.length} articles → ${questions.length} questions\n`);
  if (values.list) {
    for (const q of questions) process.stdout.write(`${JSON.stringify(q)}\n`);
    return;
  }

  const cfg = await loadConfigFromEnvFile();
  const log = pino({ level: 'warn' }, pino.destination(2));
  const store = await openEvalStore(cfg, corpus, {
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  const tallies = new Map<string, Tally>();
  const add = (key: string, refused: boolean, must: boolean): void => {
    const t = tallies.get(key) ?? { n: 0, refused: 0, must: 0 };
    t.n++;
    if (refused) t.refused++;
    if (must) t.must++;
    tallies.set(key, t);
  };
  try {
    const engine = createQaService({ client: store.client, cfg: store.cfg, log });
    for (const q of questions) {
      const a = await engine.answer(q.question);
      const ok = q.answerable && !a.refused && mustOk(a.text, q.must);
      const side = q.answerable ? 'answerable' : 'swap';
      add(side, a.refused, ok);
      add(`${side}.${q.kind}`, a.refused, ok);
      if (values.verbose) report(q, a.refused, ok, a.text);
    }
  } finally {
    await store.close();
  }
  const kinds: SwapKind[] = ['role', 'count', 'date', 'visit'];
  const t = (k: string): Tally => tallies.get(k) ?? { n: 0, refused: 0, must: 0 };
  const summary = {
    questions: questions.length,
    half: values.half ?? 'all',
    swap: { n: t('swap').n, refusal: rate(t('swap').refused, t('swap').n) },
    answerable: {
      n: t('answerable').n,
      false_refusals: rate(t('answerable').refused, t('answerable').n),
      must: rate(t('answerable').must, t('answerable').n),
    },
    by_kind: Object.fromEntries(
      kinds.map((k) => [
        k,
        {
          swaps: t(`swap.${k}`).n,
          refusal: rate(t(`swap.${k}`).refused, t(`swap.${k}`).n),
          answerable: t(`answerable.${k}`).n,
          false_refusals: rate(t(`answerable.${k}`).refused, t(`answerable.${k}`).n),
          must: rate(t(`answerable.${k}`).must, t(`answerable.${k}`).n),
        },
      ]),
    ),
  };
  process.stdout.write(
    `swaps ${summary.swap.n} refused ${summary.swap.refusal} · answerable ${summary.answerable.n} ` +
      `false refusals ${summary.answerable.false_refusals} must ${summary.answerable.must}\n`,
  );
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

function report(q: SwapQuestion, refused: boolean, ok: boolean, text: string): void {
  const mark = q.answerable
    ? refused
      ? 'FALSE-REFUSAL'
      : ok
        ? 'ok'
        : 'no-must'
    : refused
      ? 'ok'
      : 'ANSWERED';
  process.stderr.write(
    `${q.id} [${q.kind}] ${mark} ${q.question} → ${text.replace(/\n/g, ' ').slice(0, 140)}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `eval:swap failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
