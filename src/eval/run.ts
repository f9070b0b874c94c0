/** Runs eval questions through the answer core and scores each one (see metrics.ts for the definitions). */
import type { Explained, QaEngine } from '../rag/answer.js';
import {
  citationsValid,
  citesGold,
  coverage,
  firstHit,
  mustOk,
  outOfPeriod,
  type ContextParagraph,
} from './metrics.js';
import { isRetrievalQuestion, type EvalQuestion } from './questions.js';
import type { Outcome } from './report.js';

function contextParagraphs(e: Explained): ContextParagraph[] {
  return e.context.flatMap((p) =>
    p.paragraphs.map((n, i) => ({ articleId: p.articleId, n, text: p.paragraphTexts[i] ?? '' })),
  );
}

export function score(q: EvalQuestion, e: Explained, k: number, answers: boolean): Outcome {
  const answerable = q.type !== 'negative';
  const retrieval = isRetrievalQuestion(q);
  const o: Outcome = {
    id: q.id,
    type: q.type,
    answerable,
    retrieval,
    retrieveMs: e.answer.timings.retrieveMs,
    answerMs: e.answer.timings.totalMs,
  };
  if (retrieval) {
    const items = e.context.map((p) => ({ text: p.text, docId: p.docId }));
    const rank = firstHit(items, q.gold, q.gold_doc_ids, k);
    if (rank !== undefined) o.rank = rank;
  }
  if (q.type === 'summary')
    o.coverage = coverage(
      e.context.slice(0, Math.max(k, e.context.length)).map((p) => p.text),
      q.gold,
    );
  if (answers) {
    o.refused = e.answer.refused;
    if (q.must.length > 0) o.mustOk = !e.answer.refused && mustOk(e.answer.text, q.must);
    o.citationsValid = citationsValid(e.answer.citations, contextParagraphs(e));
    if (q.period) {
      o.outOfPeriod = outOfPeriod(e.answer.citations, q.period);
      if (answerable && (q.gold.length > 0 || q.gold_doc_ids.length > 0))
        o.citedRight = !e.answer.refused && citesGold(e.answer.citations, q.gold, q.gold_doc_ids);
    }
  }
  return o;
}

export async function runEval(
  engine: QaEngine,
  questions: EvalQuestion[],
  opts: { k: number; answers: boolean; onOutcome?: (o: Outcome, e: Explained) => void },
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const q of questions) {
    const e = await engine.explain(q.question, { retrieveOnly: !opts.answers });
    const o = score(q, e, opts.k, opts.answers);
    opts.onOutcome?.(o, e);
    out.push(o);
  }
  return out;
}
