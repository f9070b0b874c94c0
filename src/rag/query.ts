/**
 * Query understanding: normalise, detect language and places, resolve follow-ups into a standalone question
 * (conversation-state.ts offline, the LLM when one is given), spot summary requests, and guess what kind of
 * fact the question asks for (the extractive answerer prefers sentences holding that kind of fact).
 */
import { isMostlyLatin, normalizeQuery } from '../text/normalize.js';
import { detectPlaces } from '../text/places.js';
import type { Lang, Place, Turn } from '../types.js';
import { resolveQuestion, type Resolution, type ResolutionKind } from './conversation-state.js';
import type { Across } from '../text/place-scope.js';
import { openingName } from './entities.js';
import { acrossRequest } from './place-summary.js';
import { questionType, separateAsking, type QuestionType } from './question-type.js';
import type { TimeRange } from './time-range.js';

/** What kind of fact a question wants; drives sentence preference in extractive answers. */
export type Wants = 'date' | 'number' | 'person' | 'entity' | 'general';

export interface QueryPlan {
  /** The question as the user typed it. */
  original: string;
  /** Standalone question after normalisation and follow-up rewrite (in the user's language). */
  standalone: string;
  /** What retrieval searches: the standalone question, translated to Chinese for English questions. */
  searchText: string;
  lang: Lang;
  places: Place[];
  followUp: boolean;
  rewrittenBy?: 'rules' | 'llm';
  /** How conversation-state.ts resolved a follow-up (a swap, a reference, an elliptical question). */
  resolvedAs?: ResolutionKind;
  /** People and bodies a follow-up is about: passages headed by them come first (follow-up.ts). */
  focus?: string[];
  /** A swap's own words ("人社局"): the rest was carried over and weighs less in the refusal check. */
  ownWords?: string;
  /** The question asks for a summary ("总结…", "概括…"). */
  summary: boolean;
  /** The place to summarise ("总结一下深圳市政协的会议" → 深圳市), when one is named. */
  summaryPlace?: string;
  /** The summary asks across the places inside it ("甘肃各市…", "长治下辖各县…"): the level asked. */
  summaryAcross?: Across;
  wants: Wants;
  /** The answer type (question-type.ts): open questions get article-level answers. */
  type: QuestionType;
  /** The period the question asks about ("今年", "10月"): reports' dates are filtered to it (dated.ts). */
  time?: TimeRange;
  /** A period the question named that could not be applied: the archive has no dated report. */
  undatedPeriod?: string;
}

/** Optional LLM helpers (D1's rewriteFollowUp / translateQuery, bound to a chat model). */
export interface QueryHelpers {
  rewrite?: (turns: Turn[], question: string) => Promise<string>;
  translate?: (question: string) => Promise<string>;
}

/** "洛阳市" → "洛阳" (entities.ts; re-exported for the modules that take it from here). */
export { shortPlaceName } from './entities.js';

/** Guess the kind of fact asked for. Date words first: "几月几日" is a date, not a count. */
export function detectWants(q: string): Wants {
  if (/(哪天|哪一天|什么时候|何时|哪年|几月|几日|哪个月|日期|when)/i.test(q)) return 'date';
  if (/(多少|几|百分之|比例|比重|规模|增长|增幅|多大|多长|多久|how many|how much)/i.test(q)) return 'number';
  if (/(谁|哪位|何人|什么职务|担任|主席是|书记是|who)/i.test(q)) return 'person';
  if (/(什么|哪些|哪个|哪几|哪里|哪儿|which|what)/i.test(q)) return 'entity';
  return 'general';
}

// "总结表彰大会", "总结会" name a meeting, not a request.
const SUMMARY_WORDS = /(总结(?!表彰|大会|会)|概括|汇总|梳理|综述|归纳|summari[sz]e|summary)/i;

export function isSummaryRequest(q: string): boolean {
  return SUMMARY_WORDS.test(q);
}

/** "总结一下深圳市政协的会议" → the most specific place named, when the question asks for a summary. */
export function detectSummaryPlace(q: string, places: Place[]): string | undefined {
  if (!isSummaryRequest(q) && acrossRequest(q, places) === undefined) return undefined;
  // The most specific place wins ("广东省深圳市" → 深圳市): counties, then cities, then provinces.
  const order = { county: 0, city: 1, province: 2 } as const;
  const best = [...places].sort((a, b) => order[a.level] - order[b.level])[0];
  return best?.name;
}

