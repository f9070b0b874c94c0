/**
 * The summary step: all articles of a place (or the retrieved ones) summarized by the LLM with checked citations,
 * or extractively offline and when the LLM fails.
 */
import { detectPlaces } from '../text/places.js';
import { normalizeQuery } from '../text/normalize.js';
import {
  finish,
  modelFor,
  refusedBody,
  type Clock,
  type Core,
  type Explained,
  type ExplainOptions,
} from './core.js';
import { shortPlaceName, type QueryPlan } from './query.js';
import type { Passage } from './retrieve.js';
import { newestReports, nothingInPeriod } from './dated.js';
import { articlesForPlace, MAX_SUMMARY_ARTICLES, placesMeant } from './place-summary.js';
import { byArticle, summarizeExtractive, topicTerms } from './summary.js';
import {
  FALLBACK_NOTICE,
  FALLBACK_NOTICE_EN,
  noArticlesFor,
  notInReports,
  onlyMentionedIn,
  summaryLead,
} from './wording.js';

/** Resolves "深圳" / "深圳市" / "广东深圳" to a stored place name. */
async function resolvePlace(core: Core, place: string): Promise<string | undefined> {
  const known = await core.catalog.places();
  const names = new Set(known.map((p) => p.name));
  for (const p of detectPlaces(normalizeQuery(place))) if (names.has(p.name)) return p.name;
  const q = normalizeQuery(place).replace(/(政协|的|会议|报道|情况)+$/g, '');
  return known.find((p) => p.name === q || shortPlaceName(p.name) === q)?.name;
}

/** Summarizes the given passages' articles; `place` names them in the lead (else the question does). */
export async function summarizeArticles(
  core: Core,
  clock: Clock,
  plan: QueryPlan,
  place: string | undefined,
  articles: Passage[],
  opts: ExplainOptions,
): Promise<Explained> {
  const lang = opts.lang ?? plan.lang;
  articles = byArticle(articles);
  // A period is part of what is summarised: "深圳市10月".
  const label = place !== undefined && plan.time ? `${place}${plan.time.words}` : (place ?? plan.searchText);
  const topic = topicTerms(plan.searchText, place ?? '');
  if (articles.length === 0) {
    const places = await core.catalog.places().catch(() => []);
    const text = plan.time
      ? nothingInPeriod(plan.time, await newestReports(core), lang, place)
      : place
        ? noArticlesFor(place, lang, places)
        : notInReports(lang, places);
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
  // A place's summary quotes one point from each of its articles (up to the cap); retrieved passages keep 8.
  const maxQuotes = place ? Math.min(Math.max(8, articles.length), MAX_SUMMARY_ARTICLES) : 8;
  const model = modelFor(core, opts);
  if (model) {
    try {
      const { summarizeWithLlm } = await model.llm;
      const body = await summarizeWithLlm({ chat: model.chat, lang, label, articles, opts });
      if (body)
        return {
          answer: finish(clock, plan, { ...body, refused: false, mode: 'llm' }, lang),
          plan,
          context: articles,
        };
    } catch (err) {
      core.log?.warn({ err }, 'LLM summary failed; falling back to extractive');
      const ex = summarizeExtractive(articles, lead, topic, maxQuotes);
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
  const ex = summarizeExtractive(articles, lead, topic, maxQuotes);
  const body = ex ? { ...ex, refused: false } : await refusedBody(core, lang);
  return { answer: finish(clock, plan, { ...body, mode: 'extractive' }, lang), plan, context: articles };
}

/**
 * "总结深圳": every stored article about the place or a place inside it (not just the retrieved passages, not
 * those that only travel there); "各市 / 下辖各县" only those of the places inside it at that level.
 */
export async function summarizePlace(
  core: Core,
  clock: Clock,
  plan: QueryPlan,
  place: string,
  opts: ExplainOptions,
): Promise<Explained> {
  const t = performance.now();
  const resolved = (await resolvePlace(core, place)) ?? place;
  const stored = await core.catalog.articlesOf(resolved, plan.time);
  const known =
    plan.places.find((p) => p.name === resolved) ?? detectPlaces(resolved).find((p) => p.name === resolved);
  const articles = known
    ? articlesForPlace(stored, placesMeant(known, plan.standalone), plan.summaryAcross)
    : stored;
  clock.retrieveMs = performance.now() - t;
  if (articles.length === 0 && stored.length > 0 && plan.summaryAcross === undefined) {
    // Reports that only travel there: no summary of the place's work, but say where it is mentioned.
    const text = onlyMentionedIn(
      resolved,
      stored.map((a) => a.title),
      opts.lang ?? plan.lang,
    );
    const body = { text, citations: [], refused: true, mode: 'extractive' as const };
    return { answer: finish(clock, plan, body, opts.lang ?? plan.lang), plan, context: [] };
  }
  return summarizeArticles(core, clock, plan, resolved, articles, opts);
}
