/**
 * The checkable facts of one sentence of a generated answer, and whether cited paragraphs hold them (pure).
 * Facts are what a model invents most easily and a reader trusts most: names of people, places and bodies, and
 * numbers (dates included). A sentence is supported only when its cited paragraphs (with their article's title,
 * date and places) hold every one of them; shared wording alone is not support. The extractors are the ones the
 * answer core already uses: personNames (query.ts), the gazetteer (places.ts), the body table (abbreviations.ts),
 * organisation names and quantities (answer-shape.ts).
 */
import { bodiesIn, toShortNames } from '../text/bodies.js';
import { normalizeForMatch } from '../text/normalize.js';
import { tagWords } from '../text/tokenize.js';
import { detectPlaces, placeNames } from '../text/places.js';
import type { Place } from '../types.js';
import { organisationNames, quantities } from './answer-shape.js';
import { personNames, shortPlaceName } from './entities.js';

/** A paragraph a sentence may cite: its text, and what its article says around it. */
export interface FactSource {
  text: string;
  title?: string;
  date?: string;
  /** The article's places (full names), so "我市" in a report on 深圳 holds 深圳. */
  places?: string[];
}

/** A number a sentence states, with the character after it ("3份" → next "份"), for matching "三份". */
export interface StatedNumber {
  value: string;
  next: string;
}

export interface Facts {
  persons: string[];
  places: Place[];
  /** Organisations and government bodies, in short-name form ("市发改委"). */
  bodies: string[];
  /** Arabic numbers, dates included ("2024年10月26日" → 2024, 10, 26). */
  numbers: StatedNumber[];
  /** Quantities in Chinese numerals with their unit ("八百人", "三份"). */
  numerals: { numeral: string; unit: string }[];
}

/** Numbers a sentence states (list enumerators like "1." at a line start are not claims). */
export function numbersIn(sentence: string): StatedNumber[] {
  const s = sentence
    .normalize('NFKC')
    .replace(/^\s*(\d{1,2}[.、)]|[-*•]\s)/, '')
    .replace(/(\d),(?=\d{3}\b)/g, '$1');
  const seen = new Map<string, StatedNumber>();
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(\p{Script=Han})?/gu)) {
    const key = `${m[1]}|${m[2] ?? ''}`;
    if (!seen.has(key)) seen.set(key, { value: m[1] as string, next: m[2] ?? '' });
  }
  return [...seen.values()];
}

const CN_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numerals a writer may use for n (0–99): 3 → 三/两 (for 2), 15 → 十五, 23 → 二十三. */
function chineseForms(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 99) return [];
  if (n < 10) return n === 2 ? ['二', '两'] : [CN_DIGITS[n] as string];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 1 ? '十' : `${CN_DIGITS[tens]}十`;
  const forms = [head + (ones === 0 ? '' : CN_DIGITS[ones])];
  if (tens === 1) forms.push(`一${forms[0]}`);
  return forms;
}

/** Does the number appear in the text, as a standalone number or in Chinese numerals with the same word after? */
export function numberAppears(num: StatedNumber, corpus: string): boolean {
  // "5" must not match inside "15" or "2025"; a standalone number only.
  const re = new RegExp(`(^|[^0-9.])${num.value.replace('.', '\\.')}(?![0-9]|\\.[0-9])`);
  if (re.test(corpus)) return true;
  // Chinese numerals are common characters ("一", "两"), so they count only with the same word after them
  // ("3份" ↔ "三份"); a bare numeral must be an ordinal ("5th" ↔ "第五") or two characters or more ("十五").
  return chineseForms(Number(num.value)).some((f) =>
    num.next !== ''
      ? corpus.includes(f + num.next)
      : corpus.includes(`第${f}`) || (f.length >= 2 && corpus.includes(f)),
  );
}

