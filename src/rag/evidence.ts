/**
 * Sentence-level evidence for re-scoring (pure): does one sentence of a candidate hold the question's topic terms
 * together, and — for a factoid question — the kind of fact it asks for? A chunk that names "检察院" eight times
 * scores well on BM25 but answers nothing; the one sentence "检察院…建立…分级干预机制" holds the topic, and for
 * "遇难人数是多少" the sentence "…16人遇难" holds the topic and a number with its unit.
 * Input texts are normalised for matching (NFKC, no whitespace, lower case): 。 stays, ！？； become !?;.
 */
import { tagWords } from '../text/tokenize.js';
import type { QuestionType } from './question-type.js';

export interface EvidenceTerm {
  /** Normalised term. */
  norm: string;
  idf: number;
}

export interface Evidence {
  /** IDF-weighted share of the query terms found in the best single sentence (0–1). */
  sentence: number;
  /** The same share in the best sentence that also holds the kind of fact asked for (0 for open questions). */
  answer: number;
}

const NUMBER =
  /(\d+(\.\d+)?|[一二两三四五六七八九十百千万亿]+)(%|％|个|条|次|项|家|名|位|人|年|岁|场|批|件|万|亿|元|美元|分钟|小时|天|倍|户|所|处|类|吨|公里|千米|米|亩|平方米|度|摄氏度|辆|架|艘|座|栋|起|例|只|头|股|份|篇|部|台|套|期|届|枚)/;
const DATE =
  /(\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|\d{1,2}日[上下]午|\d{1,2}时|\d{4}年|\d{1,2}月[上中下]旬|\d{1,2}月)/;
const ORDINAL = /第[一二三四五六七八九十百千〇零\d]+|[一二三四五六七八九十]是/;
const ORG =
  /\p{Script=Han}{2,}(委员会|办公室|局|厅|署|中心|公司|集团|银行|大学|学院|医院|政府|协会|学会|研究所|研究院|联合会|使馆|领事馆|法院|检察院|电视台|报社|部)/u;

const PLACE =
  /(在|于|位于|来到|走进|赴|抵达|落户)\p{Script=Han}{0,10}(省|市|县|区|州|镇|乡|村|岛|港|湾|河|山|湖|中心|广场|体育馆|会堂|大厦|医院|学校|大学|公园|基地)|\p{Script=Han}{2,8}(省|市|县|区|州|镇|乡|村)/u;
const PERSON =
  /(主席|书记|主任|委员|厅长|局长|市长|省长|县长|区长|部长|会长|院长|秘书长|首相|总统|总理|外长|大使|发言人|专家|教授|院士|董事长|总经理|负责人|队长|校长|记者)/;

/** Does a sentence hold the kind of fact a question of this type asks for? Undefined: the type asks for none. */
function fitOf(type: QuestionType): ((s: string) => boolean) | undefined {
  switch (type) {
    case 'number':
      return (s) => NUMBER.test(s);
    case 'date':
      return (s) => DATE.test(s);
    case 'ordinal':
      return (s) => ORDINAL.test(s);
    case 'org':
      return (s) => ORG.test(s);
    case 'place':
      return (s) => PLACE.test(s);
    case 'person':
      return (s) => PERSON.test(s) || ORG.test(s);
    default:
      return undefined;
  }
}

const SENTENCE_END = /[。!?;]/;

/** Best-sentence evidence of a normalised text for the normalised query terms; `context`: headline and places. */
export function sentenceEvidence(
  text: string,
  terms: EvidenceTerm[],
  type: QuestionType,
  context = '',
): Evidence {
  const total = terms.reduce((s, t) => s + t.idf, 0);
  if (total <= 0) return { sentence: 0, answer: 0 };
  const fit = fitOf(type);
  // Terms the article's headline or place tags hold ("长治" for a report on 长治's 市发改委) go with every sentence.
  const given = context === '' ? 0 : terms.reduce((s, t) => s + (context.includes(t.norm) ? t.idf : 0), 0);
  const rest = context === '' ? terms : terms.filter((t) => !context.includes(t.norm));
  let sentence = 0;
  let answer = 0;
  for (const s of text.split(SENTENCE_END)) {
    if (s.length < 4) continue;
    let got = given;
    for (const t of rest) if (s.includes(t.norm)) got += t.idf;
    const share = got / total;
    if (share > sentence) sentence = share;
    if (fit && share > answer && fit(s)) answer = share;
  }
  return { sentence, answer };
}

/**
 * Parts of speech of names: people (nr), places (ns), organisations (nt), other proper nouns (nz: 腾讯, 侨联),
 * words jieba does not know (x: mostly names), Latin words (eng).
 */
const NAME_TAG = /^(nr|ns|nt|nz|x|eng)/;

/**
 * Is a query term a name (of a person, place, organisation, product)? A passage about "腾讯" must hold 腾讯
 * itself; sharing the rest of the question ("第二季度净利润同比增长") with another company's report is no match.
 */
export function isNameTerm(term: string): boolean {
  if (term.length < 2 || /^\d+$/.test(term)) return false;
  const tags = tagWords(term);
  return tags.length === 1 && NAME_TAG.test(tags[0]?.tag ?? '');
}

/**
 * Nouns that name the asked attribute, not the topic ("事故发生的地点", "活动的名称", "研究的对象", "遇难人数"): the
 * report gives the value (大夏河畔, 16人), seldom the word. They count for less in re-scoring a factoid question.
 */
const ATTRIBUTE_NOUNS = new Set(
  '地点 时间 日期 名称 对象 目标 人数 数量 年龄 年龄段 金额 规模 比例 时间段 地方 领域 内容'.split(' '),
);

/**
 * Share of its IDF an attribute noun keeps in re-scoring. Calibrated on the even half of the CRUD dev questions
 * (0, 0.15 and 0.3 tie on hit@5; 1 loses one question): 0.3 keeps a little for reports that do print the word.
 */
export const ATTRIBUTE_FACTOR = 0.3;

export function isAttributeNoun(term: string): boolean {
  return ATTRIBUTE_NOUNS.has(term);
}

/**
 * The question's terms as the re-score weighs them: names flagged (held as written), a factoid's attribute nouns
 * at ATTRIBUTE_FACTOR of their IDF.
 */
export function evidenceTerms<T extends { term: string; idf: number }>(
  terms: T[],
  type: QuestionType,
): (T & { name: boolean })[] {
  const factual = type !== 'open';
  return terms.map((t) => ({
    ...t,
    idf: factual && isAttributeNoun(t.term) ? t.idf * ATTRIBUTE_FACTOR : t.idf,
    name: isNameTerm(t.term),
  }));
}
