/**
 * Query understanding: normalise, detect language and places, spot follow-ups and rewrite them into a
 * standalone question (rules offline, the LLM when one is given), spot summary requests, and guess what kind of
 * fact the question asks for (the extractive answerer prefers sentences holding that kind of fact).
 */
import { tagWords } from '../text/tokenize.js';
import { isMostlyLatin, normalizeQuery } from '../text/normalize.js';
import { detectPlaces } from '../text/places.js';
import type { Lang, Place, Turn } from '../types.js';
import type { Across } from '../text/place-scope.js';
import { acrossRequest } from './place-summary.js';
import { questionType, separateAsking, type QuestionType } from './question-type.js';

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
  /** The question asks for a summary ("总结…", "概括…"). */
  summary: boolean;
  /** The place to summarise ("总结一下深圳市政协的会议" → 深圳市), when one is named. */
  summaryPlace?: string;
  /** The summary asks across the places inside it ("甘肃各市…", "长治下辖各县…"): the level asked. */
  summaryAcross?: Across;
  wants: Wants;
  /** The answer type (question-type.ts): open questions get article-level answers. */
  type: QuestionType;
}

/** Optional LLM helpers (D1's rewriteFollowUp / translateQuery, bound to a chat model). */
export interface QueryHelpers {
  rewrite?: (turns: Turn[], question: string) => Promise<string>;
  translate?: (question: string) => Promise<string>;
}

const PLACE_SUFFIX = /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|县|区|盟|旗)$/;

/** "嘉峪关市" → "嘉峪关": how places are usually written in running text and questions. */
export function shortPlaceName(name: string): string {
  const s = name.replace(PLACE_SUFFIX, '');
  return s.length >= 2 ? s : name;
}

/** Guess the kind of fact asked for. Date words first: "几月几日" is a date, not a count. */
export function detectWants(q: string): Wants {
  if (/(哪天|哪一天|什么时候|何时|哪年|几月|几日|哪个月|日期|when)/i.test(q)) return 'date';
  if (/(多少|几|百分之|比例|比重|规模|增长|增幅|多大|多长|多久|how many|how much)/i.test(q)) return 'number';
  if (/(谁|哪位|何人|什么职务|担任|主席是|书记是|who)/i.test(q)) return 'person';
  if (/(什么|哪些|哪个|哪几|哪里|哪儿|which|what)/i.test(q)) return 'entity';
  return 'general';
}

const SUMMARY_WORDS = /(总结|概括|汇总|梳理|综述|归纳|summari[sz]e|summary)/i;

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

const FOLLOW_UP_START = /^(那么?|那个|还有|另外|再问|再说说|以及|和|跟)/;
const FOLLOW_UP_END = /(呢|怎么样|如何)[?？。!！]*$/;
const PRONOUN = /(他们|她们|他|她|它|该|这位|那位|此人|这个|上述|前者|后者)/;
const PRONOUN_START = /^(他们|她们|他|她|它|该|这位|那位|此人)/;

/**
 * A follow-up only makes sense with the previous turn: a short "那X呢？", or a question that starts with a
 * pronoun ("他还说了什么"). Long self-contained questions are never treated as follow-ups.
 */
export function isFollowUp(q: string, hasHistory: boolean): boolean {
  if (!hasHistory) return false;
  const core = q.replace(/[?？。!！\s]/g, '');
  if (core.length <= 12 && (FOLLOW_UP_START.test(core) || FOLLOW_UP_END.test(q))) return true;
  if (PRONOUN_START.test(core)) return true;
  return core.length <= 10 && PRONOUN.test(core);
}

const TITLE = '委员|常委|主席|副主席|书记|主任|代表|院士|教授|秘书长|主委';
/** "黄三文委员", "委员黄三文": 2–3 characters right before or after a title. */
const NAME_BEFORE_TITLE = new RegExp(`(\\p{Script=Han}{2,3}?)(?:${TITLE})`, 'gu');
const NAME_AFTER_TITLE = new RegExp(
  `(?:${TITLE})(\\p{Script=Han}{2,3}?)(?=建议|认为|提出|表示|说|指出|强调|介绍|呼吁|$)`,
  'gu',
);
/** Words that end organisation names, never people ("市政协委员"). */
const NOT_A_NAME = /(政协|协|市|省|县|区|会|局|委|厅|部|党|社|盟|组|国|员)/;

