/**
 * The asked slot of a factoid question (pure): which entities constrain the answer (a place, a person, a body or
 * a named thing — "X市", "X公司", "X实验室") and what is asked about them (who holds role R of E, how many X, a
 * measure, when, where, which body, what the verb takes). `answerability.ts` checks whether a report sentence
 * binds them; a sentence merely mentioning E (a trip to E, a list naming E) does not.
 */
import { normalizeForMatch } from '../text/normalize.js';
import { detectPlaces } from '../text/places.js';
import { tagWords } from '../text/tokenize.js';
import type { Place } from '../types.js';
import { answerShape, type AnswerShape } from './answer-shape.js';
import { shortPlaceName, type QueryPlan } from './query.js';
import type { QuestionType } from './question-type.js';

export type SlotKind =
  /** Who holds role R of E ("X市政协主席是谁"). */
  | 'role'
  /** How many X ("有多少名研究人员"). */
  | 'count'
  /** A measure with its unit ("面积有多大", "有多少人口"). */
  | 'measure'
  | 'date'
  | 'place'
  | 'org'
  /** Who did something, without a role ("谁宣布了…"). */
  | 'person'
  /** What the question's verb takes ("生产什么产品"). */
  | 'thing'
  /** Nothing a sentence must hold beyond the entities (how, why, whether, lists, open questions). */
  | 'none';

export type EntityKind = 'place' | 'named';

export interface SlotEntity {
  /** As written in the question ("红旗机床", "绵阳市"). */
  text: string;
  kind: EntityKind;
  /** The gazetteer entry of a place. */
  place?: Place;
}

export interface AskedSlot {
  kind: SlotKind;
  /** The entities the answer is about; each must be the sentence's or its article's. */
  entities: SlotEntity[];
  /** The role asked for, as written ("政协主席", "县委书记", "董事长"). */
  role?: string;
  /** Its head title ("主席", "书记") and the body before it ("政协", "县委"). */
  roleHead?: string;
  roleBody?: string;
  /** What is counted ("科研人员", "意见建议"), and its last word ("人员"). */
  counted?: string;
  countedHead?: string;
  /** For a measure: the units a stated value carries. */
  units?: RegExp;
  /** The answer shape (answer-shape.ts) for the kinds it already knows (date, place, org, person, thing). */
  shape: AnswerShape;
  /** The normalised question. */
  question: string;
}

/**
 * Head titles of office holders: the standard titles of Party, government, people's congress, CPPCC, court and
 * procuratorate posts, and the heads of enterprises, universities and institutes.
 */
export const ROLE_HEADS =
  '主席|副主席|书记|副书记|主任|副主任|主委|厅长|局长|处长|市长|省长|县长|区长|州长|镇长|乡长|部长|会长|院长|校长|' +
  '董事长|总经理|总裁|行长|社长|台长|所长|站长|馆长|理事长|秘书长|总统|总理|首相|议长|主编|总编辑|检察长|队长|团长';
/** Bodies a role belongs to, written before the title ("政协主席", "县委书记", "人大常委会主任"). */
const ROLE_BODIES = '政协|人大常委会|人大|常委会|市委|县委|区委|省委|州委|党委|党组|纪委|政府';

const ROLE_AT_END = new RegExp(
  `((?:${ROLE_BODIES})?(?:常务|执行)?(?:${ROLE_HEADS}))(?:是谁|是哪位|是哪一位|叫什么(?:名字)?|为何人|是何人|由谁担任|是什么人)`,
);
const ROLE_AFTER_WHO = new RegExp(
  `^(?:谁|哪位|何人)(?:是|担任|任)(.*?)((?:${ROLE_BODIES})?(?:${ROLE_HEADS}))$`,
);

/**
 * Words of a question's subject that name no particular entity: bodies every place has, members and titles,
 * bare level words, and the country the reports are written in (中国 is 我国 there). The rest of the subject (a
 * company, a lab, a person) must be named where the answer is. Entries: the standard names of CPPCC, Party and
 * government organs, member titles, administrative level words.
 */
