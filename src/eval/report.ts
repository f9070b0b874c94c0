/**
 * Aggregation of per-question eval outcomes into the README's figures, overall and by type, plus the table
 * printed for people. The JSON summary is what the CI gate reads.
 */
import { hitAt, mean, mrrAt, percentile } from './metrics.js';

/** What one question produced. */
export interface Outcome {
  id: string;
  type: string;
  /** 1-based rank of the first gold passage (retrieval questions only). */
  rank?: number;
  /** Summary questions: share of gold strings in the context. */
  coverage?: number;
  refused?: boolean;
  /** Only for questions with `must` strings, when answers are on. */
  mustOk?: boolean;
  citationsValid?: boolean;
  /** Dated questions (a `period`): the answer cites a gold report. */
  citedRight?: boolean;
  /** Dated questions: citations of reports outside the period (or undated). */
  outOfPeriod?: number;
  retrieveMs: number;
  answerMs: number;
  answerable: boolean;
  retrieval: boolean;
}

export type Figures = Record<string, number | null>;

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function share(xs: boolean[]): number | null {
  return xs.length === 0 ? null : round(xs.filter(Boolean).length / xs.length);
}

export function figures(outcomes: Outcome[], answers: boolean): Figures {
  const retrieval = outcomes.filter((o) => o.retrieval);
  const ranks = retrieval.map((o) => o.rank);
  const f: Figures = { n: outcomes.length };
  if (retrieval.length > 0) {
    for (const k of [1, 3, 5, 10]) f[`hit@${k}`] = round(hitAt(ranks, k));
    f['mrr@10'] = round(mrrAt(ranks, 10));
  }
  const cov = outcomes.filter((o) => o.coverage !== undefined).map((o) => o.coverage ?? 0);
  if (cov.length > 0) f['coverage@k'] = round(mean(cov));
  if (answers) {
    const must = outcomes.filter((o) => o.mustOk !== undefined).map((o) => o.mustOk === true);
    if (must.length > 0) f.must = share(must);
    const negatives = outcomes.filter((o) => !o.answerable).map((o) => o.refused === true);
    if (negatives.length > 0) f.refusal = share(negatives);
    const answerable = outcomes.filter((o) => o.answerable).map((o) => o.refused === true);
    if (answerable.length > 0) f.false_refusals = share(answerable);
    f.citations_valid = share(outcomes.map((o) => o.citationsValid !== false));
    const right = outcomes.filter((o) => o.citedRight !== undefined).map((o) => o.citedRight === true);
    if (right.length > 0) f.cited_right = share(right);
    const dated = outcomes.filter((o) => o.outOfPeriod !== undefined);
    if (dated.length > 0) f.out_of_period = dated.reduce((n, o) => n + (o.outOfPeriod ?? 0), 0);
  }
  return f;
}

export interface Summary {
  questions: number;
  k: number;
  answers: boolean;
  overall: Figures;
  /** Answerable questions not in English: the main retrieval target. */
  non_english: Figures;
  by_type: Record<string, Figures>;
  latency_ms: { retrieval: { p50: number; p95: number }; answer: { p50: number; p95: number } };
  /** Ids of questions that missed (no gold in top 5, refused when answerable, answered when negative, must missing). */
  misses: string[];
}

export function summarize(outcomes: Outcome[], k: number, answers: boolean): Summary {
  const types = [...new Set(outcomes.map((o) => o.type))].sort();
  const by_type: Record<string, Figures> = {};
  for (const t of types)
    by_type[t] = figures(
      outcomes.filter((o) => o.type === t),
      answers,
    );
  const ret = outcomes.map((o) => o.retrieveMs);
  const ans = outcomes.map((o) => o.answerMs);
  const misses = outcomes
    .filter(
      (o) =>
        (o.retrieval && (o.rank === undefined || o.rank > 5)) ||
        (answers && o.answerable !== (o.refused !== true)) ||
        o.mustOk === false ||
        o.citationsValid === false ||
        o.citedRight === false ||
        (o.outOfPeriod ?? 0) > 0,
    )
    .map((o) => o.id);
  return {
    questions: outcomes.length,
    k,
    answers,
    overall: figures(outcomes, answers),
    non_english: figures(
      outcomes.filter((o) => o.type !== 'english' && o.answerable),
      answers,
    ),
    by_type,
    latency_ms: {
      retrieval: { p50: round(percentile(ret, 50)), p95: round(percentile(ret, 95)) },
      answer: { p50: round(percentile(ans, 50)), p95: round(percentile(ans, 95)) },
    },
    misses,
  };
}

const COLUMNS = [
  'n',
  'hit@1',
  'hit@3',
  'hit@5',
  'hit@10',
  'mrr@10',
  'coverage@k',
  'must',
  'refusal',
  'false_refusals',
  'citations_valid',
  'cited_right',
  'out_of_period',
];

/** A fixed-width table: one row per type, then "non-English" and "all". */
export function table(s: Summary): string {
  const rows: [string, Figures][] = [
    ...Object.entries(s.by_type),
    ['non-English', s.non_english],
    ['all', s.overall],
  ];
  const cell = (v: number | null | undefined): string => (v === undefined || v === null ? '-' : String(v));
  const head = ['type', ...COLUMNS];
  const body = rows.map(([name, f]) => [name, ...COLUMNS.map((c) => cell(f[c]))]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const lat = s.latency_ms;
  return [
    line(head),
    ...body.map(line),
    '',
    `latency ms  retrieval p50 ${lat.retrieval.p50} p95 ${lat.retrieval.p95}  ·  answer p50 ${lat.answer.p50} p95 ${lat.answer.p95}`,
    s.misses.length > 0 ? `misses: ${s.misses.join(' ')}` : 'misses: none',
  ].join('\n');
}
