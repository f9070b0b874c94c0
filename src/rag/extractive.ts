/**
 * Offline answers: the report sentences that answer the question, quoted verbatim, each with its citation.
 * A sentence scores by the IDF-weighted query terms it holds; when the question asks for a date, a number or a
 * person, sentences holding one are preferred (the answer to "多少" is the sentence with the figure), and for a
 * number or date, quotes holding none (with a topic word of the question) are no answer at all (`quotesAnswer`).
 */
import { toShortNames } from '../text/bodies.js';
import { namesMember } from '../text/collectives.js';
import { detectPlaces } from '../text/places.js';
import { splitSentences } from '../text/sentences.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { Citation } from '../types.js';
import { citationOf } from './citation.js';
import { shortPlaceName, type Wants } from './query.js';
import type { QuestionType } from './question-type.js';
import { answerShape, shapeFit, type AnswerShape } from './answer-shape.js';
import { bindsSlot, contextIn, isStrictSlot } from './answerability.js';
import { headlineOfPassage, type Passage } from './retrieve.js';
import type { AskedSlot } from './slot.js';
import type { WeightedTerm } from './term-weights.js';

export interface Quote {
  sentence: string;
  passage: Passage;
  /** Index into passage.paragraphs of the paragraph holding the sentence. */
  paragraphIndex: number;
  score: number;
  /** How well it holds the kind of fact asked for (0–1), when the question has a type. */
  fit?: number;
  /** A neighbouring sentence quoted with this one: it holds the asked fact or the subject this one omits. */
  companion?: Companion;
  /** It (with its companion) binds the asked slot (answerability.ts), when one was given. */
  binds?: boolean;
}

export interface Companion {
  quote: Quote;
  /** It comes before the quote in reading order. */
  before: boolean;
}

const norm = (s: string): string => normalizeForMatch(s).toLowerCase();

const DATE = /(\d{1,2}月\d{1,2}日|\d{4}年(\d{1,2}月)?|[上中下]旬|年底|年初|月底|\d{1,2}月份?)/;
const NUMBER =
  /(\d+(\.\d+)?|[一二两三四五六七八九十百千万亿]+)\s*(%|个|条|次|项|家|名|位|人|年|大|场|批|件|万|亿|元|分钟|天|千|百|倍|户|所|处|类)/;
const PERSON =
  /(主席|副主席|书记|主任|委员|主委|厅长|局长|市长|省长|县长|区长|部长|会长|院长|常委|秘书长|代表|首相|总统|总理|外长|大使|发言人|专家|教授|院士|董事长|总经理|负责人|队长|校长)/;

/**
 * Bylines, speaker labels, photo credits and subheads ("市政协常委 谢惠兰", "本报记者 高新国 摄", "张晨骏建议：",
 * "整合科技要素提升创新效能"): short lines with no sentence inside. They say who or what, never answer.
 */
export function isLabel(sentence: string): boolean {
  const t = normalizeForMatch(sentence);
  if (/(摄影?|供图|图片来源|资料图片?)[)）]?$|^图[为：:]/.test(t)) return true;
  if (/^(本报|记者|通讯员|作者|编辑|责编|来源)/.test(t) && t.length <= 40 && !/[。！？]/.test(t)) return true;
  return t.length <= 30 && !/[。！？；!?;，,、]/.test(t.replace(/[：:]$/, ''));
}

/** How well a sentence holds the kind of fact asked for (0–1). */
export function fitsWants(sentence: string, wants: Wants): number {
  switch (wants) {
    case 'date':
      return DATE.test(sentence) ? 1 : 0;
    case 'number':
      return NUMBER.test(sentence) ? 1 : /\d/.test(sentence) ? 0.5 : 0;
    case 'person':
      return PERSON.test(sentence) ? 1 : 0;
    default:
      return 0;
  }
}

/**
 * Any numeral at all: digits, a percentage, a Chinese numeral with a unit ("十大", "三年", "两位数", "五千"), or a
 * rough count ("数十", "上百"). Deliberately broad: it only decides whether a quote can answer "多少" at all.
 */
const ANY_NUMERAL =
  /([0-9０-９]|百分之|[一二两三四五六七八九十百千万亿〇零]+\s*(%|个|条|次|项|家|名|位|人|年|大|场|批|件|万|亿|元|分钟|小时|天|日|月|周|千|百|倍|户|所|处|类|成|届|轮|期|季|座|台|辆|份|套|篇|部|支|种|门|组|村|镇|亩|吨|公里|米|平方|余|多)|(数|上|近|几|逾|超)[十百千万亿])/;
