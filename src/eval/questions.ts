/** Eval question files (JSONL, one object a line), validated so a typo fails with its line number. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const questionSchema = z.object({
  id: z.string(),
  type: z.string(),
  question: z.string(),
  gold: z.array(z.string()).default([]),
  gold_doc_ids: z.array(z.string()).default([]),
  must: z.array(z.string()).default([]),
  answer: z.string().optional(),
  /** (pool benchmarks) reprints of the gold document elsewhere in the archive. */
  near_dup_doc_ids: z.array(z.string()).default([]),
  /**
   * (dated sets) the report dates the question asks about, first and last day inclusive (ISO): a citation of a
   * report dated outside it, or undated, is out of period.
   */
  period: z
    .tuple([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)])
    .optional(),
});

export type EvalQuestion = z.infer<typeof questionSchema>;

export function parseQuestions(text: string, file = 'questions'): EvalQuestion[] {
  const out: EvalQuestion[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = questionSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    out.push(parsed.data);
  });
  return out;
}

export async function loadQuestions(file: string): Promise<EvalQuestion[]> {
  return parseQuestions(await readFile(file, 'utf8'), file);
}

/** Questions with an answer in the corpus (hit@k applies): not negatives, not summaries. */
export const isRetrievalQuestion = (q: EvalQuestion): boolean =>
  q.type !== 'negative' && q.type !== 'summary';