const GENERIC_SUBJECT = new Set(
  (
    '政协 政协委员 委员 常委 市政协 县政协 区政协 省政协 全国政协 人大 人大常委会 市委 县委 区委 省委 党委 政府 市政府 ' +
    '县政府 省政府 区政府 有关部门 相关部门 部门 当地 本地 全市 全县 全省 全区 领导 干部 现在 截至 共 一共 总共 ' +
    '市 县 区 省 镇 乡 村 中国 我国 全国 国内'
  ).split(' '),
);

/**
 * Verbs of saying, proposing and planning that jieba often tags as nouns ("张三建议…", "X局计划…"): they end a
 * subject like any verb. Entries: the reporting verbs of news Chinese.
 */
const REPORTING =
  /^(建议|计划|认为|提出|表示|关注|要求|呼吁|强调|指出|希望|打算|准备|提议|主张|发言|讲话|介绍|透露|称)$/;

/** Interrogatives, whatever jieba tags them ("几年", "哪所"). */
const ASKING = /(多少|几|哪|什么|谁|何)/;

/** Tags that end a question's subject: verbs, prepositions, pronouns (谁, 什么), particles, adverbs. */
const SUBJECT_END = /^(v|p|r|u|d|c|y|e|o|zg)/;

/**
 * The question's leading noun phrase (its subject), as jieba words: "红旗机床的董事长是谁" → 红旗, 机床;
 * "X市政协组织了…" → X市, 政协. Stops at the first verb, preposition, pronoun or particle.
 */
function subjectWords(q: string): string[] {
  const out: string[] = [];
  for (const w of tagWords(q)) {
    // "X的Y是哪天…": the phrase goes on after 的 to what the question is about.
    if (w.word === '的') {
      out.push(w.word);
      continue;
    }
    if (
      SUBJECT_END.test(w.tag) ||
      REPORTING.test(w.word) ||
      ASKING.test(w.word) ||
      /^[\s\p{P}]+$/u.test(w.word)
    )
      break;
    out.push(w.word);
  }
  return out;
}

const isTimeWord = (w: string): boolean =>
  /^([0-9０-９.]+|[0-9]{4}年|[0-9]+月|[0-9]+日|年|月|日|个|年前|月前|前|后|以来|上半年|下半年|全年|季度|今年|去年|明年|近年|近期|目前|当前)$/.test(
    w,
  );
const isRoleWord = (w: string): boolean => new RegExp(`^(?:${ROLE_BODIES})?(?:${ROLE_HEADS})$`).test(w);

/**
 * Attribute nouns a question asks for after "X的" (its date, price, purpose, size…). Entries: the attribute
 * nouns of evidence.ts and the measures, purposes and properties factoid questions ask for.
 */
const ATTRIBUTE =
  /(地点|时间|日期|名称|名字|对象|目标|目的|人数|数量|年龄|金额|规模|比例|地方|领域|内容|价格|价钱|费用|成本|面积|长度|高度|重量|人口|产量|收入|作用|意义|原因|结果|情况|方式|标准|条件|要求|特点|职务|身份|位置|地址|意图|用途|主题|口号|理念)$/;

/**
 * The named entities of a subject: runs of words left after removing places, generic bodies and titles
 * ("X市政协文史委" → 文史委; "X市政协委员张三" → 张三; "红旗机床" stays whole).
 */
