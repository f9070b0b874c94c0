/**
 * The retrieval step: the plan's search text (with its dense vector when an embedder is configured) against the
 * chunk collection; and the `search` tool, which returns the best sentence of each hit as a citation.
 */
import { citationFor, rankSentences } from './extractive.js';
import type { Clock, Core } from './core.js';
import { understandQuery, type QueryPlan } from './query.js';
import { retrieve, type Retrieval } from './retrieve.js';
import { QUOTE_PLACE_FACTOR } from './decide.js';
import { weighTerms } from './term-weights.js';
import { reportSpan } from './dated.js';
import { preferHeadlined } from './follow-up.js';
import type { Citation } from '../types.js';

/** Passages retrieved per question (what the answerer reads, and what hit@k sees). */
const PASSAGES = 10;

async function embedQuery(core: Core, text: string): Promise<number[] | undefined> {
  if (!core.embedder) return undefined;
  try {
    return (await core.embedder.embed([text]))[0];
  } catch (err) {
    // Dense search is an improvement, not a requirement: BM25 alone still answers.
    core.log?.warn({ err }, 'query embedding failed; searching with BM25 only');
    return undefined;
  }
}

/** Retrieves the passages for a question's plan, timing it on the clock. */
export async function retrieveFor(core: Core, clock: Clock, plan: QueryPlan): Promise<Retrieval> {
  const t = performance.now();
  const dense = await embedQuery(core, plan.searchText);
  const retrieval = await retrieve(core.client, {
    collection: core.collection,
    text: plan.searchText,
    places: plan.places.map((p) => p.name),
    ...(dense ? { dense } : {}),
    ...(plan.time ? { dates: reportSpan(plan) } : {}),
    limit: PASSAGES,
  });
  clock.retrieveMs = performance.now() - t;
  return plan.focus ? { ...retrieval, passages: preferHeadlined(retrieval.passages, plan.focus) } : retrieval;
}

/** Search without answering: each passage as a citation of its best-matching sentence (BM25 only). */
export async function searchCitations(core: Core, query: string, limit: number): Promise<Citation[]> {
  const plan = await understandQuery(query, [], {});
  const retrieval = await retrieve(core.client, {
    collection: core.collection,
    text: plan.searchText,
    places: plan.places.map((p) => p.name),
    limit,
  });
  const terms = weighTerms(plan.searchText, retrieval.terms, plan.places, QUOTE_PLACE_FACTOR);
  const ranked = rankSentences(terms, retrieval.passages, plan.wants, { maxPassages: limit });
  return retrieval.passages.map((p, i) => {
    const best = ranked.find((q) => q.passage === p);
    if (best) return citationFor(best, i + 1);
    return citationFor(
      { sentence: p.paragraphTexts[0] ?? '', passage: p, paragraphIndex: 0, score: 0 },
      i + 1,
    );
  });
}