/** Any date or time: digits with 年/月/日, Chinese-numeral dates, or words a report dates an event with. */
const ANY_DATE =
  /(\d{1,4}\s*[年月日号]|[〇零一二三四五六七八九十]{2,4}年|[一二三四五六七八九十]{1,3}月|[上中下]旬|年[底初中]|月[底初]|今年|去年|明年|前年|近日|日前|当天|当日|次日|近期|上午|下午|晚上|春节|元旦|国庆|周[一二三四五六日末]|星期|\d{1,2}[:：]\d{2})/;

/** True when the sentence holds the kind of fact a "多少" / "哪天" question asks for; other questions always pass. */
export function holdsAskedFact(sentence: string, wants: Wants): boolean {
  if (wants === 'number') return ANY_NUMERAL.test(sentence);
  if (wants === 'date') return ANY_DATE.test(sentence);
  return true;
}

/**
 * Whether quotes can answer the question: for a number or date question, at least one quoted sentence must hold
 * a numeral (a date) together with one of the question's topic terms (`terms` with positive weight: places
 * weigh 0 there, so "汕尾市的人口有多少" needs 人口 and a number in one sentence, not just any sentence about 汕尾).
 */
export function quotesAnswer(quotes: string[], wants: Wants, terms: WeightedTerm[]): boolean {
  if (wants !== 'number' && wants !== 'date') return true;
  const topic = terms.filter((t) => t.weight > 0).map((t) => norm(t.term));
  return quotes.some((q) => {
    if (!holdsAskedFact(q, wants)) return false;
    const hay = norm(q);
    return topic.length === 0 || topic.some((t) => hay.includes(t));
  });
}

/** Weighted share of query terms in the sentence; terms only in `context` (the text before it) count less. */
function overlap(terms: WeightedTerm[], sentence: string, context = ''): { share: number; hit: Set<string> } {
  const total = terms.reduce((s, t) => s + t.weight, 0) || 1;
  const hay = norm(sentence);
  const before = norm(context);
  const hit = new Set<string>();
  let got = 0;
  for (const t of terms) {
    const n = norm(t.term);
    // A collective ("民主党派") is named by any of its members ("民盟").
    if (hay.includes(n) || namesMember(n, hay)) {
      got += t.weight;
      hit.add(t.term);
    } else if (before.includes(n) || namesMember(n, before)) {
      got += CONTEXT_CREDIT * t.weight;
    }
  }
  return { share: got / total, hit };
}

/**
 * A sentence is read with its neighbours and its paragraph's opening: "九三学社江苏省委会建议……。打造……平台" —
 * the second sentence answers, the first names who said it (or the other way round). Their terms count at
 * this share.
 */
const CONTEXT_CREDIT = 0.6;

/** Sentences too short to stand alone as an answer (headings, bylines) are not quoted on their own. */
const MIN_SENTENCE = 8;
const MAX_QUOTES = 3;

/**
 * Sentences of a paragraph as exact substrings, with a sentence that ends in a colon ("张君建议：") joined to
 * the one it introduces, so a quote never stops where the content starts.
 */
export function sentenceUnits(paragraph: string): string[] {
  const out: string[] = [];
  let from = 0;
  let open: { start: number } | undefined;
  for (const s of splitSentences(paragraph)) {
    const start = paragraph.indexOf(s, from);
    if (start < 0) continue;
    from = start + s.length;
    const unitStart = open?.start ?? start;
    if (/[：:]$/.test(s)) {
      open = { start: unitStart };
      continue;
    }
    out.push(withoutDateline(paragraph.slice(unitStart, from)));
    open = undefined;
  }
  if (open) out.push(withoutDateline(paragraph.slice(open.start, from)));
  return out;
}

/** "本报讯(记者 刘洋 通讯员 罗薇)" opens many reports; a quote starts after it (still a substring). */
const DATELINE = /^(本报讯|本报[^\s，。]{0,6}电)\s*([(（][^)）]{0,40}[)）])?\s*/;

function withoutDateline(unit: string): string {
  const rest = unit.replace(DATELINE, '');
  return rest.length > 0 ? rest : unit;
}

/** Slot words asking for a named document: the answer is the sentence holding a 《title》. */
const DOCUMENT_SLOT = /(文件|协议|方案|意见|办法|规划|计划|报告|名称|决定|条例|书)$/;