function namedRuns(words: string[], places: Place[]): string[] {
  const placeWords = new Set(places.flatMap((p) => [p.name, shortPlaceName(p.name)]));
  const runs: string[] = [];
  let run = '';
  let afterDe = false;
  const flush = (): void => {
    const t = run.replace(/^(政协|委员|常委)+/, '');
    // "X的日期", "X的新价格": after 的 an attribute of X is asked for, not another entity.
    if (t.length >= 2 && !(afterDe && ATTRIBUTE.test(t))) runs.push(t);
    run = '';
  };
  for (const w of words) {
    // A person's name is an entity of its own ("张三" of "X公司张三").
    if (tagWords(w)[0]?.tag === 'nr' && w.length >= 2) {
      flush();
      run = w;
      flush();
      continue;
    }
    const generic =
      GENERIC_SUBJECT.has(w) ||
      placeWords.has(w) ||
      detectPlaces(w).some((p) => p.name === w || shortPlaceName(p.name) === w) ||
      isTimeWord(w) ||
      isRoleWord(w) ||
      w === '的';
    if (generic) flush();
    else run += w;
    if (w === '的') afterDe = true;
  }
  flush();
  return runs;
}

/** Nouns a 多少 question counts that are no count but a measure, and the units a value of them carries. */
const MEASURES: [RegExp, RegExp][] = [
  [/(面积|占地|建筑规模)/, /(平方米|平方公里|平方千米|万平方|平米|亩|公顷|㎡)/],
  [/(人口|常住|户籍)/, /(万?人|万)/],
  [/(长度|全长|里程|距离|多长|多远|高度|多高|海拔|深度)/, /(公里|千米|米|厘米|毫米|里)/],
  [/(重量|多重|产量|吨位)/, /(吨|公斤|千克|克|斤)/],
  [
    /(价格|票价|价钱|费用|成本|售价|定价|收费|工资|薪酬|金额|资金|投资|投入|产值|营收|收入|销售额|规模|总额|预算|经费|GDP|生产总值|利润|税收|补贴|奖励|多少钱)/,
    /(元|美元|欧元|英镑|日元)/,
  ],
  [/(容量|装机|功率|发电量)/, /(瓦|千瓦|万千瓦|兆瓦|度|千瓦时)/],
];

/** The counted noun phrase after 多少/几 and its classifier ("多少名研究人员" → 研究人员), or before 有多少. */
function countedOf(q: string): string | undefined {
  const words = tagWords(q);
  const at = words.findIndex(
    (w) => /^(多少|几)$/.test(w.word) || /^几[个名位家条项次所座户人]?$/.test(w.word),
  );
  if (at < 0) return undefined;
  let k = at + 1;
  if (words[k]?.tag === 'q' || /^[个名位家条项次所座户件批场篇类种台辆]$/.test(words[k]?.word ?? '')) k++;
  let phrase = '';
  let noun = false;
  for (; k < words.length; k++) {
    const w = words[k];
    if (!w || /^[\s\p{P}]+$/u.test(w.word) || /^(p|r|u|y|c)/.test(w.tag)) break;
    // Up to its first noun the phrase takes any word ("消费提振行动方案"); after it a verb ends the phrase
    // ("多少户企业调研" → 企业) unless a noun follows ("研究人员").
    if (noun && !/^n/.test(w.tag) && !(/^(vn|b|a)/.test(w.tag) && /^n/.test(words[k + 1]?.tag ?? ''))) break;
    phrase += w.word;
    if (/^n/.test(w.tag)) noun = true;
  }
  if (phrase.length >= 1) return phrase;
  // "X的人口有多少": the noun before 有/是/为/达 多少.
  for (let j = at - 1; j >= 0; j--) {
    const w = words[j];
    if (!w) break;
    if (/^(有|是|为|达|达到|共|一共|总共|约|大约|了)$/.test(w.word)) continue;
    return /^n/.test(w.tag) && w.word.length >= 2 ? w.word : undefined;
  }
  return undefined;
}

const lastWord = (phrase: string): string => {
  const words = tagWords(phrase);
  const last = words.at(-1)?.word ?? phrase;
  return last.length >= 2 ? last : phrase.slice(-2);
};

function slotKind(type: QuestionType, shape: AnswerShape): SlotKind {
  switch (type) {
    case 'person':
      return 'person';
    case 'org':
      // "哪些企业" asks for a list, not the one body that did something.
      return /哪些|哪几/.test(shape.asked) ? 'none' : 'org';
    case 'place':
      return 'place';
    case 'date':
      return 'date';
    case 'number':
      return /哪些|哪几/.test(shape.asked) ? 'none' : 'count';
    case 'fact':
      return shape.verb || shape.named ? 'thing' : 'none';
    default:
      return 'none';
  }
}

