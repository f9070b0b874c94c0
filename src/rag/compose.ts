/**
 * The answering step, once retrieval has not refused: the LLM with checked sentences and citations, or offline
 * the matching articles for an open question and extractive quotes for the rest. When the model is down, says
 * NO_ANSWER, or no checked sentence of its reply answers the question, the answer is the offline one with a
 * notice (a refusal only when the offline core refuses too): LLM mode is never worse than offline.
 */
import type { Lang } from '../types.js';
import { answerCheck, boundSlot, type SlotCheck } from './answer-check.js';
import { modelFor, refusedBody, type AnswerBody, type Core, type ExplainOptions } from './core.js';
import type { Decision } from './decide.js';
import { extractiveAnswer, quotesAnswer, type QuotedAnswer } from './extractive.js';
import { openAnswer, openArticles } from './open-answer.js';
import type { QueryPlan } from './query.js';
import { mentionsPlace } from './refusal.js';
import type { Passage, Retrieval } from './retrieve.js';
import { slotTerms } from './term-weights.js';
import { notStatedAnswer } from './unanswered.js';
import {
  extractiveLead,
  FALLBACK_NOTICE,
  FALLBACK_NOTICE_EN,
  UNCHECKED_NOTICE,
  UNCHECKED_NOTICE_EN,
} from './wording.js';
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
  if (!model) return offline(core, plan, retrieval, decision, lang, 'extractive');
  const context = retrieval.passages;
  let down = false;
  try {
    const { answerWithLlm } = await model.llm;
    const body = await answerWithLlm({
      chat: model.chat,
      question: plan.standalone,
      lang,
      passages: context.slice(0, LLM_PASSAGES),
      opts,
      // The check reads the Chinese question: English ones are searched (and their names written) in Chinese.
      check: answerCheck({
        question: plan.searchText,
        type: plan.type,
        lang,
        ...slotCheckOf(decision, plan),
      }),
    });
    if (!body.refused) return { body: { ...body, refused: false, mode: 'llm' }, context };
    core.log?.info(
      { why: body.why, removed: body.removed.length },
      'LLM answer failed the check; answering offline',
    );
  } catch (err) {
    core.log?.warn({ err }, 'LLM answer failed; falling back to extractive');
    down = true;
  }
  // Never worse than offline: the answer the offline core gives, with a notice; a refusal only when it refuses.
  const off = await offline(core, plan, retrieval, decision, lang, 'fallback');
  if (down)
    return {
      body: { ...off.body, notice: lang === 'en' ? FALLBACK_NOTICE_EN : FALLBACK_NOTICE },
      context: off.context,
    };
  if (off.body.refused) return { body: { ...off.body, mode: 'llm' }, context: off.context };
  return {
    body: { ...off.body, notice: lang === 'en' ? UNCHECKED_NOTICE_EN : UNCHECKED_NOTICE },
    context: off.context,
  };
}

/**
 * The offline answer, exactly as a core without a model gives it: the refusal decision without a model, the
 * matching articles for an open question, extractive quotes for the rest, a refusal when there are none.
 */
async function offline(
  core: Core,
  plan: QueryPlan,
  retrieval: Retrieval,
  decision: Decision,
  lang: Lang,
  mode: AnswerBody['mode'],
): Promise<Composed> {
  let context = retrieval.passages;
  // With a model, a weak open question went to the model; offline it is refused (decide.ts).
  if (decision.refusal.refused) return { body: { ...(await refusedBody(core, lang)), mode }, context };
  // Quotes come from reports about the place asked about, when any are retrieved.
  const about = context.filter((p) => mentionsPlace(plan.places, p));
  const quoteFrom = about.length > 0 ? about : context;
  if (plan.type === 'open') {
    const open = await openOffline(core, decision, context, quoteFrom);
    context = open.context;
    if (open.body) return { body: { ...open.body, mode }, context };
  }
  const ex = quotes(plan, retrieval, decision, quoteFrom, lang);
  // No quote binds the asked slot: say what the reports do not say, and what they say about the entity.
  const body: AnswerBody = ex
    ? { ...ex, refused: false, mode }
    : { ...(notStatedAnswer(decision.slot, quoteFrom, lang) ?? (await refusedBody(core, lang))), mode };
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

/** The slot check for LLM mode: the offline binding check where the answer shape alone cannot tell. */
function slotCheckOf(decision: Decision, plan: QueryPlan): { slot?: SlotCheck } {
  const slot = boundSlot(decision.slot, plan.searchText, plan.type);
  return slot ? { slot } : {};
}