export interface RankOptions {
  /** Answer-slot words of the question ("什么平台" → 平台): a sentence holding one is likelier the answer. */
  slots?: Iterable<string>;
  maxPassages?: number;
  /** The question's answer type: sentences holding that kind of fact rank higher. */
  type?: QuestionType;
  /** "有多少": the question asks for a total, so a sentence stating one (建成/共有/累计) beats a sample. */
  total?: boolean;
  /** The question as searched: what it already names is not the answer (see answer-shape.ts). */
  question?: string;
  /** The asked slot: only sentences binding it answer (answerability.ts). */
  slot?: AskedSlot;
}

/** The answer shape for ranking, when the question has a type. */
function shapeOf(opts: RankOptions): AnswerShape | undefined {
  return opts.type ? answerShape(opts.question ?? '', opts.type) : undefined;
}

/** Words a report states a total with ("已建成…286个", "共有", "累计"), not a sample ("走访了15个"). */
const TOTAL_CUE = /(共有|建成|累计|总数|总量|全市|全省|全县|全区|全国|现有|已有|共计|总计|合计|达到|达)/;

/** A named thing next to the slot word: 台风“杜苏芮”, 第5号台风, “创青春”大赛. */
function namedSlot(sentence: string, slots: string[]): boolean {
  return slots.some((w) => {
    const e = escapeRegExp(w);
    return new RegExp(
      `(${e}[“"「《][^”"」》]{1,16}[”"」》]|[”"」》]${e}|第[\\d一二三四五六七八九十]+号${e})`,
    ).test(sentence);
  });
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const COUNT = '[\\d一二三四五六七八九十百千万两]+';

/**
 * 1 when the sentence holds the slot word — for a "how many" question, a number right before it ("18条对策建议");
 * for a document slot, a 《title》.
 */
function slotFit(sentence: string, slots: string[], wants: Wants, counted?: RegExp): number {
  if (counted?.test(sentence)) return 1;
  let best = 0;
  for (const w of slots) {
    if (wants === 'number') {
      if (new RegExp(`${COUNT}[^，。；,;\\d]{0,4}${escapeRegExp(w)}`).test(sentence)) return 1;
      if (new RegExp(`${escapeRegExp(w)}[^，。；,;\\d]{0,3}${COUNT}`).test(sentence)) return 1;
      if (sentence.includes(w)) best = 0.5;
    } else if (sentence.includes(w) || (DOCUMENT_SLOT.test(w) && /《[^》]+》/.test(sentence))) {
      return 1;
    }
  }
  return best;
}

/** What a "how many" question counts, as written after 多少/几 ("多少个社区养老服务综合体" → 社区养老服务综合体). */
const COUNTED = /(?:多少|几)[个项家条所座处名位批次]?([\u4e00-\u9fff]{2,12}?)[？?。，,！!]*$/;

/**
 * The counted phrase with a number right before or after it ("286个社区养老服务综合体", "…综合体286个"): a
 * multi-word phrase is one slot, so a sentence counting only its first word ("15个社区…") does not win alone.
 */
export function countedPhrase(question: string | undefined): RegExp | undefined {
  const phrase = question ? COUNTED.exec(question)?.[1] : undefined;
  if (!phrase) return undefined;
  const e = escapeRegExp(phrase);
  return new RegExp(`${COUNT}[^，。；,;\\d]{0,4}${e}|${e}[^，。；,;\\d]{0,3}${COUNT}`);
}

/** Scores every sentence of the top passages; best first. */
export function rankSentences(
  terms: WeightedTerm[],
  passages: Passage[],
  wants: Wants,
  opts: RankOptions = {},
): Quote[] {
  const slots = [...(opts.slots ?? [])].filter((w) => !genericSlot(w, opts.type));
  // "具体时间", "哪个城市": the class of the answer is no topic ("当地时间" holds no answer).
  if (opts.type) terms = terms.map((t) => (genericSlot(t.term, opts.type) ? { ...t, weight: 0 } : t));
  const shape = shapeOf(opts);
  const counted = wants === 'number' ? countedPhrase(opts.question) : undefined;
  const memo = new Map<string, number>();
  const fitOf = (s: string): number => {
    let f = memo.get(s);
    if (f === undefined) {
      f = shape ? shapeFit(s, shape) : fitsWants(s, wants);
      memo.set(s, f);
    }
    return f;
  };
  const out: Quote[] = [];
  for (const passage of passages.slice(0, opts.maxPassages ?? 5)) {
    // Higher-ranked passages get a small edge: retrieval saw the whole context, not just the sentence.
    const rankBoost = 0.1 / passage.rank;
    const unitsOf = paragraphUnits(passage);
    passage.paragraphTexts.forEach((_, paragraphIndex) => {
      const units = unitsOf(paragraphIndex);
      units.forEach((sentence, i) => {
        if (normalizeForMatch(sentence).length < MIN_SENTENCE) return;
        // A label ("嘉峪关市政协主席 王毅") answers only "who": never quoted for anything else.
        if (isLabel(sentence) && opts.type !== 'person') return;
        // The headline counts as context too: a speech titled "委员黄三文：…" never repeats the name.
        const near = new Set([headlineOfPassage(passage), units[0], units[i - 1], units[i + 1]]);
        near.delete(sentence);
        const { share } = overlap(terms, sentence, [...near].join(''));
        if (share === 0) return;
        const q: Quote = { sentence, passage, paragraphIndex, score: 0 };
        let typeFit = fitOf(sentence);
        // The asked person, agency, place or date is often named a sentence earlier or in the lead
        // ("…洪森会见王毅。…感谢中国…"): the pair answers, at a little less than one sentence holding both.
        if (shape && FACT_TYPES.has(shape.type) && typeFit < 0.5) {
          const subject = shape.type === 'person' || shape.type === 'org';
          const holder = factHolder(q, unitsOf, i, (s) => fitOf(s) >= 0.5, subject);
          if (holder) {
            typeFit = PAIR_FIT * fitOf(holder.quote.sentence);
            q.companion = holder;
          }
        }
        // "几条建议": a count right before the slot word says more than any number in the sentence.
        let fit =
          wants === 'number' && slots.length > 0
            ? 0.45 * slotFit(sentence, slots, wants, counted)
            : TYPE_WEIGHT * typeFit + 0.2 * slotFit(sentence, slots, wants);
        if (opts.total && TOTAL_CUE.test(sentence)) fit += 0.1;
        if (namedSlot(sentence, slots)) fit += 0.15;
        q.score = share + fit + rankBoost;
        if (shape) q.fit = typeFit;
        if (opts.slot) q.binds = quoteBinds(opts.slot, q, units, i);
        if (!q.companion) {
          // A sentence that leaves its subject to the one before ("与2022年同期相比，下降约7%。") is quoted with it.
          const prev = units[i - 1];
          if (prev !== undefined && !isLabel(prev)) {
            const own = overlap(terms, sentence).share;
            if (own < share * SUBJECT_SHARE && overlap(terms, prev).share > own)
              q.companion = { quote: { ...q, sentence: prev, score: q.score }, before: true };
          }
        }
        out.push(q);
      });
    });
  }
  return out.sort((a, b) => b.score - a.score);
}

/** The sentence binds the slot, alone or read with the companion that holds its fact or subject. */
function quoteBinds(slot: AskedSlot, q: Quote, units: string[], i: number): boolean {
  const ctx = contextIn(q.passage, q.paragraphIndex, units, i);
  if (bindsSlot(slot, ctx)) return true;
  const c = q.companion;
  if (!c) return false;
  const pair = c.before ? `${c.quote.sentence}${q.sentence}` : `${q.sentence}${c.quote.sentence}`;
  return bindsSlot(slot, { ...ctx, sentence: pair });
}

/** How much of a sentence's fit a neighbour holding the asked fact lends it. */
const PAIR_FIT = 0.7;
/** Weight of the answer type in a sentence's score (topic share weighs 1). */
const TYPE_WEIGHT = 0.35;
/** Below this share of its own terms (of the share with context), a sentence needs the one before. */
const SUBJECT_SHARE = 0.5;

const FACT_TYPES = new Set<QuestionType>(['person', 'org', 'place', 'date', 'ordinal']);

/** Slot words that only name the class of the answer ("哪个机构", "哪个城市"): holding them says nothing. */
const GENERIC_SLOT =
  /^(机构|部门|单位|组织|城市|地方|地区|国家|省份|地点|位置|场所|场馆|学校|医院|河道|时间|时候|日期|人|人员)$/;

function genericSlot(word: string, type: QuestionType | undefined): boolean {
  return (type === 'place' || type === 'org' || type === 'date') && GENERIC_SLOT.test(word);
}

/** Sentence units per paragraph of a passage, split once. */
function paragraphUnits(passage: Passage): (paragraphIndex: number) => string[] {
  const cache: string[][] = [];
  return (i) => (cache[i] ??= sentenceUnits(passage.paragraphTexts[i] ?? ''));
}

/**
 * The sentence holding the asked fact for a quote that lacks it: the one before (or the end of the paragraph
 * before), the paragraph's opening, the one after, then the article's lead (when the passage starts at the
 * article's first paragraph). A `subject` (who did it) is looked for in the lead before the sentence after.
 */
function factHolder(
  q: Quote,
  unitsOf: (paragraphIndex: number) => string[],
  i: number,
  holds: (s: string) => boolean,
  subject: boolean,
): Companion | undefined {
  const units = unitsOf(q.paragraphIndex);
  const here = (j: number, before: boolean): Companion | undefined => {
    const s = units[j];
    return j !== i && s !== undefined && !isLabel(s) && holds(s)
      ? { quote: { ...q, sentence: s }, before }
      : undefined;
  };
  // A sentence without a subject takes it from before: the sentence before, the end of the paragraph before.
  const before = here(i - 1, true);
  if (before) return before;
  if (i === 0 && q.paragraphIndex > 0) {
    const last = unitsOf(q.paragraphIndex - 1).at(-1);
    if (last !== undefined && !isLabel(last) && holds(last))
      return { quote: { ...q, sentence: last, paragraphIndex: q.paragraphIndex - 1 }, before: true };
  }
  const opening = here(0, true);
  if (opening) return opening;
  // Who did it (a person, an agency) is a subject, told before; a place or date may come in the next sentence.
  const next = subject ? undefined : here(i + 1, false);
  if (next) return next;
  if (q.paragraphIndex > 0 && q.passage.paragraphs[0] === 1) {
    const lead = unitsOf(0)
      .slice(0, LEAD_UNITS)
      .find((s) => !isLabel(s) && holds(s));
    if (lead !== undefined) return { quote: { ...q, sentence: lead, paragraphIndex: 0 }, before: true };
  }
  return subject ? here(i + 1, false) : undefined;
}

/** Sentences of the article's first paragraph that count as its lead. */
const LEAD_UNITS = 2;

/** A quote ending in a colon at the end of its paragraph continues in the next paragraph's first sentence. */
function continuation(q: Quote): Quote | undefined {
  if (!/[：:]$/.test(q.sentence)) return undefined;
  const next = q.passage.paragraphTexts[q.paragraphIndex + 1];
  const first = next === undefined ? undefined : sentenceUnits(next)[0];
  return first ? { ...q, sentence: first, paragraphIndex: q.paragraphIndex + 1 } : undefined;
}

/**
 * The quotes for an answer: the best sentence, plus up to two more that are nearly as good and bring query
 * terms the first did not (a multi-part question), never the same sentence twice.
 */
export function pickQuotes(terms: WeightedTerm[], ranked: Quote[]): Quote[] {
  const first = ranked[0];
  if (!first) return [];
  const picked = [first];
  const cont = continuation(first);
  if (cont) picked.push(cont);
  const covered = overlap(terms, first.sentence).hit;
  for (const q of ranked.slice(1)) {
    if (picked.length >= MAX_QUOTES) break;
    if (q.score < first.score * 0.75) break;
    if (picked.some((p) => norm(p.sentence) === norm(q.sentence))) continue;
    const hit = overlap(terms, q.sentence).hit;
    const adds = [...hit].some((t) => !covered.has(t));
    // Another report stating the asked kind of fact nearly as well: the question may mean either.
    const rival =
      q.passage.articleId !== first.passage.articleId &&
      q.score >= first.score * RIVAL &&
      (q.fit ?? 0) >= 0.5 &&
      (first.fit ?? 0) >= 0.5;
    if (!adds && !rival) continue;
    for (const t of hit) covered.add(t);
    picked.push(q);
  }
  return picked;
}

const RIVAL = 0.9;

/** A citation for one quoted sentence: the paragraph holding it, exactly as stored. */
export function citationFor(q: Quote, n: number): Citation {
  return citationOf(q.passage, n, [q.paragraphIndex], q.sentence);
}

export interface QuotedAnswer {
  text: string;
  citations: Citation[];
  /** The quoted sentences, in order (what the answer claims, without lead or markers). */
  quotes: string[];
}

/**
 * A sentence in quote marks, without doubling the report's own: a sentence that opens or closes with its own
 * quotation ("“养老服务不能只挂牌子……”市政协委员刘晓燕建议……") is shown as written.
 */
export function quoted(sentence: string): string {
  return /^[“"「『]/.test(sentence) || /[”"」』][。！？]?$/.test(sentence) ? sentence : `“${sentence}”`;
}

/**
 * Formats quotes as an honest extractive answer: "报道原文：“…”[1]"; several quotes go one per line, after
 * `bullet`. Quotes from the same paragraph share one citation number.
 */
export function formatQuotes(quotes: Quote[], lead = '报道原文：', bullet = ''): QuotedAnswer {
  const citations: Citation[] = [];
  const lines: string[] = [];
  for (const q of quotes) {
    const para = q.passage.paragraphs[q.paragraphIndex];
    let c = citations.find((x) => x.articleId === q.passage.articleId && x.paragraphs[0] === para);
    if (!c) {
      c = citationFor(q, citations.length + 1);
      citations.push(c);
    }
    lines.push(`${bullet}${quoted(q.sentence)}[${c.n}]`);
  }
  const text = lines.length === 1 && bullet === '' ? `${lead}${lines[0]}` : `${lead}\n${lines.join('\n')}`;
  return { text, citations, quotes: quotes.map((q) => q.sentence) };
}

/** The extractive answer for a question over retrieved passages (undefined when no sentence matches). */
export function extractiveAnswer(
  terms: WeightedTerm[],
  passages: Passage[],
  wants: Wants,
  opts: RankOptions = {},
): QuotedAnswer | undefined {
  const ranked = rankSentences(terms, passages, wants, opts);
  let picked = pickQuotes(terms, ranked);
  // Quotes none of which binds the asked slot (a trip to the place, a list naming the body) are no answer:
  // the best binding sentences answer instead, and without one there is no answer.
  if (opts.slot && isStrictSlot(opts.slot) && !picked.some((q) => q.binds === true))
    picked = pickQuotes(
      terms,
      ranked.filter((q) => q.binds === true),
    );
  if (opts.slot) picked = withOwnArticle(picked, ranked, opts.slot);
  const quotes = inReadingOrder(picked);
  return quotes.length > 0 ? formatQuotes(quotes.slice(0, MAX_QUOTES + 1)) : undefined;
}

/**
 * A question about a named body or person ("X局有什么回应") is best answered by X's own article — a section
 * headed with X's name ("市X局"), or a headline X speaks in ("X：…") — even when another report, naming X in
 * passing ("X、Y等部门作了回应"), matches the question's words better. Its best sentence joins the quotes,
 * second, when none is from it yet.
 */
function withOwnArticle(picked: Quote[], ranked: Quote[], slot: AskedSlot): Quote[] {
  const named = slot.entities.filter((e) => e.kind === 'named').map((e) => e.text);
  if (named.length === 0 || picked.length === 0) return picked;
  const own = (q: Quote): boolean => named.some((name) => headedBy(q.passage.title, name));
  if (picked.some(own)) return picked;
  const best = ranked.find((q) => own(q) && q.binds !== false && !isLabel(q.sentence));
  if (!best) return picked;
  return [picked[0] as Quote, best, ...picked.slice(1)].slice(0, MAX_QUOTES);
}

/** The entity a headline is about as a whole: "长治市科技局" and "市科技局" are 科技局's; "X：…" is X's. */
function headedBy(title: string, name: string): boolean {
  const head = bareEntity(toShortNames(normalizeForMatch(title)).split(/[：:]/)[0] ?? '');
  const entity = bareEntity(toShortNames(normalizeForMatch(name)));
  return entity.length >= 2 && head === entity;
}

/** Without the place or level word it opens with, or a bracketed second name ("X局(Y局)"). */
function bareEntity(text: string): string {
  let t = text.replace(/[(（][^)）]*[)）]$/, '').trim();
  const place = detectPlaces(t).find((p) => t.startsWith(p.name) || t.startsWith(shortPlaceName(p.name)));
  if (place) t = t.slice(t.startsWith(place.name) ? place.name.length : shortPlaceName(place.name).length);
  return t.replace(/^[省市县区州]/, '');
}

/** Quotes in reading order with the best one's companion, each sentence of a paragraph once. */
export function inReadingOrder(quotes: Quote[]): Quote[] {
  const out: Quote[] = [];
  const seen = new Set<string>();
  const add = (q: Quote): void => {
    const key = `${q.passage.articleId}#${q.passage.paragraphs[q.paragraphIndex]}#${norm(q.sentence)}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(q);
  };
  for (const [i, q] of quotes.entries()) {
    const c = i === 0 ? q.companion : undefined;
    if (c?.before) add(c.quote);
    add(q);
    if (c && !c.before) add(c.quote);
  }
  return out;
}