/**
 * What retrieval searches for a resolved question. A question that refers back to the last answer ("这个走廊…",
 * "具体在几月？") also carries the title of the article that answer cited first, so that article's terms pull it up.
 */
function searchTextOf(standalone: string, lang: Lang, r: Resolution): string {
  if (lang !== 'zh') return standalone;
  // Spaces around the names a follow-up put in, so the segmenter cannot glue them to the next word ("张三有").
  const asked = separateAsking(standalone);
  // A bare name opening the question ("张某某有什么建议") is its own word too.
  const opener = openingName(asked);
  const focus = opener && !r.focus.includes(opener) ? [...r.focus, opener] : r.focus;
  const base =
    focus.length === 0
      ? asked
      : focus
          .reduce((t, f) => t.split(f).join(` ${f} `), asked)
          .replace(/ {2,}/g, ' ')
          .trim();
  const title = r.kind === 'reference' || r.kind === 'ellipsis' ? r.articles[0]?.title : undefined;
  return title && !standalone.includes(title) ? `${base} ${title}` : base;
}

/** The pure part: everything that needs no model. */
export function analyzeQuery(question: string, turns: Turn[] = []): QueryPlan {
  const normalized = normalizeQuery(question);
  const lang: Lang = isMostlyLatin(normalized) ? 'en' : 'zh';
  const resolution: Resolution =
    lang === 'zh'
      ? resolveQuestion(normalized, turns)
      : { standalone: normalized, kind: 'fresh', articles: [], focus: [] };
  const followUp = resolution.kind !== 'fresh';
  const standalone = resolution.standalone;
  const places = detectPlaces(standalone);
  const plan: QueryPlan = {
    original: question,
    standalone,
    searchText: searchTextOf(standalone, lang, resolution),
    lang,
    places,
    followUp,
    summary: isSummaryRequest(standalone),
    wants: detectWants(standalone),
    type: questionType(standalone),
  };
  if (followUp) {
    plan.rewrittenBy = 'rules';
    plan.resolvedAs = resolution.kind;
    if (resolution.focus.length > 0) plan.focus = resolution.focus;
    if (resolution.own !== undefined) plan.ownWords = resolution.own;
  }
  setSummaryPlace(plan, standalone);
  return plan;
}

/** The place a summary covers and, for "各市 / 下辖各县", the level it asks across. */
function setSummaryPlace(plan: QueryPlan, text: string): void {
  const summaryPlace = detectSummaryPlace(text, plan.places);
  if (summaryPlace === undefined) return;
  plan.summaryPlace = summaryPlace;
  plan.summary = true;
  const across = acrossRequest(text, plan.places);
  if (across !== undefined) plan.summaryAcross = across;
}

/**
 * Full understanding: the rules first, then the LLM where it helps (follow-up rewrite, translation of English
 * questions to Chinese for search). A failing LLM helper keeps the rule-based result.
 */
export async function understandQuery(
  question: string,
  turns: Turn[],
  helpers: QueryHelpers = {},
): Promise<QueryPlan> {
  const plan = analyzeQuery(question, turns);
  const normalized = normalizeQuery(question);
  if (helpers.rewrite && turns.length > 0 && (plan.followUp || plan.lang === 'en')) {
    try {
      const rewritten = normalizeQuery(await helpers.rewrite(turns, normalized));
      if (rewritten !== '') {
        plan.standalone = rewritten;
        plan.searchText = rewritten;
        plan.rewrittenBy = 'llm';
      }
    } catch {
      // keep the rule-based rewrite
    }
  }
  if (plan.lang === 'en' && helpers.translate) {
    try {
      const zh = normalizeQuery(await helpers.translate(plan.standalone));
      if (zh !== '') plan.searchText = zh;
    } catch {
      // search with the English text; BM25 may still match names and numbers
    }
  }
  if (plan.searchText !== plan.standalone) {
    plan.places = detectPlaces(plan.searchText);
    plan.wants = detectWants(plan.searchText);
    plan.type = questionType(plan.searchText);
    plan.summary = plan.summary || isSummaryRequest(plan.searchText);
    setSummaryPlace(plan, plan.searchText);
  }
  return plan;
}