/** Person names in order of appearance: name + title patterns first, then jieba's POS tag "nr". */
export function personNames(text: string): string[] {
  const out: string[] = [];
  for (const re of [NAME_BEFORE_TITLE, NAME_AFTER_TITLE]) {
    for (const m of text.matchAll(re)) {
      const name = m[1];
      if (name && !NOT_A_NAME.test(name) && !out.includes(name)) out.push(name);
    }
  }
  for (const w of tagWords(text)) {
    if (w.tag === 'nr' && w.word.length >= 2 && !out.includes(w.word)) out.push(w.word);
  }
  return out;
}

/** The place as written in `text` (full or short form), if it is written there. */
function surfaceOf(place: Place, text: string): string | undefined {
  if (text.includes(place.name)) return place.name;
  const short = shortPlaceName(place.name);
  return text.includes(short) ? short : undefined;
}

/**
 * Offline follow-up rewrite.
 * - "那嘉峪关呢？" after "白银市政协开展了几次招商考察？" → the previous question with the place swapped.
 * - "他还说了什么" → the pronoun replaced by the previous subject (a person, else the place), so retrieval
 *   stays on that subject.
 */
export function rewriteByRules(q: string, previous: string): string {
  const core = q
    .replace(/[?？。!！\s]/g, '')
    .replace(FOLLOW_UP_START, '')
    .replace(/(呢|怎么样|如何)$/, '');
  const newPlaces = detectPlaces(core);
  const prevPlaces = detectPlaces(previous);
  if (newPlaces.length > 0) {
    const fresh = newPlaces[0];
    const old = prevPlaces.find((p) => surfaceOf(p, previous) !== undefined);
    const oldSurface = old ? surfaceOf(old, previous) : undefined;
    if (fresh && old && oldSurface) {
      // Keep the previous question's suffix style: "白银市政协" → "嘉峪关市政协".
      const replacement = oldSurface === old.name ? fresh.name : shortPlaceName(fresh.name);
      const swapped = previous.split(oldSurface).join(replacement);
      const rest = core.replace(surfaceOf(fresh, core) ?? '', '');
      return rest.length > 0 ? `${swapped} ${rest}` : swapped;
    }
    return `${core} ${previous}`;
  }
  const subject = personNames(previous)[0] ?? prevPlaces.map((p) => surfaceOf(p, previous)).find(Boolean);
  if (subject && PRONOUN.test(core)) return core.replace(PRONOUN, subject);
  // A topic swap without a place ("那科技创新呢？"): keep the previous places, ask about the new topic.
  const placeWords = prevPlaces
    .map((p) => surfaceOf(p, previous))
    .filter((s): s is string => s !== undefined);
  return [...placeWords, ...(subject && !placeWords.includes(subject) ? [subject] : []), core].join(' ');
}

/** The pure part: everything that needs no model. */
export function analyzeQuery(question: string, turns: Turn[] = []): QueryPlan {
  const normalized = normalizeQuery(question);
  const lang: Lang = isMostlyLatin(normalized) ? 'en' : 'zh';
  const previous = turns.at(-1)?.question;
  const followUp = lang === 'zh' && isFollowUp(normalized, previous !== undefined);
  const standalone =
    followUp && previous !== undefined ? rewriteByRules(normalized, normalizeQuery(previous)) : normalized;
  const places = detectPlaces(standalone);
  const plan: QueryPlan = {
    original: question,
    standalone,
    searchText: lang === 'zh' ? separateAsking(standalone) : standalone,
    lang,
    places,
    followUp,
    summary: isSummaryRequest(standalone),
    wants: detectWants(standalone),
    type: questionType(standalone),
  };
  if (followUp) plan.rewrittenBy = 'rules';
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
