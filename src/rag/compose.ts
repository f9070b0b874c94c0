/**
 * The answering step, once retrieval has not refused: the LLM with checked citations (extractive quotes when it
 * fails), or offline the matching articles for an open question and extractive quotes for the rest.
 */
import type { Citation, Lang } from '../types.js';
import { modelFor, refusedBody, type AnswerBody, type Core, type ExplainOptions } from './core.js';
import type { Decision } from './decide.js';
import { extractiveAnswer, quotesAnswer, type QuotedAnswer } from './extractive.js';
import { openAnswer, openArticles } from './open-answer.js';
import type { QueryPlan } from './query.js';
import { mentionsPlace } from './refusal.js';
import type { Passage, Retrieval } from './retrieve.js';
import { slotTerms } from './term-weights.js';
import { notStatedAnswer } from './unanswered.js';
import { extractiveLead, FALLBACK_NOTICE, FALLBACK_NOTICE_EN } from './wording.js';
import { verdictLead, verdictOver } from './yes-no.js';

/** Passages handed to the LLM. */
const LLM_PASSAGES = 8;

export interface Composed {
  body: AnswerBody;
  /** The passages the answer was built from (whole articles for an offline open answer). */
  context: Passage[];
}

export async function compose(
  core: Core,
  plan: QueryPlan,
  retrieval: Retrieval,
  decision: Decision,
  opts: ExplainOptions,
): Promise<Composed> {
  const lang = opts.lang ?? plan.lang;
  const model = modelFor(core, opts);
  let context = retrieval.passages;
  // Quotes come from reports about the place asked about, when any are retrieved.
  const about = context.filter((p) => mentionsPlace(plan.places, p));
  const quoteFrom = about.length > 0 ? about : context;
  if (plan.type === 'open' && !model) {
    const open = await openOffline(core, decision, context, quoteFrom);
    context = open.context;
    if (open.body) return { body: open.body, context };
  }
  const extractive = (): QuotedAnswer | undefined => quotes(plan, retrieval, decision, quoteFrom, lang);
  // No quote binds the asked slot: say what the reports do not say, and what they say about the entity.
  const refused = async (): Promise<{ text: string; citations: Citation[]; refused: true }> =>
    notStatedAnswer(decision.slot, quoteFrom, lang) ?? (await refusedBody(core, lang));
  if (model) {
    try {
      const { answerWithLlm } = await model.llm;
      const body = await answerWithLlm({
        chat: model.chat,
        question: plan.standalone,
        lang,
        passages: context.slice(0, LLM_PASSAGES),
        opts,
      });
      // An answer without a valid citation is not an answer: refuse rather than repeat model knowledge.
      if (body.refused || body.citations.length === 0)
        return { body: { ...(await refusedBody(core, lang)), mode: 'llm' }, context };
      return { body: { ...body, refused: false, mode: 'llm' }, context };
    } catch (err) {
      core.log?.warn({ err }, 'LLM answer failed; falling back to extractive');
      const ex = extractive();
      const notice = lang === 'en' ? FALLBACK_NOTICE_EN : FALLBACK_NOTICE;
      if (ex) return { body: { ...ex, refused: false, mode: 'fallback', notice }, context };
      return { body: { ...(await refused()), mode: 'fallback', notice }, context };
    }
  }
  const ex = extractive();
  const body: AnswerBody = ex
    ? { ...ex, refused: false, mode: 'extractive' }
    : { ...(await refused()), mode: 'extractive' };
  return { body, context };
}

/** Open questions offline: the matching articles whole (title, lead, key points), in place of their passages. */
async function openOffline(
  core: Core,
  decision: Decision,
  context: Passage[],
  quoteFrom: Passage[],
): Promise<{ body?: AnswerBody; context: Passage[] }> {
  const picked = openArticles(decision.askedTerms, quoteFrom);
  const full = await core.catalog.articles(picked.map((p) => p.articleId)).catch(() => picked);
  const byId = new Map(full.map((a) => [a.articleId, a]));
  const used = new Set<string>();
  const wholes = context.flatMap((p) => {
    const whole = byId.get(p.articleId);
    if (!whole) return [p];
    if (used.has(p.articleId)) return [];
    used.add(p.articleId);
    return [{ ...whole, rank: p.rank, fused: p.fused }];
  });
  const ex = openAnswer(decision.quoteTerms, full);
  return ex ? { body: { ...ex, refused: false, mode: 'extractive' }, context: wholes } : { context: wholes };
}

/** Extractive quotes; "多少/哪天" answered by quotes holding no number or date about the topic is no answer. */
function quotes(
  plan: QueryPlan,
  retrieval: Retrieval,
  decision: Decision,
  quoteFrom: Passage[],
  lang: Lang,
): QuotedAnswer | undefined {
  const ex = extractiveAnswer(decision.quoteTerms, quoteFrom, plan.wants, {
    slots: slotTerms(plan.searchText, retrieval.terms),
    type: plan.type,
    total: /有多少|共有?多少|一共|总共/.test(plan.searchText),
    question: plan.searchText,
    slot: decision.slot,
  });
  if (!ex || !quotesAnswer(ex.quotes, plan.wants, decision.askedTerms)) return undefined;
  // A yes/no question gets "是的。"/"没有。" first, but only when a quote states the proposition outright.
  const verdict =
    plan.type === 'whether' ? verdictOver(plan.searchText, decision.askedTerms, ex.quotes) : undefined;
  const lead = `${verdict ? verdictLead(verdict, lang) : ''}${extractiveLead(lang)}`;
  return { ...ex, text: ex.text.replace(/^报道原文：/, lead) };
}
