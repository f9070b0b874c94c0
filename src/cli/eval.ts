/**
 * npm run eval -- --questions <file.jsonl> [--corpus <path>…] [--k 10] [--answers] [--offline]
 *   [--data-dir <dir>: keep the ingested store there and reuse it] [--half even|odd]
 *   [--today YYYY-MM-DD: the day "今年", "上个月" … count from; default the system clock]
 * Prints a table by question type; the LAST stdout line is one JSON object (read by src/eval/gate.ts).
 * A dialogs file (records with `turns`, see src/eval/dialogs.ts) is asked turn by turn and scored on its last turns.
 * A summaries file (records with `q` and `required`, see src/eval/summaries.ts) asks each request once and scores
 * the articles its summary cites.
 * Progress and logs go to stderr so stdout stays machine-readable.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfigFromEnvFile } from '../config.js';
import { createChatModel } from '../llm/chat.js';
import { createEmbedder } from '../llm/embeddings.js';
import { createQaService } from '../rag/answer.js';
import { openEvalStore, reportIngest } from '../eval/corpus.js';
import { dialogsTable, isDialogsText, parseDialogs, runDialog, summarizeDialogs } from '../eval/dialogs.js';
import { parseQuestions } from '../eval/questions.js';
import { summarize, table } from '../eval/report.js';
import { runEval } from '../eval/run.js';
import {
  isSummariesText,
  parseSummaries,
  runSummary,
  summariesTable,
  summarizeSummaries,
} from '../eval/summaries.js';
import { reportFailure } from './failure.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      questions: { type: 'string' },
      corpus: { type: 'string', multiple: true },
      k: { type: 'string', default: '10' },
      answers: { type: 'boolean', default: false },
      offline: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      half: { type: 'string' },
      today: { type: 'string' },
    },
  });
  if (!values.questions) {
    process.stderr.write(
      'usage: npm run eval -- --questions <file.jsonl> [--corpus <path>…] [--k 10] [--answers]\n',
    );
    process.exitCode = 2;
    return;
  }
  const k = Number(values.k);
  // --today YYYY-MM-DD: the day relative dates in questions count from ("今年", "上个月"), for dated sets.
  const today = values.today;
  if (today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    process.stderr.write('--today must be a date like 2026-05-20\n');
    process.exitCode = 2;
    return;
  }
  const cfg = await loadConfigFromEnvFile();
  const log = pino({ level: cfg.LOG_LEVEL === 'info' ? 'warn' : cfg.LOG_LEVEL }, pino.destination(2));
  const offline = values.offline === true;
  const chat = offline ? undefined : createChatModel(cfg);
  const embedder = offline ? undefined : createEmbedder(cfg);
  // --half even|odd: every other question (by line), so a setting tuned on one half is checked on the other.
  const parity = values.half === 'even' ? 0 : values.half === 'odd' ? 1 : undefined;
  const inHalf = (_: unknown, i: number): boolean => parity === undefined || i % 2 === parity;
  const text = await readFile(values.questions, 'utf8');
  const dialogs = isDialogsText(text) ? parseDialogs(text, values.questions).filter(inHalf) : undefined;
  const requests =
    !dialogs && isSummariesText(text) ? parseSummaries(text, values.questions).filter(inHalf) : undefined;
  const questions = dialogs || requests ? [] : parseQuestions(text, values.questions).filter(inHalf);

  const started = performance.now();
  const store = await openEvalStore(cfg, values.corpus ?? [], {
    ...(embedder ? { embedder } : {}),
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  reportIngest(store, started);
  try {
    const engine = createQaService({
      client: store.client,
      cfg: store.cfg,
      ...(chat ? { chat } : {}),
      ...(embedder ? { embedder } : {}),
      log,
      // Noon in China on that day.
      ...(today ? { now: () => new Date(`${today}T04:00:00Z`) } : {}),
    });
    if (dialogs) {
      const outcomes = [];
      for (const d of dialogs) {
        const o = await runDialog(d, (q, turns) => engine.answer(q, { turns }));
        if (values.verbose) process.stderr.write(`${o.id} pass=${o.pass} searched=${o.searched}\n`);
        outcomes.push(o);
      }
      const summary = summarizeDialogs(outcomes);
      process.stdout.write(`${dialogsTable(outcomes, summary)}\n`);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    if (requests) {
      const outcomes = [];
      for (const r of requests) {
        const o = await runSummary(r, (q) => engine.answer(q));
        if (values.verbose) process.stderr.write(`${o.id} pass=${o.pass} cited=${o.cited.join(' | ')}\n`);
        outcomes.push(o);
      }
      const summary = summarizeSummaries(outcomes);
      process.stdout.write(`${summariesTable(outcomes, summary)}\n`);
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    let done = 0;
    const outcomes = await runEval(engine, questions, {
      k,
      answers: values.answers === true,
      onOutcome: (o, e) => {
        done++;
        if (values.verbose) {
          const a = e.answer;
          process.stderr.write(
            `${o.id} [${o.type}] rank=${o.rank ?? '-'} refused=${a.refused} cov=${e.refusal?.coverage.toFixed(2) ?? '-'} ` +
              `${a.text.replace(/\n/g, ' ').slice(0, 160)}\n`,
          );
        } else if (done % 20 === 0) {
          process.stderr.write(`${done}/${questions.length}\n`);
        }
      },
    });
    const summary = summarize(outcomes, k, values.answers === true);
    process.stdout.write(`${table(summary)}\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  reportFailure('eval', err);
});
