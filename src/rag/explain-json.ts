/**
 * What `ask --json` prints and the web console's "explain" view shows: the answer with the query plan, the
 * refusal check, retrieval scores (top 20 chunks) and the passages read. One shape for both, so they never differ.
 */
import type { Explained } from './core.js';

export function explainJson(e: Explained) {
  const retrieval = e.retrieval && {
    text: e.retrieval.text,
    filter: e.retrieval.filter,
    filterDropped: e.retrieval.filterDropped,
    corpusSize: e.retrieval.corpusSize,
    ms: e.retrieval.ms,
    terms: e.retrieval.terms,
    chunks: e.retrieval.chunks.slice(0, 20).map((c) => ({
      pointId: c.pointId,
      rank: c.rank,
      fused: c.fused,
      sparse: c.sparse,
      dense: c.dense,
      article: c.payload.title,
      paragraphs: c.payload.paragraphs,
    })),
  };
  const passages = e.context.map((p) => ({
    rank: p.rank,
    articleId: p.articleId,
    title: p.title,
    paragraphs: p.paragraphs,
    sparse: p.sparse,
    dense: p.dense,
    text: p.text,
  }));
  return { answer: e.answer, plan: e.plan, refusal: e.refusal, retrieval, passages };
}

export type ExplainJson = ReturnType<typeof explainJson>;
