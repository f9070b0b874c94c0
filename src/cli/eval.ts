/**
 * npm run eval -- --questions <file.jsonl> [--corpus <path>…] [--k 10] [--answers] [--offline]
 *   [--data-dir <dir>: keep the ingested store there and reuse it] [--half even|odd]
 * Prints a table by question type; the LAST stdout line is one JSON object (read by src/eval/gate.ts).
 * Progress and logs go to stderr so stdout stays machine-readable.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfigFromEnvFile } from '../config.js';
import { createChatModel } from '../llm/chat.js';
import { createEmbedder } from '../llm/embeddings.js';
import { createQaService } from '../rag/answer.js';
import { openEvalStore } from '../eval/corpus.js';
import { loadQuestions } from '../eval/questions.js';
import { summarize, table } from '../eval/report.js';
import { runEval } from '../eval/run.js';
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
  const cfg = await loadConfigFromEnvFile();
  const log = pino({ level: cfg.LOG_LEVEL === 'info' ? 'warn' : cfg.LOG_LEVEL }, pino.destination(2));
  const offline = values.offline === true;
  const chat = offline ? undefined : createChatModel(cfg);
  const embedder = offline ? undefined : createEmbedder(cfg);
  // --half even|odd: every other question (by line), so a setting tuned on one half is checked on the other.
  const parity = values.half === 'even' ? 0 : values.half === 'odd' ? 1 : undefined;
  const questions = (await loadQuestions(values.questions)).filter(
    (_, i) => parity === undefined || i % 2 === parity,
  );

  const started = performance.now();
  const store = await openEvalStore(cfg, values.corpus ?? [], {
    ...(embedder ? { embedder } : {}),
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  if (store.ingest) {
    const s = store.ingest;
    process.stderr.write(
      `ingested ${s.files} files, ${s.articles} articles, ${s.chunks} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  try {
    const engine = createQaService({
      client: store.client,
      cfg: store.cfg,
      ...(chat ? { chat } : {}),
      ...(embedder ? { embedder } : {}),
      log,
    });
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
