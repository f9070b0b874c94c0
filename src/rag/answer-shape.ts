/**
 * The shape of the answer a factoid question asks for, and how well one sentence holds it (pure). A 谁 question
 * wants a person the question does not already name, 哪个机构 an organisation, 哪里 a place, 何时 a date (哪一年 a
 * year, 具体时间 a time of day), 多少 a number with its unit that is not a date (增长了多少 a percentage, 多久 a
 * duration). Names the question itself holds never count: "谁要求…释放总统巴祖姆" is not answered by 巴祖姆.
 * All regexes are compiled once here; the per-sentence work is a few regex scans and the cached jieba tags.
 */
import { normalizeForMatch } from '../text/normalize.js';
import { detectPlaces } from '../text/places.js';
import { tagWords } from '../text/tokenize.js';
import { shortPlaceName } from './query.js';
import type { QuestionType } from './question-type.js';

export type NumberKind = 'count' | 'percent' | 'duration';
export type DateKind = 'day' | 'year' | 'time' | 'range';

export interface AnswerShape {
  type: QuestionType;
  /** The normalised question: entities written in it are not the answer. */
  asked: string;
  number?: NumberKind;
  date?: DateKind;
  /** "冒充什么身份" → 冒充 / 身份: the answer is what the verb takes, often right before the class noun. */
  verb?: string;
  /** "把食品…输送到": the answer before the verb (compiled once per question). */
  ba?: RegExp;
  slot?: string;
  /** "哪所学校", "哪个城市", "哪条河道": a name of that class ("…小学", "…市", "…河") is the answer. */
  named?: RegExp;
  /** The class noun as the question writes it after the interrogative ("什么常委会议" → 会议). */
  className?: string;
}

/** Class nouns a question names its answer by, and how a name of that class ends. */
const CLASS_NAMES: [RegExp, RegExp][] = [
  [/(学校|哪所)/, /\p{Script=Han}{2,}(小学|中学|大学|学院|学校|幼儿园)/gu],
  [/医院/, /\p{Script=Han}{2,}医院/gu],
  [/(城市|哪个市)/, /\p{Script=Han}{2,}市(?!场|民|级|委|政)/gu],
  [/(省份|哪个省)/, /(\p{Script=Han}{2,}省|内蒙古|广西|西藏|宁夏|新疆|北京|天津|上海|重庆)/gu],
  [/(河道|哪条河)/, /\p{Script=Han}{1,}(河|江)(道|段)?/gu],
  [/(会议|哪个会)/, /\p{Script=Han}{2,}(会议|座谈会|大会|论坛|峰会|博览会)/gu],
  [/(比赛|赛事)/, /\p{Script=Han}{2,}(比赛|大赛|锦标赛|联赛|运动会|大运会|奥运会)/gu],
  [/(机场)/, /\p{Script=Han}{2,}机场/gu],
];

/** The interrogative a "what/which" question asks with; the words around it frame the answer. */
const WHAT = /^(什么样?|哪些|哪个|哪种|哪类|哪项|哪几|何种|啥)$/;
/** Words between the verb and the interrogative that carry nothing ("视察了哪些", "提醒的是哪些人"). */
const GLUE = /^(了|过|着|的是)$/;

/** The verb before "什么/哪些" and the noun after it, from the question's jieba tags. */
function predicate(asked: string): { verb?: string; slot?: string } {
  const words = tagWords(asked);
  const at = words.findIndex((w) => WHAT.test(w.word));
  if (at < 0) return {};
  // "X是什么" asks what X is: no verb takes the answer ("要求是什么" is not 要求 + object).
  let j = at - 1;
  for (;;) {
    const w = words[j]?.word ?? '';
    if (GLUE.test(w)) j--;
    else if (w === '是' && words[j - 1]?.word === '的') j -= 2;
    else break;
  }
  const v = words[j];
  const out: { verb?: string; slot?: string } = {};
  if (v && /^v/.test(v.tag) && v.word.length >= 2) out.verb = v.word;
  // The head of the noun phrase after the interrogative: "哪些重要军工厂" → 军工厂, "什么历史经历" → 经历.
  for (let k = at + 1; k < words.length; k++) {
    const w = words[k];
    if (!w || !/^(n|a|b)/.test(w.tag)) break;
    if (/^n/.test(w.tag) && w.word.length >= 2) out.slot = w.word;
  }
  return out;
}

const PERCENT_Q = /(增长|增加|下降|减少|上涨|下跌|提高|降低|比例|比重|占比|百分之|增幅|降幅|涨幅|同比|环比)/;
const DURATION_Q = /(多久|多长时间|多少年|多少天|几年|几天|几个月|多少个月|多少小时|几个小时|多长)/;
const YEAR_Q = /(哪一?年|何年|年份|几几年)/;
const RANGE_Q = /(时间段|期间|时段|起止|从什么时候到)/;
const TIME_Q = /(具体时间|几点|几时|什么时间(?!段)|哪个时间(?!段))/;