/** An opening adverbial of time or occasion: "在…中，", "在…期间", "…之际，". */
const FRAME = /^(在|于)[^，,？?多几哪何什]{2,40}?(中|期间|上|时|之际|以来|当天|前后)[，,]?/;

/** The asked slot of a question of the given type. */
export function askedSlot(question: string, type: QuestionType): AskedSlot {
  const q = normalizeForMatch(question).replace(/[?？。!！]+$/, '');
  const shape = answerShape(q, type);
  const slot: AskedSlot = { kind: slotKind(type, shape), entities: [], shape, question: q };
  let subjectText = q;

  if (type === 'person') {
    const end = ROLE_AT_END.exec(q);
    const who = end ? undefined : ROLE_AFTER_WHO.exec(q);
    const role = end?.[1] ?? who?.[2];
    if (role) {
      slot.kind = 'role';
      slot.role = role;
      const head = new RegExp(`(?:${ROLE_HEADS})$`).exec(role)?.[0] ?? role;
      slot.roleHead = head;
      slot.roleBody = role.slice(0, role.length - head.length).replace(/^(常务|执行)$/, '');
      subjectText = end ? q.slice(0, end.index) : (who?.[1] ?? '');
      // "X市委书记": the 市 of 市委 is the place's too.
      subjectText = subjectText.replace(/的$/, '');
    }
  }
  if (slot.kind === 'count') {
    const counted = countedOf(q);
    const measure = MEASURES.find(([re]) => re.test(q));
    if (measure && shape.number !== 'percent' && shape.number !== 'duration') {
      slot.kind = 'measure';
      slot.units = measure[1];
    }
    // A duration or a share is read from the number's unit (answer-shape.ts), not from a counted noun.
    if (counted && shape.number === 'count') {
      slot.counted = counted;
      slot.countedHead = lastWord(counted);
    }
  }

  // "在X活动中，…": the frame of the question, not what the answer must name.
  subjectText = subjectText.replace(FRAME, '');
  const places = detectPlaces(subjectText);
  // The most specific place the question names (detectPlaces drops parents of a more specific one).
  for (const p of places) slot.entities.push({ text: p.name, kind: 'place', place: p });
  const words = subjectWords(subjectText);
  for (const name of namedRuns(words, places)) {
    if (slot.counted?.includes(name) || (slot.role && name.includes(slot.role))) continue;
    slot.entities.push({ text: name, kind: 'named' });
  }
  // Names in 《》 or quotes anywhere in the question are entities too.
  for (const m of subjectText.matchAll(/[《“"「]([^》”"」]{2,30})[》”"」]/g)) {
    const name = m[1];
    if (name && !slot.entities.some((e) => e.text === name))
      slot.entities.push({ text: name, kind: 'named' });
  }
  return slot;
}

/** The asked slot of a query plan (what a generated answer must bind, too). */
export function slotOfPlan(plan: Pick<QueryPlan, 'searchText' | 'type' | 'time'>): AskedSlot {
  // A period the date filter already enforces (dated.ts names one month as "4月" in the search text) is no part of
  // what a sentence has to state: the report's date holds it.
  const text = plan.time ? plan.searchText.replace(PERIOD_MONTH, '') : plan.searchText;
  return askedSlot(text, plan.type);
}

/** A month as a period ("4月", "4月份", "十月份"), not a day ("4月12日"). */
const PERIOD_MONTH = /(?:\d{1,2}|[一二三四五六七八九十]{1,3})月份?(?![\d一二三四五六七八九十]+[日号])/g;

/** How the question names an entity in running text: a place by its short name ("X市" → "X"). */
export function surfaceOf(e: SlotEntity): string {
  return e.place ? shortPlaceName(e.place.name) : e.text;
}