const CN_VALUE: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CN_SCALE: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a Chinese numeral ("八百" → 800, "一万二千" → 12000, "十五" → 15); undefined when it is none. */
export function chineseValue(numeral: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  for (const ch of numeral) {
    if (ch in CN_VALUE) digit = CN_VALUE[ch];
    else if (ch in CN_SCALE) {
      section += (digit ?? 1) * (CN_SCALE[ch] as number);
      digit = undefined;
    } else if (ch === '万' || ch === '亿') {
      const scale = ch === '万' ? 1e4 : 1e8;
      total = (total + section + (digit ?? 0)) * scale;
      section = 0;
      digit = undefined;
    } else return undefined;
  }
  const value = total + section + (digit ?? 0);
  return value > 0 ? value : undefined;
}

/**
 * The most common Chinese surnames (the top 100 of the national household register's ranking), for names written
 * right after a title ("主席陆建平", "委员张三") that jieba does not tag.
 */
const SURNAMES = new Set(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
);
/** Surnames of two characters (the common ones of the same ranking's kind). */
const COMPOUND_SURNAMES =
  /^(欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|司徒|夏侯|尉迟|公孙|长孙|宇文|轩辕|端木|独孤|南宫|西门)/u;
/** Titles a person's name follows in reports ("市政协主席陆建平", "主席是张三"). */
const TITLED = new RegExp(
  '(?:主席|书记|主任|委员|常委|主委|秘书长|市长|省长|县长|区长|局长|部长|厅长|会长|院长|代表)(?:是|为|由)?' +
    '(\\p{Script=Han}{2,4})',
  'gu',
);
/** What a person does right after the name at the start of a clause ("王建国表示", "张三曾在…"). */
const NAME_THEN_VERB =
  /(?:^|[，。；：、,;:\s“”"])(\p{Script=Han}{2,3}?)(?=表示|指出|认为|强调|建议|提出|介绍|说|称|透露|呼吁|曾|在|是|也|还|率|参加|出席|主持|当选|担任|任|作)/gu;
/** Characters that commonly follow a two-character name ("张三在", "张三表示"): the name stops before them. */
const AFTER_TWO_CHAR_NAME =
  /^[在是表说出等和与及、，。；：,.的也还则已将率指强介认提参主作代了对向为被带到去来曾]/u;

function surnameOf(name: string): string | undefined {
  const compound = COMPOUND_SURNAMES.exec(name)?.[0];
  if (compound) return compound;
  const first = name[0] ?? '';
  return SURNAMES.has(first) ? first : undefined;
}

/** A common word rather than a name ("于是", "高度", "任务"): jieba knows it as one word that is no name. */
function isDictionaryWord(word: string): boolean {
  const tags = tagWords(word);
  return tags.length === 1 && !/^(nr|x)/.test(tags[0]?.tag ?? '');
}

/**
 * The names of people a sentence states: personNames (titles, jieba's "nr") that start with a common surname, a
 * name right after a title, and one that starts a clause before a verb of saying or doing. A name after a title is
 * read as two characters when a word such as "在/表示" follows, else as three ("陆建平在" → 陆建平).
 */
function personsIn(s: string): string[] {
  const out = new Set<string>();
  const add = (name: string): void => {
    const surname = surnameOf(name);
    if (!surname || name.length <= surname.length || name.length > surname.length + 2) return;
    if (isDictionaryWord(name)) return;
    out.add(name);
  };
  for (const name of personNames(s)) add(GLUED_BEFORE.test(name) && name.length >= 3 ? name.slice(1) : name);
  for (const m of s.matchAll(TITLED)) {
    const chars = [...(m[1] ?? '')];
    const surname = surnameOf(chars.join(''));
    if (!surname) continue;
    const given = chars.slice(surname.length);
    const third = given[1] ?? '';
    add(surname + given.slice(0, third === '' || AFTER_TWO_CHAR_NAME.test(third) ? 1 : 2).join(''));
  }
  for (const m of s.matchAll(NAME_THEN_VERB)) add(m[1] ?? '');
  return [...out];
}

/** A character glued to the front of a name by the title pattern ("主席是张三" → "是张三"). */
const GLUED_BEFORE = /^[是为由系即和与及、]/u;

/** Normalised for matching: NFKC, no whitespace, bodies in their short names ("发展和改革委员会" → "发改委"). */
function matchForm(text: string): string {
  return toShortNames(normalizeForMatch(text)).replace(/(\d),(?=\d{3}\b)/g, '$1');
}

/** The facts a sentence states. */
export function factsOf(sentence: string): Facts {
  const s = matchForm(sentence);
  const persons = personsIn(s);
  const bodies: string[] = [];
  // Compare an organisation's end: the regex starts at the clause ("他来到市工信局" → "市工信局").
  for (const org of organisationNames(s)) {
    const tail = [...org].slice(-4).join('');
    if (!bodies.includes(tail)) bodies.push(tail);
  }
  for (const b of bodiesIn(s)) if (!bodies.some((x) => x.includes(b))) bodies.push(b);
  const numerals = quantities(s).filter(
    (q) => /^[一二两三四五六七八九十百千万亿]+$/.test(q.numeral) && /[二两三四五六七八九十]/.test(q.numeral),
  );
  return { persons, places: detectPlaces(s), bodies, numbers: numbersIn(s), numerals };
}

/** True when the sentence states no fact at all (nothing for a citation to hold). */
export function hasNoFacts(f: Facts): boolean {
  return (
    f.persons.length === 0 &&
    f.places.length === 0 &&
    f.bodies.length === 0 &&
    f.numbers.length === 0 &&
    f.numerals.length === 0
  );
}

/** The cited paragraphs as one text to look facts up in, with their articles' places. */
export interface FactCorpus {
  text: string;
  placeNames: Set<string>;
}

export function factCorpus(sources: FactSource[]): FactCorpus {
  const text = sources.map((p) => matchForm([p.title ?? '', p.date ?? '', p.text].join('\n'))).join('\n');
  const tagged = sources.flatMap((p) => p.places ?? []);
  const places = [...detectPlaces(text), ...detectPlaces(tagged.join('，'))];
  return { text, placeNames: new Set([...placeNames(places), ...tagged]) };
}

function placeHeld(p: Place, c: FactCorpus): boolean {
  return c.placeNames.has(p.name) || c.text.includes(p.name) || c.text.includes(shortPlaceName(p.name));
}

function personHeld(name: string, c: FactCorpus): boolean {
  return c.text.includes(name);
}

/** The facts of `sentence` its cited paragraphs do not hold (empty: supported). */
export function missingFacts(sentence: string, corpus: FactCorpus, facts = factsOf(sentence)): string[] {
  const missing: string[] = [];
  for (const name of facts.persons) if (!personHeld(name, corpus)) missing.push(name);
  for (const p of facts.places) if (!placeHeld(p, corpus)) missing.push(p.name);
  for (const b of facts.bodies) if (!corpus.text.includes(b)) missing.push(b);
  for (const n of facts.numbers) if (!numberAppears(n, corpus.text)) missing.push(n.value);
  for (const q of facts.numerals) {
    const value = chineseValue(q.numeral);
    const held =
      corpus.text.includes(q.numeral + q.unit) ||
      (value !== undefined && numberAppears({ value: String(value), next: q.unit[0] ?? '' }, corpus.text));
    if (!held) missing.push(q.numeral + q.unit);
  }
  return missing;
}

/** The facts named in a question (they may be restated without a citation: "报道没有提到上海市政协主席是谁"). */
export function questionFacts(question: string): { facts: Facts; text: string } {
  return { facts: factsOf(question), text: matchForm(question) };
}

/** The facts of `sentence` that the question does not itself name. */
export function factsBeyond(sentence: string, question: { facts: Facts; text: string }): string[] {
  const f = factsOf(sentence);
  const asked = question.text;
  const beyond: string[] = [];
  for (const name of f.persons) if (!asked.includes(name)) beyond.push(name);
  for (const p of f.places)
    if (!asked.includes(p.name) && !asked.includes(shortPlaceName(p.name))) beyond.push(p.name);
  for (const b of f.bodies) if (!asked.includes(b)) beyond.push(b);
  for (const n of f.numbers) if (!numberAppears(n, asked)) beyond.push(n.value);
  for (const q of f.numerals) if (!asked.includes(q.numeral)) beyond.push(q.numeral + q.unit);
  return beyond;
}