/** The question from its interrogative on ("…开展了什么常委会议" → "什么常委会议"); all of it without one. */
function askedPart(asked: string): string {
  const at = asked.search(/什么|哪|何[种时地处人]|啥|多少|几/);
  return at < 0 ? asked : asked.slice(at);
}

export function answerShape(question: string, type: QuestionType): AnswerShape {
  const asked = normalizeForMatch(question);
  const shape: AnswerShape = { type, asked };
  if (type === 'fact' || type === 'list') {
    Object.assign(shape, predicate(asked));
    if (shape.verb) shape.ba = new RegExp(`把[^，。；]{2,24}${shape.verb}`);
  }
  if (type === 'place' || type === 'org' || type === 'fact' || type === 'list') {
    // The class is what the interrogative asks for ("开了什么会议"), not a word before it ("会议聚焦什么").
    const part = askedPart(asked);
    const cls = CLASS_NAMES.find(([q]) => q.test(part));
    if (cls) {
      shape.named = cls[1];
      const word = cls[0].exec(part)?.[0];
      if (word !== undefined && !word.startsWith('哪')) shape.className = word;
    }
  }
  if (type === 'number')
    shape.number = DURATION_Q.test(asked) ? 'duration' : PERCENT_Q.test(asked) ? 'percent' : 'count';
  if (type === 'date')
    shape.date = RANGE_Q.test(asked)
      ? 'range'
      : YEAR_Q.test(asked)
        ? 'year'
        : TIME_Q.test(asked)
          ? 'time'
          : 'day';
  return shape;
}

/** Titles and roles that name who did something ("土耳其总统埃尔多安", "鉴定专家", "西共体领导人"). */
const ROLE =
  /(主席|书记|主任|委员|主委|厅长|局长|市长|省长|县长|区长|部长|会长|院长|常委|秘书长|代表|首相|总统|总理|外长|大使|领事|参赞|发言人|专家|教授|院士|董事长|总经理|首席执行官|创始人|负责人|队长|校长|议长|领导人|官员|辅警|民警|医生|运动员|选手)/gu;
const ROLE_END = new RegExp(`${ROLE.source}$`, 'u');
/** Transliterated names: "琳达·亚卡里诺", "穆斯塔法·凯末尔·阿塔图尔克". */
const FOREIGN_NAME = /\p{Script=Han}{1,8}(?:[·・]\p{Script=Han}{1,8})+/gu;

const ORG =
  /\p{Script=Han}{2,}?(委员会|办公室|管理局|局|厅|署|中心|公司|集团|银行|大学|学院|小学|中学|学校|医院|政府|协会|学会|研究所|研究院|联合会|基金会|总队|支队|电视台|报社|法院|检察院|大使馆|使馆|领事馆|组织|部(?=[，。、和与及的发表宣布指出表示称等]|$))/gu;
/** A character right before an organisation word that means no name precedes it. */
const BARE_BEFORE = /[在和与及、等的为向到从被由对给是了]/;
/** Words ending like an agency that are none ("新发展格局", "全局"). */
const NOT_ORG = /(格局|布局|大局|全局|结局|当局|骗局|开局|残局|平局)$/;

const PLACE_EVENT =
  /(在|于|位于|落户|来到|走进|赴)\p{Script=Han}{2,16}(举行|举办|召开|开幕|开营|开展|进行|建设|设立|发生|接受)/u;
const VENUE =
  /(在|于|位于)\p{Script=Han}{2,16}(中心|广场|馆|礼堂|大厦|酒店|宾馆|公园|机场|港口?|码头|小学|中学|大学|学校|医院|会场|河道|村|镇|街道|社区)/u;
const ORDINAL = /第[一二三四五六七八九十百千〇零\d]+/;

const UNIT =
  '(%|％|个百分点|百分点|个|条|次|项|家|名|位|人|场|批|件|万|亿|元|美元|英镑|欧元|日元|分钟|小时|秒|天|周|个月|月|年|岁|千|百|倍|户|所|处|类|公里|千米|米|厘米|毫米|吨|公斤|千克|克|亩|公顷|平方|立方|度|℃|辆|架|艘|枚|座|台|套|份|篇|部|支|种|门|组|村|镇|级|成|届|轮|期|季|余|多)';
const NUMBER = new RegExp(`(\\d+(\\.\\d+)?|[一二两三四五六七八九十百千万亿]+|数[十百千万])\\s*${UNIT}`, 'u');
const QUANTITIES = new RegExp(NUMBER.source, 'gu');

