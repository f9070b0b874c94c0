/**
 * npm run eval:generated -- --corpus <path>… [--data-dir <dir>] [--half even|odd] [--only summaries|bodies]
 *   [--out <dir>] [--verbose]
 * Calibration on sets generated from the stored reports themselves (src/eval/generated-summaries.ts,
 * src/eval/generated-bodies.ts): a summary request for every place the reports cover (recall of the articles
 * tagged inside it, strays), and every government body named after a place asked in each of its spellings
 * (same top article?). --half keeps every other request, so a setting tuned on one half is checked on the other.
 * The LAST stdout line is one JSON object.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfigFromEnvFile } from '../config.js';
import { createQaService } from '../rag/answer.js';
import { articlesFromChunks, scrollAll } from '../rag/catalog.js';
import { MAX_SUMMARY_ARTICLES } from '../rag/place-summary.js';
import { chunkCollection } from '../store/schema.js';
import { openEvalStore } from '../eval/corpus.js';
import { bodyPairs, scorePair, type PairOutcome } from '../eval/generated-bodies.js';
import { scoreGenerated, summaryRequests, type GeneratedOutcome } from '../eval/generated-summaries.js';

const round = (x: number): number => Math.round(x * 1000) / 1000;
const mean = (xs: number[]): number =>
  xs.length === 0 ? 0 : round(xs.reduce((s, x) => s + x, 0) / xs.length);

function summaryFigures(outcomes: GeneratedOutcome[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  const kinds = ['all', ...new Set(outcomes.map((o) => o.wording))];
  for (const k of kinds) {
    const os = outcomes.filter((o) => k === 'all' || o.wording === k);
    out[k] = {
      n: os.length,
      pass: mean(os.map((o) => (o.pass ? 1 : 0))),
      recall: mean(os.map((o) => o.recall)),
      with_strays: mean(os.map((o) => (o.strays > 0 ? 1 : 0))),
      refused: mean(os.map((o) => (o.refused ? 1 : 0))),
    };
  }
  return out;
}

function bodyFigures(outcomes: PairOutcome[]): Record<string, number> {
  return {
    n: outcomes.length,
    agree: mean(outcomes.map((o) => (o.agree ? 1 : 0))),
    hit: mean(outcomes.map((o) => o.hit)),
    refused: mean(outcomes.map((o) => o.refused)),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      half: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  if (!values.corpus && !values['data-dir']) {
    process.stderr.write(
      'usage: npm run eval:generated -- --corpus <path>… [--data-dir <dir>] [--half even|odd]\n',
    );
    process.exitCode = 2;
    return;
  }
  const cfg = await loadConfigFromEnvFile();
  const log = pino({ level: 'warn' }, pino.destination(2));
  const parity = values.half === 'even' ? 0 : values.half === 'odd' ? 1 : undefined;
  const inHalf = (_: unknown, i: number): boolean => parity === undefined || i % 2 === parity;
  const store = await openEvalStore(cfg, values.corpus ?? [], {
    log,
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
  });
  try {
    const qa = createQaService({ client: store.client, cfg: store.cfg, log });
    const articles = articlesFromChunks(await scrollAll(store.client, chunkCollection(store.cfg)));
    const byId = new Map(articles.map((a) => [a.articleId, a]));
    const result: Record<string, unknown> = { articles: articles.length };
    const verbose = (line: string): void => {
      if (values.verbose) process.stderr.write(`${line}\n`);
    };

    if (values.only !== 'bodies') {
      const requests = summaryRequests(articles).filter(inHalf);
      const outcomes: GeneratedOutcome[] = [];
      for (const r of requests) {
        const a = await qa.answer(r.q);
        const o = scoreGenerated(
          r,
          { refused: a.refused, cited: a.citations.map((c) => c.articleId) },
          MAX_SUMMARY_ARTICLES,
        );
        verbose(
          `${o.pass ? 'PASS' : 'FAIL'} ${r.q} recall=${o.recall.toFixed(2)} strays=${o.strays}${o.refused ? ' refused' : ''}`,
        );
        outcomes.push(o);
      }
      result.summaries = summaryFigures(outcomes);
      if (values.out) await writeJsonl(values.out, 'generated-summaries.jsonl', requests);
    }

    if (values.only !== 'summaries') {
      const pairs = bodyPairs(articles).filter(inHalf);
      const outcomes: PairOutcome[] = [];
      for (const p of pairs) {
        const tops = [];
        for (const q of p.questions) {
          const e = await qa.explain(q);
          const top = e.context[0]?.articleId;
          const article = top === undefined ? undefined : byId.get(top);
          tops.push({ refused: e.answer.refused, ...(article ? { article } : {}) });
        }
        const o = scorePair(p, tops);
        verbose(
          `${o.agree ? 'AGREE' : 'DIFFER'} ${p.questions.join(' / ')} hit=${o.hit.toFixed(2)} refused=${o.refused.toFixed(2)}`,
        );
        outcomes.push(o);
      }
      result.bodies = bodyFigures(outcomes);
      if (values.out)
        await writeJsonl(
          values.out,
          'generated-bodies.jsonl',
          pairs.map((p) => ({ id: p.id, questions: p.questions })),
        );
    }
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await store.close();
  }
}

async function writeJsonl(dir: string, name: string, rows: unknown[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `eval:generated failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
