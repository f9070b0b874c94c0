/**
 * The answer core behind every front end: understand → retrieve → refuse or answer (LLM with checked citations,
 * or extractive quotes offline; extractive again when the LLM stays down) → Answer with timings.
 * `explain` returns the same answer together with what produced it (plan, retrieval scores, refusal check,
 * the context read), for `ask --json` and the eval.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ChatModel } from '../llm/chat.js';
import type { Embedder } from '../llm/embeddings.js';
import { detectPlaces } from '../text/places.js';
import { normalizeQuery } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Answer, AnswerMode, Citation, Lang } from '../types.js';
import { chunkCollection } from '../store/schema.js';
import { Catalog } from './catalog.js';
import {
  citationFor,
  extractiveAnswer,
  quotesAnswer,
  rankSentences,
  type QuotedAnswer,
} from './extractive.js';
import { shortPlaceName, understandQuery, type QueryHelpers, type QueryPlan } from './query.js';
import {
  checkRefusal,
  mentionsPlace,
  MIN_COVERAGE,
  MIN_OPEN_COVERAGE,
  type RefusalCheck,
} from './refusal.js';
import { retrieve, type Passage, type Retrieval } from './retrieve.js';
import type { AnswerOptions, QaService } from './service.js';
import { summarizeExtractive } from './summary.js';
import { openAnswer, openArticles } from './open-answer.js';
import { slotTerms, weighTerms } from './term-weights.js';
import {
  englishNeedsLlm,
  extractiveLead,
  FALLBACK_NOTICE,
  FALLBACK_NOTICE_EN,
  noArticlesFor,
  notInReports,
  summaryLead,
} from './wording.js';

export interface QaDeps {
  client: QdrantClient;
  cfg: Config;
  chat?: ChatModel;
  embedder?: Embedder;
  log?: Logger;
}

/** An answer with everything that produced it. */
export interface Explained {
  answer: Answer;
  plan: QueryPlan;
  retrieval?: Retrieval;
  refusal?: RefusalCheck;
  /** The passages the answer (or summary) was built from, in order. */
  context: Passage[];
}

export interface ExplainOptions extends AnswerOptions {
  /** Skip the LLM (retrieval-only eval runs): the answer is the offline one. */
  retrieveOnly?: boolean;
}

export interface QaEngine extends QaService {
  explain(question: string, opts?: ExplainOptions): Promise<Explained>;
}

/** Passages retrieved per question (what the answerer reads, and what hit@k sees). */
const PASSAGES = 10;
/** A quote naming the asked-about place is better, but the place alone does not make a sentence relevant. */
const QUOTE_PLACE_FACTOR = 0.15;
/** Passages handed to the LLM. */
const LLM_PASSAGES = 8;

interface Clock {
  started: number;
  retrieveMs: number;
}

function finish(
  clock: Clock,
  plan: QueryPlan,
  body: { text: string; citations: Citation[]; refused: boolean; mode: AnswerMode; notice?: string },
  lang: Lang,
): Answer {
  const totalMs = performance.now() - clock.started;
  const a: Answer = {
    text: body.text,
    citations: body.citations,
    refused: body.refused,
    mode: body.mode,
    lang,
    searchedQuestion: plan.searchText,
    timings: { retrieveMs: clock.retrieveMs, answerMs: totalMs - clock.retrieveMs, totalMs },
  };
  if (body.notice !== undefined) a.notice = body.notice;
  return a;
}

/** Topic words of a summary request: the request minus summary verbs and place names. */
function topicTerms(question: string, place: string): string[] {
  const drop = new Set([...tokenize(place), ...tokenize(shortPlaceName(place))]);
  return tokenize(question.replace(/(总结|概括|汇总|梳理|综述|归纳)(一下)?/g, '')).filter(
    (t) => !drop.has(t) && t !== '政协',
  );
}

/** Passages of one article joined into one (paragraph order), so a summary counts and heads each article once. */
export function byArticle(passages: Passage[]): Passage[] {
  const out = new Map<string, Passage>();
  for (const p of passages) {
    const a = out.get(p.articleId);
    if (!a) {
      out.set(p.articleId, { ...p });
      continue;
    }
    const rows = [
      ...a.paragraphs.map((n, i) => ({ n, t: a.paragraphTexts[i] ?? '', pt: a.paragraphPoints[i] ?? '' })),
      ...p.paragraphs
        .map((n, i) => ({ n, t: p.paragraphTexts[i] ?? '', pt: p.paragraphPoints[i] ?? '' }))
        .filter((r) => !a.paragraphs.includes(r.n)),
    ].sort((x, y) => x.n - y.n);
    a.paragraphs = rows.map((r) => r.n);
    a.paragraphTexts = rows.map((r) => r.t);
    a.paragraphPoints = rows.map((r) => r.pt);
    a.text = a.paragraphTexts.join('\n');
  }
  return [...out.values()];
}