/** Quantities a sentence states, numeral and unit apart: "800人" → 800/人, "三份" → 三/份, "数十个" → 数十/个. */
export function quantities(s: string): { numeral: string; unit: string }[] {
  return [...s.matchAll(QUANTITIES)].map((m) => ({ numeral: m[1] ?? '', unit: m[3] ?? '' }));
}
const PERCENT = /(\d+(\.\d+)?\s*(%|％|个?百分点)|百分之|[一二三四五六七八九]成)/;
const DURATION =
  /(\d+(\.\d+)?|[一二两三四五六七八九十百千半数]+)\s*(个多?)?(小时|分钟|秒|天|日|周|星期|个?月|年|周年)(之久|左右|多)?/;
/** Dates and clock times are no quantity: removed before a sentence is read for a number. */
const DATE_SPAN =
  /(\d{4}\s*年(\d{1,2}\s*月)?(\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月份?|(?<![\d第])\d{1,2}\s*[日号]|\d{4}-\d{1,2}-\d{1,2}(\s*\d{1,2}:\d{2}(:\d{2})?)?|\d{1,2}[:：]\d{2}|\d{1,2}\s*[时点](\d{1,2}分)?)/g;

const CLOCK = /(\d{1,2}\s*[时点]|\d{1,2}[:：]\d{2}|[上下]午|凌晨|傍晚|晚上|中午|早上)/;
const DAY =
  /(\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?<![\d第])\d{1,2}\s*[日号]|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日)/;
const MONTH = /(\d{1,2}\s*月|[上中下]旬|月[初底中]|[一二三四五六七八九十]{1,3}月)/;
const YEAR = /(\d{4}\s*年|[〇零一二三四五六七八九]{4}年)/;
/** Two dates joined as a span: "2023年9月至2024年3月底", "7月1日—8月31日". */
const DATE_RANGE =
  /(\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号])[^，。；]{0,8}?(至|到|—|－|-|~|～)\s*(\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*[日号]|[年月][底末初])/;
const RELATIVE = /(今年|去年|明年|前年|近日|日前|当天|当日|次日|上周|本周|年[底初中])/;

const fresh = (asked: string, found: string): boolean => found.length >= 2 && !asked.includes(found);

/** What follows a person's name as the subject of a report's sentence ("洪森表示", "康安友在…"). */
const AFTER_NAME =
  /^(表示|说|称|指出|认为|介绍|强调|会见|宣布|发文|透露|告诉|回忆|提醒|呼吁|建议|感谢|出席|主持|率|在|于|曾|也|还|则|已|将|是|等|、|，)/;

/**
 * A person the question does not name: a role word ("首相", "鉴定专家"), a transliterated name, or a name jieba
 * tags — three characters, or two when a role comes before or a verb of saying after (jieba also tags "宝贵").
 */
function holdsPerson(s: string, asked: string): boolean {
  for (const m of s.matchAll(ROLE)) if (fresh(asked, m[0])) return true;
  for (const m of s.matchAll(FOREIGN_NAME)) if (fresh(asked, m[0])) return true;
  let from = 0;
  for (const w of tagWords(s)) {
    const at = s.indexOf(w.word, from);
    if (at >= 0) from = at + w.word.length;
    if (w.tag !== 'nr' || w.word.length < 2 || !fresh(asked, w.word)) continue;
    if (w.word.length >= 3) return true;
    if (at >= 0 && (AFTER_NAME.test(s.slice(at + 2)) || ROLE_END.test(s.slice(Math.max(0, at - 4), at))))
      return true;
  }
  return false;
}

/**
 * Organisations a sentence names ("据公安部交通管理局…" → the match from the clause start to 局), not categories in a
 * list ("银行、汽车金融公司等") nor a bare word with no name before it ("在银行"). Callers compare the end of each.
 */
export function organisationNames(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(ORG)) {
    const name = m[0];
    const at = m.index ?? 0;
    if (NOT_ORG.test(name)) continue;
    if (
      s[at + name.length] === '等' ||
      s[at - 1] === '、' ||
      BARE_BEFORE.test(s[at + name.length - (m[1]?.length ?? 0) - 1] ?? '')
    )
      continue;
    out.push(name);
  }
  return out;
}

/** An organisation named in the sentence that the question does not already name. */
function holdsOrg(s: string, asked: string): boolean {
  // Compare the name's end: "据公安部交通管理局" is the 交通管理局 a question may already name.
  return organisationNames(s).some((name) => fresh(asked, name.slice(-4)));
}

function holdsPlace(s: string, asked: string): boolean {
  if (detectPlaces(s).some((p) => fresh(asked, p.name) && fresh(asked, shortPlaceName(p.name)))) return true;
  if (PLACE_EVENT.test(s) || VENUE.test(s)) return true;
  return tagWords(s).some((w) => w.tag === 'ns' && fresh(asked, w.word));
}

