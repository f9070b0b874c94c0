/**
 * npm run bench:retrieval -- --questions <file.jsonl> [--corpus <path>…] [--data-dir <dir>] [--half even|odd]
 *   [--k 10] [--misses]
 * Retrieval only (offline: BM25 + headline vector + re-scoring): hit@1/3/5/10, MRR@10, hit@5 when a reprint
 * of the gold document counts (near_dup_doc_ids), retrieval latency p50/p95. With --data-dir the store is kept
 * there: the corpus is ingested on the first run only, later runs reuse it (a 68k-record pool ingests once).
 * --half picks every other question (by line: even = 0, 2, 4…), so a setting tuned on one half is checked on
 * the other. The LAST stdout line is one JSON object.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfigFromEnvFile } from '../config.js';
import { createQaService } from '../rag/answer.js';
import { openEvalStore, reportIngest } from '../eval/corpus.js';
import { loadQuestions, isRetrievalQuestion } from '../eval/questions.js';
import { firstHit, hitAt, mrrAt, percentile } from '../eval/metrics.js';
import { reportFailure } from './failure.js';

const r3 = (x: number): number => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      half: { type: 'string' },
      k: { type: 'string', default: '10' },
      misses: { type: 'boolean', default: false },
    },
  });
  if (!values.questions || (values.half !== undefined && !['even', 'odd'].includes(values.half))) {
    process.stderr.write(
      'usage: npm run bench:retrieval -- --questions <file.jsonl> [--corpus <path>…] [--data-dir <dir>] ' +
        '[--half even|odd] [--k 10] [--misses]\n',
    );
    process.exitCode = 2;
    return;
  }
  const k = Number(values.k);
  const cfg = await loadConfigFromEnvFile();
  const log = pino({ level: 'warn' }, pino.destination(2));
  const parity = values.half === 'even' ? 0 : values.half === 'odd' ? 1 : undefined;
  const questions = (await loadQuestions(values.questions))
    .filter((_, i) => parity === undefined || i % 2 === parity)
    .filter(isRetrievalQuestion);
  const started = performance.now();
  const store = await openEvalStore(cfg, values.corpus ?? [], {
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  reportIngest(store, started);
  try {
    const engine = createQaService({ client: store.client, cfg: store.cfg, log });
    const ranks: (number | undefined)[] = [];
    const dupRanks: (number | undefined)[] = [];
    const ms: number[] = [];
    const misses: string[] = [];
    // CPU of the whole process (answer thread and store thread) per question: steadier than latency when the
    // machine is shared.
    const cpuBefore = process.cpuUsage();
    for (const [i, q] of questions.entries()) {
      const e = await engine.explain(q.question, { retrieveOnly: true });
      ms.push(e.retrieval?.ms ?? e.answer.timings.retrieveMs);
      const items = e.context.map((p) => ({ text: p.text, docId: p.docId }));
      const rank = firstHit(items, q.gold, q.gold_doc_ids, k);
      ranks.push(rank);
      dupRanks.push(firstHit(items, q.gold, [...q.gold_doc_ids, ...q.near_dup_doc_ids], k));
      if (rank === undefined || rank > 5) {
        misses.push(q.id);
        if (values.misses) process.stderr.write(`miss ${q.id} rank=${rank ?? '-'} ${q.question}\n`);
      }
      if ((i + 1) % 50 === 0) process.stderr.write(`${i + 1}/${questions.length}\n`);
    }
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000 / Math.max(1, questions.length);
    const summary = {
      questions: questions.length,
      'hit@1': r3(hitAt(ranks, 1)),
      'hit@3': r3(hitAt(ranks, 3)),
      'hit@5': r3(hitAt(ranks, 5)),
      'hit@10': r3(hitAt(ranks, 10)),
      'mrr@10': r3(mrrAt(ranks, 10)),
      'hit@5_near_dups': r3(hitAt(dupRanks, 5)),
      latency_ms: { p50: r3(percentile(ms, 50)), p95: r3(percentile(ms, 95)) },
      cpu_ms_per_question: r3(cpuMs),
      misses,
    };
    const { misses: _m, latency_ms: lat, cpu_ms_per_question: cpuQ, ...figs } = summary;
    process.stdout.write(
      `${Object.entries(figs)
        .map(([key, v]) => `${key} ${v}`)
        .join('  ')}\nretrieval ms p50 ${lat.p50} p95 ${lat.p95}  cpu ms/question ${cpuQ}\n`,
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  reportFailure('bench', err);
});