export function createQaService(deps: QaDeps): QaEngine {
  const { client, cfg, chat, embedder, log } = deps;
  const collection = chunkCollection(cfg);
  const catalog = new Catalog(client, collection);
  // The LLM layer is loaded only when a chat model is configured: offline runs never touch it.
  const llm = chat ? import('./llm-mode.js') : undefined;
  const helpersReady: Promise<QueryHelpers> =
    chat && llm ? llm.then((m) => m.queryHelpers(chat)) : Promise.resolve({});

  async function embedQuery(text: string): Promise<number[] | undefined> {
    if (!embedder) return undefined;
    try {
      return (await embedder.embed([text]))[0];
    } catch (err) {
      // Dense search is an improvement, not a requirement: BM25 alone still answers.
      log?.warn({ err }, 'query embedding failed; searching with BM25 only');
      return undefined;
    }
  }

  async function refusedBody(lang: Lang): Promise<{ text: string; citations: Citation[]; refused: true }> {
    const places = await catalog.places().catch(() => []);
    return { text: notInReports(lang, places), citations: [], refused: true };
  }

  /** Resolves "深圳" / "深圳市" / "广东深圳" to a stored place name. */
  async function resolvePlace(place: string): Promise<string | undefined> {
    const known = await catalog.places();
    const names = new Set(known.map((p) => p.name));
    for (const p of detectPlaces(normalizeQuery(place))) if (names.has(p.name)) return p.name;
    const q = normalizeQuery(place).replace(/(政协|的|会议|报道|情况)+$/g, '');
    return known.find((p) => p.name === q || shortPlaceName(p.name) === q)?.name;
  }

  async function summarizeArticles(
    clock: Clock,
    plan: QueryPlan,
    place: string | undefined,
    articles: Passage[],
    opts: ExplainOptions,
  ): Promise<Explained> {
    const lang = opts.lang ?? plan.lang;
    articles = byArticle(articles);
    const label = place ?? plan.searchText;
    const topic = topicTerms(plan.searchText, place ?? '');
    if (articles.length === 0) {
      const places = await catalog.places().catch(() => []);
      const text = place ? noArticlesFor(place, lang, places) : notInReports(lang, places);
      return {
        answer: finish(clock, plan, { text, citations: [], refused: true, mode: 'extractive' }, lang),
        plan,
        context: [],
      };
    }
    const lead = summaryLead(
      label,
      articles.length,
      lang,
      articles.map((a) => a.date ?? ''),
    );
    if (chat && llm && !opts.retrieveOnly) {
      try {
        const { summarizeWithLlm } = await llm;
        const body = await summarizeWithLlm({ chat, lang, label, articles, opts });
        if (body)
          return {
            answer: finish(clock, plan, { ...body, refused: false, mode: 'llm' }, lang),
            plan,
            context: articles,
          };
      } catch (err) {
        log?.warn({ err }, 'LLM summary failed; falling back to extractive');
        const ex = summarizeExtractive(articles, lead, topic);
        if (ex) {
          const notice = lang === 'en' ? FALLBACK_NOTICE_EN : FALLBACK_NOTICE;
          return {
            answer: finish(clock, plan, { ...ex, refused: false, mode: 'fallback', notice }, lang),
            plan,
            context: articles,
          };
        }
      }
    }
    const ex = summarizeExtractive(articles, lead, topic);
    const body = ex ? { ...ex, refused: false } : await refusedBody(lang);
    return { answer: finish(clock, plan, { ...body, mode: 'extractive' }, lang), plan, context: articles };
  }

  async function explainSummary(
    clock: Clock,
    plan: QueryPlan,
    place: string,
    opts: ExplainOptions,
  ): Promise<Explained> {
    const t = performance.now();
    const resolved = (await resolvePlace(place)) ?? place;
    const articles = await catalog.articlesOf(resolved);
    clock.retrieveMs = performance.now() - t;
    return summarizeArticles(clock, plan, resolved, articles, opts);
  }

  async function explain(question: string, opts: ExplainOptions = {}): Promise<Explained> {
    const clock: Clock = { started: performance.now(), retrieveMs: 0 };
    const plan = await understandQuery(question, opts.turns ?? [], await helpersReady);
    const lang = opts.lang ?? plan.lang;
    if (plan.lang === 'en' && !chat) {
      const body = { text: englishNeedsLlm(), citations: [], refused: true, mode: 'extractive' as const };
      return { answer: finish(clock, plan, body, 'en'), plan, context: [] };
    }
    if (plan.summaryPlace) return explainSummary(clock, plan, plan.summaryPlace, opts);

    const t = performance.now();
    const dense = await embedQuery(plan.searchText);
    const retrieval = await retrieve(client, {
      collection,
      text: plan.searchText,
      places: plan.places.map((p) => p.name),
      ...(dense ? { dense } : {}),
      limit: PASSAGES,
    });
    clock.retrieveMs = performance.now() - t;
    const askedTerms = weighTerms(plan.searchText, retrieval.terms, plan.places);
    const refusal = checkRefusal(
      askedTerms,
      retrieval.passages,
      plan.places,
      plan.type === 'open' ? MIN_OPEN_COVERAGE : MIN_COVERAGE,
    );
    const quoteTerms = weighTerms(plan.searchText, retrieval.terms, plan.places, QUOTE_PLACE_FACTOR);
    let context = retrieval.passages;
    const done = (body: Parameters<typeof finish>[2]): Explained => ({
      answer: finish(clock, plan, body, lang),
      plan,
      retrieval,
      refusal,
      context,
    });
    const withModel = chat !== undefined && llm !== undefined && !opts.retrieveOnly;
    const open = plan.type === 'open';
    // With a model, an open question the lexical check finds weak goes to the model: its NO_ANSWER and the
    // citation check decide. Nothing retrieved, or nothing about the place asked, still refuses at once.
    const gate = refusal.refused && !(withModel && open && refusal.reason === 'low-coverage');
    if (gate) return done({ ...(await refusedBody(lang)), mode: chat ? 'llm' : 'extractive' });
    if (plan.summary)
      return { ...(await summarizeArticles(clock, plan, undefined, context, opts)), retrieval, refusal };

    // Quotes come from reports about the place asked about, when any are retrieved.
    const about = context.filter((p) => mentionsPlace(plan.places, p));
    const quoteFrom = about.length > 0 ? about : context;
    if (open && !withModel) {
      // Open questions: the matching articles whole (title, lead, key points), in place of their passages.
      const picked = openArticles(askedTerms, quoteFrom);
      const full = await catalog.articles(picked.map((p) => p.articleId)).catch(() => picked);
      const byId = new Map(full.map((a) => [a.articleId, a]));
      const used = new Set<string>();
      context = context.flatMap((p) => {
        const whole = byId.get(p.articleId);
        if (!whole) return [p];
        if (used.has(p.articleId)) return [];
        used.add(p.articleId);
        return [{ ...whole, rank: p.rank, fused: p.fused }];
      });
      const ex = openAnswer(quoteTerms, full);
      if (ex) return done({ ...ex, refused: false, mode: 'extractive' });
    }
    const extractive = (): QuotedAnswer | undefined => {
      const ex = extractiveAnswer(quoteTerms, quoteFrom, plan.wants, {
        slots: slotTerms(plan.searchText, retrieval.terms),
        type: plan.type,
        total: /有多少|共有?多少|一共|总共/.test(plan.searchText),
      });
      // "多少/哪天" answered by quotes holding no number or date about the topic is no answer: refuse instead.
      if (!ex || !quotesAnswer(ex.quotes, plan.wants, askedTerms)) return undefined;
      return { ...ex, text: ex.text.replace(/^报道原文：/, extractiveLead(lang)) };
    };
    if (chat && llm && !opts.retrieveOnly) {
      try {
        const { answerWithLlm } = await llm;
        const body = await answerWithLlm({
          chat,
          question: plan.standalone,
          lang,
          passages: context.slice(0, LLM_PASSAGES),
          opts,
        });
        // An answer without a valid citation is not an answer: refuse rather than repeat model knowledge.
        if (body.refused || body.citations.length === 0)
          return done({ ...(await refusedBody(lang)), mode: 'llm' });
        return done({ ...body, refused: false, mode: 'llm' });
      } catch (err) {
        log?.warn({ err }, 'LLM answer failed; falling back to extractive');
        const ex = extractive();
        const notice = lang === 'en' ? FALLBACK_NOTICE_EN : FALLBACK_NOTICE;
        if (ex) return done({ ...ex, refused: false, mode: 'fallback', notice });
        return done({ ...(await refusedBody(lang)), mode: 'fallback', notice });
      }
    }
    const ex = extractive();
    return done(
      ex
        ? { ...ex, refused: false, mode: 'extractive' }
        : { ...(await refusedBody(lang)), mode: 'extractive' },
    );
  }

  return {
    explain,
    async answer(question, opts) {
      return (await explain(question, opts)).answer;
    },
    async summarize(place, opts = {}) {
      const clock: Clock = { started: performance.now(), retrieveMs: 0 };
      const plan = await understandQuery(`总结${place}`, [], {});
      return (await explainSummary(clock, plan, place, opts)).answer;
    },
    places: () => catalog.places(),
    paragraph: (articleId, n) => catalog.paragraph(articleId, n),
    async search(query, limit) {
      const plan = await understandQuery(query, [], {});
      const retrieval = await retrieve(client, {
        collection,
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
    },
    stats: () => catalog.stats(),
  };
}