/** How specific a date the sentence gives (0–1), for the kind of date asked. */
function dateFit(s: string, kind: DateKind): number {
  if (kind === 'range') return DATE_RANGE.test(s) ? 1 : 0.6 * dateFit(s, 'day');
  if (kind === 'year') return YEAR.test(s) ? 1 : DAY.test(s) || MONTH.test(s) ? 0.3 : 0;
  const day = DAY.test(s);
  if (kind === 'time' && day && CLOCK.test(s)) return 1;
  if (day) return kind === 'time' ? 0.8 : 1;
  if (MONTH.test(s) || YEAR.test(s)) return 0.7;
  return RELATIVE.test(s) ? 0.3 : 0;
}

/** How well the sentence holds the asked number (0–1): a date is not a count. */
function numberFit(s: string, kind: NumberKind): number {
  const rest = s.replace(DATE_SPAN, ' ');
  if (kind === 'percent') return PERCENT.test(rest) ? 1 : NUMBER.test(rest) ? 0.5 : 0;
  if (kind === 'duration') return DURATION.test(rest) ? 1 : NUMBER.test(rest) ? 0.4 : 0;
  return NUMBER.test(rest) ? 1 : /\d/.test(rest) ? 0.5 : 0;
}

/** 0.8 when the class noun follows "…的" and words the question does not hold. */
function describedSlot(s: string, slot: string, asked: string): number {
  for (let at = s.indexOf(`的${slot}`); at >= 0; at = s.indexOf(`的${slot}`, at + 1)) {
    const before =
      s
        .slice(Math.max(0, at - 6), at)
        .split(/[，。；、,;“”"]/)
        .at(-1) ?? '';
    if (before.length >= 2 && !asked.includes(before.slice(-2))) return 0.8;
  }
  return 0;
}

/** A name of the asked class that the question does not already hold. */
function namedFit(s: string, named: RegExp, asked: string): boolean {
  for (const m of s.matchAll(named)) if (fresh(asked, m[0].slice(-4))) return true;
  return false;
}

/** Two or more items in a row: "内蒙古、辽宁、吉林", "食品、饮用水、药品". */
const ENUMERATION = /\p{Script=Han}{2,}[、][^，。；]{0,12}\p{Script=Han}{2,}/u;

/**
 * How well the sentence says what the question's verb takes: the verb, then something, then the class noun
 * ("冒充公检法人员"…, "提高防范意识": 1); the verb followed by content, or "把…" before it (0.6); else 0.
 */
function predicateFit(s: string, shape: AnswerShape): number {
  const { verb, slot } = shape;
  // "…鱼类被污染的经历": the class noun with a description the question does not hold.
  const described = slot ? describedSlot(s, slot, shape.asked) : 0;
  if (!verb) return described;
  let best = described;
  for (let at = s.indexOf(verb); at >= 0; at = s.indexOf(verb, at + 1)) {
    const rest = s.slice(at + verb.length, at + verb.length + 24);
    const clause = rest.split(/[，。；！？、,;!?]/)[0] ?? '';
    if (slot) {
      const k = clause.indexOf(slot);
      if (k > 0) return 1;
      // "视察军工厂": the verb and the class noun with nothing named between them.
      if (k === 0) {
        best = Math.max(best, 0.3);
        continue;
      }
    }
    if (/^(了|好|出|到|上)?[\p{Script=Han}A-Za-z0-9“"《]{2}/u.test(clause)) best = Math.max(best, 0.6);
  }
  if (best === 0 && shape.ba?.test(s)) best = 0.6;
  return best;
}

/** How well a sentence holds the kind of thing the question asks for (0–1); 0 for types without one. */
export function shapeFit(sentence: string, shape: AnswerShape): number {
  const s = normalizeForMatch(sentence);
  if (shape.named) {
    const named = namedFit(s, shape.named, shape.asked);
    // "哪些省份": several names of the class in a row.
    if (shape.type === 'list') return named ? (ENUMERATION.test(s) ? 1 : 0.6) : predicateFit(s, shape) / 2;
    return named ? 1 : shape.type === 'fact' ? predicateFit(s, shape) / 2 : 0;
  }
  switch (shape.type) {
    case 'person':
      return holdsPerson(s, shape.asked) ? 1 : 0;
    case 'org':
      return holdsOrg(s, shape.asked) ? 1 : 0;
    case 'place':
      return holdsPlace(s, shape.asked) ? 1 : 0;
    case 'date':
      return dateFit(s, shape.date ?? 'day');
    case 'number':
      return numberFit(s, shape.number ?? 'count');
    case 'ordinal':
      return ORDINAL.test(s) ? 1 : 0;
    case 'fact':
      return predicateFit(s, shape);
    case 'list': {
      const p = predicateFit(s, shape);
      return p < 1 && ENUMERATION.test(s) ? 0.5 + p / 2 : p;
    }
    default:
      return 0;
  }
}
