/**
 * Summary eval files (`*-summaries-*.jsonl`, ../shared/eval/README.md "Summary files"): each request `q` is asked
 * once; every `required` string names an article (a substring of its title) the summary must cite, recall = share
 * of them cited, ≥ `min_recall`; a cited article whose title holds none of `required` / `allowed` is a stray (none
 * allowed); a refusal fails. Pure apart from the injected `ask`, so the scoring is testable without a store.
 */
import { z } from 'zod';
import { normalizeForMatch } from '../text/normalize.js';
import type { Answer } from '../types.js';

const summarySchema = z.object({
  id: z.string(),
  q: z.string().min(1),
  required: z.array(z.string().min(1)).min(1),
  min_recall: z.number().min(0).max(1),
  allowed: z.array(z.string().min(1)).default([]),
});

export type SummaryRequest = z.infer<typeof summarySchema>;

/** True when a JSONL text is a summaries file: its first record has `q` and `required`. */
export function isSummariesText(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '');
  if (first === undefined) return false;
  try {
    const rec: unknown = JSON.parse(first);
    return typeof rec === 'object' && rec !== null && 'q' in rec && 'required' in rec;
  } catch {
    return false;
  }
}

export function parseSummaries(text: string, file = 'summaries'): SummaryRequest[] {
  const out: SummaryRequest[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const parsed = summarySchema.safeParse(rec);
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    out.push(parsed.data);
  });
  return out;
}

/** What one summary request produced. */
export interface SummaryOutcome {
  id: string;
  pass: boolean;
  refused: boolean;
  recall: number;
  /** `required` strings no cited title holds. */
  missing: string[];
  /** Cited titles that hold none of `required` / `allowed`. */
  strays: string[];
  /** Distinct cited article titles, in citation order. */
  cited: string[];
}

/** Scores one answer against its request. */
export function scoreSummary(
  req: SummaryRequest,
  answer: Pick<Answer, 'refused' | 'citations'>,
): SummaryOutcome {
  const cited: string[] = [];
  for (const c of answer.citations) if (!cited.includes(c.title)) cited.push(c.title);
  const titles = cited.map(normalizeForMatch);
  const holds = (s: string): boolean => titles.some((t) => t.includes(normalizeForMatch(s)));
  const missing = req.required.filter((s) => !holds(s));
  const recall = (req.required.length - missing.length) / req.required.length;
  const names = [...req.required, ...req.allowed].map(normalizeForMatch);
  const strays = cited.filter((t) => !names.some((n) => normalizeForMatch(t).includes(n)));
  const refused = answer.refused;
  const pass = !refused && recall >= req.min_recall && strays.length === 0;
  return { id: req.id, pass, refused, recall, missing, strays, cited };
}

export async function runSummary(
  req: SummaryRequest,
  ask: (q: string) => Promise<Pick<Answer, 'refused' | 'citations'>>,
): Promise<SummaryOutcome> {
  return scoreSummary(req, await ask(req.q));
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export interface SummariesSummary {
  summaries: { n: number; pass: number; recall: number; strays: number; refused: number };
  misses: string[];
}

/** The JSON figures: share passing, mean recall, share with strays, share refused. */
export function summarizeSummaries(outcomes: SummaryOutcome[]): SummariesSummary {
  const n = outcomes.length;
  const share = (f: (o: SummaryOutcome) => boolean): number =>
    n === 0 ? 0 : round(outcomes.filter(f).length / n);
  return {
    summaries: {
      n,
      pass: share((o) => o.pass),
      recall: n === 0 ? 0 : round(outcomes.reduce((s, o) => s + o.recall, 0) / n),
      strays: share((o) => o.strays.length > 0),
      refused: share((o) => o.refused),
    },
    misses: outcomes.filter((o) => !o.pass).map((o) => o.id),
  };
}

/** One line per request for people. */
export function summariesTable(outcomes: SummaryOutcome[], s: SummariesSummary): string {
  const lines = outcomes.map(
    (o) =>
      `${o.pass ? 'PASS' : 'FAIL'} ${o.id} recall=${o.recall.toFixed(2)}${o.refused ? ' refused' : ''}` +
      `${o.missing.length > 0 ? ` missing=${o.missing.join('|')}` : ''}` +
      `${o.strays.length > 0 ? ` strays=${o.strays.join('|')}` : ''}`,
  );
  const f = s.summaries;
  lines.push(
    `summaries: ${f.n}, pass ${f.pass}, recall ${f.recall}, with strays ${f.strays}, refused ${f.refused}`,
  );
  return lines.join('\n');
}
