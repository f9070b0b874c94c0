/**
 * The refusal decision: how well the retrieved passages cover the question's weighted terms, and whether that
 * refuses now or leaves the decision to the model.
 */
import type { QueryPlan } from './query.js';
import {
  aboutCommittee,
  checkRefusal,
  committeesAsked,
  MIN_COVERAGE,
  MIN_OPEN_COVERAGE,
  type RefusalCheck,
} from './refusal.js';
import type { Retrieval } from './retrieve.js';
import { slotOfPlan, type AskedSlot } from './slot.js';
import { weighTerms, type WeightedTerm } from './term-weights.js';
import { discountCarried } from './follow-up.js';

/** A quote naming the asked-about place is better, but the place alone does not make a sentence relevant. */
export const QUOTE_PLACE_FACTOR = 0.15;

export interface Decision {
  /** The question's terms, weighted for coverage. */
  askedTerms: WeightedTerm[];
  /** The same terms with the place weighed down, for picking quotes. */
  quoteTerms: WeightedTerm[];
  refusal: RefusalCheck;
  /** Refuse without answering. */
  refuse: boolean;
  /** What the question asks of which entities: a quote must bind it (answerability.ts). */
  slot: AskedSlot;
}

export function decide(plan: QueryPlan, retrieval: Retrieval, withModel: boolean): Decision {
  const askedTerms = discountCarried(
    weighTerms(plan.searchText, retrieval.terms, plan.places),
    plan.ownWords,
  );
  // "成都市政协做了什么" is about the committee: a report naming 成都 in passing does not answer it.
  const committees = plan.type === 'open' ? committeesAsked(plan.searchText, plan.places) : [];
  const passages =
    committees.length > 0
      ? retrieval.passages.filter((p) => aboutCommittee(committees, p))
      : retrieval.passages;
  const refusal =
    committees.length > 0 && passages.length === 0
      ? { refused: true, reason: 'place-not-covered' as const, coverage: 0, missing: [] }
      : checkRefusal(
          askedTerms,
          passages,
          plan.places,
          plan.type === 'open' ? MIN_OPEN_COVERAGE : MIN_COVERAGE,
        );
  const quoteTerms = weighTerms(plan.searchText, retrieval.terms, plan.places, QUOTE_PLACE_FACTOR);
  // With a model, an open question the lexical check finds weak goes to the model: its NO_ANSWER and the
  // citation check decide. Nothing retrieved, or nothing about the place asked, still refuses at once.
  const refuse = refusal.refused && !(withModel && plan.type === 'open' && refusal.reason === 'low-coverage');
  return { askedTerms, quoteTerms, refusal, refuse, slot: slotOfPlan(plan) };
}
