/**
 * Calibration data made from the reports themselves (pure): answerable questions by template from report
 * sentences — who holds a role of a place, how many of something a place did, where a person led a visit — and
 * entity-swap negatives: the same question with the place or person replaced by another one the reports name
 * elsewhere, kept only when the reports verifiably do not state that fact for it. Nobody picks the questions,
 * so a threshold tuned on them is tuned on no particular question.
 */
import { createHash } from 'node:crypto';
import { normalizeForMatch } from '../text/normalize.js';
import { detectPlaces } from '../text/places.js';
import { tagWords } from '../text/tokenize.js';
import type { Place } from '../types.js';
import { nameAfter } from '../rag/answerability.js';
import { sentenceUnits } from '../rag/extractive.js';
import { shortPlaceName } from '../rag/query.js';

/** What the generator reads of an article. */
export interface SourceArticle {
  title: string;
  /** The article's places (full names, as ingest found them: the first is what it is about). */
  places: Place[];
  paragraphs: string[];
}

export type SwapKind = 'role' | 'count' | 'date' | 'visit';

export interface SwapQuestion {
  id: string;
  kind: SwapKind;
  question: string;
  /** False for a swap negative: the reports do not say it. */
  answerable: boolean;
  /** Strings an answer to an answerable question holds. */
  must: string[];
  /** The entity asked about (the swapped-in one for a negative). */
  entity: string;
}

/** A fact found in a sentence, with what a swap replaces and what must stay absent for the replacement. */
interface Fact {
  kind: SwapKind;
  /** The question with `{E}` where the entity goes. */
  template: string;
  entity: string;
  /** How the entity is written in the question (a place keeps its level: 天水市 / 天水). */
  write: (entity: string) => string;
  must: string[];
  /** A sentence stating the fact for another entity holds this. */
  key: RegExp;
  placeLevel?: Place['level'];
  /** Replacements this fact can take (default: any of the same kind and level). */
  accepts?: (entity: string) => boolean;
}

interface Sentence {
  text: string;
  article: number;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Roles the role template asks for: the CPPCC chair and the heads of Party committees and governments. */
const ROLE = /(政协|市委|县委|区委|省委)?(?<!副|常务副)(主席|书记|市长|县长|区长|省长)/g;
const LEVEL_CHARS = /^[市县区省]/;

/** Counted things: a number, its classifier, and the noun after it ("60余位委员", "86条…建议"). */
const COUNT =
  /(?<![\d.年月日第])(\d+(?:\.\d+)?|[一二两三四五六七八九十百千]{1,4})(余|多)?(个|家|条|项|名|位|户|所|件|场|次|批|座|篇|人|支|处)/g;
const DATES =
  /(\d{4}\s*年(\d{1,2}\s*月)?(\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月份?)/g;

/** Visits: "张三率…到/赴X考察". */
const VISIT =
  /(?:率|带领|带队)[^，。；]{0,12}?(?:到|赴|前往|来到|走进)([^，。；、]{2,12}?)(考察|调研|参观|学习|交流|视察)/;

function placeWritten(p: Place, body: string): string {
  // "汕尾" + "市委书记" shares the level: "汕尾市委书记"; "天水市" + "政协主席" keeps it: "天水市政协主席".
  return LEVEL_CHARS.test(body) ? `${shortPlaceName(p.name)}${body}` : `${p.name}${body}`;
}

function roleFacts(s: string, article: SourceArticle): Fact[] {
  const out: Fact[] = [];
  for (const m of s.matchAll(ROLE)) {
    const at = m.index ?? 0;
    const body = m[1] ?? '';
    const head = m[2] ?? '';
    // The government heads are their own body ("市长"); 主席/书记 need one ("政协主席", "县委书记").
    if (body === '' && !/长$/.test(head)) continue;
    const name = nameAfter(s.slice(at + m[0].length));
    if (!name) continue;
    const tail =
      s
        .slice(0, at)
        .split(/[\p{P}\s]/u)
        .at(-1) ?? '';
    const written = detectPlaces(tail);
    let place: Place | undefined = written.at(-1);
    if (!place && /^[省市县区]?$/.test(tail)) place = article.places[0];
    if (!place || (written.length === 0 && tail !== '' && !place.name.endsWith(tail))) continue;
    // A bare "市委书记" in a county's report is not the county's.
    if (written.length === 0 && body !== '' && LEVEL_CHARS.test(body) && !place.name.endsWith(body[0] ?? ''))
      continue;
    const role = `${body}${head}`;
    out.push({
      kind: 'role',
      template: `{E}是谁？`,
      entity: place.name,
      write: (e) => {
        const p = detectPlaces(e)[0];
        return p ? placeWritten(p, role) : `${e}${role}`;
      },
      must: [name],
      key: new RegExp(`${escapeRegExp(body)}[^，。；]{0,6}${escapeRegExp(head)}`),
      placeLevel: place.level,
      // "市委书记" is a city's: a replacement must be a 市 too.
      ...(LEVEL_CHARS.test(role) ? { accepts: (e: string) => e.endsWith(role[0] ?? '') } : {}),
    });
  }
  return out;
}

/** The verb right before a span and the noun phrase right after it, from jieba's tags. */
function around(s: string, start: number, end: number): { verb?: string; noun?: string } {
  const before = tagWords(s.slice(Math.max(0, start - 8), start));
  const last = before.at(-1);
  const verb = last && /^v/.test(last.tag) && last.word.length >= 2 ? last.word : undefined;
  let noun = '';
  const words = tagWords(s.slice(end, end + 14));
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    if (!w) break;
    const nominal = /^n/.test(w.tag) || (w.tag === 'vn' && /^n/.test(words[k + 1]?.tag ?? ''));
    if (!nominal) break;
    noun += w.word;
  }
  return { ...(verb ? { verb } : {}), ...(noun.length >= 2 && noun.length <= 10 ? { noun } : {}) };
}

function countFacts(s: string, article: SourceArticle): Fact[] {
  const out: Fact[] = [];
  const text = s.replace(DATES, (d) => '　'.repeat(d.length));
  // Whose count it is: a place the sentence names outside a list, else the article's when its title names it.
  const named = detectPlaces(s).find((p) => !listed(s, shortPlaceName(p.name)));
  const own = article.places[0];
  const place = named ?? (own && article.title.includes(shortPlaceName(own.name)) ? own : undefined);
  if (!place) return out;
  for (const m of text.matchAll(COUNT)) {
    const at = m.index ?? 0;
    const { verb, noun } = around(text, at, at + m[0].length);
    // "一批", "一个": an article, not a count.
    if (!verb || !noun || /^[\d一二两三四五六七八九十]/.test(noun) || /^[一两]$/.test(m[1] ?? '')) continue;
    const unit = m[3] ?? '';
    pushCount(out, place, verb, unit, noun, m[1] ?? '');
  }
  // "收集意见建议86条": the verb, the noun, then the number.
  for (const m of text.matchAll(NOUN_COUNT)) {
    const [, verb = '', noun = '', n = '', unit = ''] = m;
    if (/^[一两]$/.test(n) || tagWords(verb)[0]?.tag.startsWith('v') !== true) continue;
    const words = tagWords(noun);
    // Nouns, a verbal noun before one, set phrases ("意见建议" is tagged l).
    if (!words.every((w) => /^(n|vn|l|j)/.test(w.tag)) || !/^(n|l|j)/.test(words.at(-1)?.tag ?? '')) continue;
    pushCount(out, place, verb, unit, noun, n);
  }
  return out;
}

const NOUN_COUNT =
  /(?:^|[，,；、])([\u4e00-\u9fff]{2})([\u4e00-\u9fff]{2,8}?)(\d+(?:\.\d+)?|[二两三四五六七八九十百千]{1,4})(?:余|多)?(个|家|条|项|名|位|户|所|件|场|次|批|座|篇|人|支|处)/g;

/** The name occurs only as an item of a list ("到A、B、C"). */
function listed(s: string, name: string): boolean {
  const at = s.indexOf(name);
  if (at < 0) return false;
  const after = s.slice(at + name.length).replace(/^[省市县区]/, '');
  return s[at - 1] === '、' || after.startsWith('、');
}

/** Verbs of having or amounting to: "有了多少" asks nothing a report states that way. */
const STATIVE = /^(有|拥有|共有|共计|总计|合计|包含|包括|超过|达到|达|约|近|逾|占|为|是)$/;
/** Classifier + noun pairs that are a duration or a time, not a count. */
const TIME_NOUN = /^(小时|分钟|天|年|月|周|秒)/;

function pushCount(out: Fact[], place: Place, verb: string, unit: string, noun: string, n: string): void {
  if (STATIVE.test(verb) || TIME_NOUN.test(noun) || detectPlaces(noun).length > 0) return;
  {
    out.push({
      kind: 'count',
      template: `{E}${verb}了多少${unit}${noun}？`,
      entity: place.name,
      write: (e) => e,
      must: [n],
      // Conservative: any count of the head noun ("12条具体建议" for 对策建议) might answer.
      key: new RegExp(escapeRegExp(tagWords(noun).at(-1)?.word ?? noun)),
      placeLevel: place.level,
    });
  }
}

/** Events: "8月18日，…召开/举行…联组讨论会". */
const EVENT =
  /(\d{1,2}月\d{1,2}日)[^。；]{0,30}?(召开|举行|举办|开幕|启动|召集|组织)了?([^，。；、“”]{0,12}?(会议|座谈会|讨论会|协商会|论坛|大会|推进会|调研|活动|培训班))/;

function dateFacts(s: string, article: SourceArticle): Fact[] {
  const m = EVENT.exec(s);
  const place = article.places[0];
  if (!m || !place) return [];
  const event = (m[3] ?? '').replace(/^(了|的|一场|一次)+/, '');
  if (
    event.length < 4 ||
    !/^\p{Script=Han}+$/u.test(event) ||
    !article.title.includes(shortPlaceName(place.name))
  )
    return [];
  return [
    {
      kind: 'date',
      template: `{E}的${event}是哪天${m[2] ?? ''}的？`,
      entity: place.name,
      write: (e) => e,
      must: [m[1] ?? ''],
      key: new RegExp(`${escapeRegExp(event)}`),
      placeLevel: place.level,
    },
  ];
}

function visitFacts(s: string): Fact[] {
  const m = VISIT.exec(s);
  if (!m) return [];
  // The leader: a name right before 率/带领 ("王五率…"), after its titles.
  const before = s.slice(0, m.index);
  // After a title ("主席王五") the name is two characters; otherwise try three, then two.
  const tries = /[席记长任委员]\p{Script=Han}{2}$/u.test(before)
    ? [before.slice(-2)]
    : [before.slice(-3), before.slice(-2)];
  const name = tries.find((t) => t.length >= 2 && nameAfter(`${t}率`) === t);
  const dest = m[1] ?? '';
  const place = detectPlaces(dest)[0];
  if (!name || !place) return [];
  return [
    {
      kind: 'visit',
      template: `{E}率队到哪里${m[2] ?? '考察'}？`,
      entity: name,
      write: (e) => e,
      must: [shortPlaceName(place.name)],
      key: /(到|赴|前往|来到|走进)[^，。；]{0,12}(考察|调研|参观|学习|交流|视察)/,
    },
  ];
}

/** A stable pseudo-random order (no Math.random: the same corpus gives the same set). */
function rank(seed: string): number {
  return createHash('sha1').update(seed).digest().readUInt32BE(0);
}

export interface GenerateOptions {
  /** Swap negatives made per answerable question (different replacements). */
  swapsPerFact?: number;
  /** At most this many answerable questions of one kind. */
  maxPerKind?: number;
}

/** Where each entity is named: sentences by place and by article, computed once. */
class Mentions {
  private byPlace = new Map<string, number[]>();
  private byArticle = new Map<number, number[]>();
  private aboutPlace = new Map<string, number[]>();
  private byName = new Map<string, number[]>();

  constructor(
    readonly sentences: Sentence[],
    articles: SourceArticle[],
  ) {
    sentences.forEach((s, i) => {
      for (const p of detectPlaces(s.text)) push(this.byPlace, p.name, i);
      push(this.byArticle, s.article, i);
    });
    articles.forEach((a, i) => {
      for (const p of a.places) push(this.aboutPlace, p.name, i);
    });
  }

  places(): string[] {
    return [...this.byPlace.keys()];
  }

  /** Sentences naming the place, and sentences of articles about it. */
  ofPlace(name: string): { naming: number[]; about: number[] } {
    const about = (this.aboutPlace.get(name) ?? []).flatMap((a) => this.byArticle.get(a) ?? []);
    return { naming: this.byPlace.get(name) ?? [], about };
  }

  ofName(name: string): number[] {
    let found = this.byName.get(name);
    if (!found) {
      found = [];
      this.sentences.forEach((s, i) => {
        if (s.text.includes(name)) found?.push(i);
      });
      this.byName.set(name, found);
    }
    return found;
  }
}

function push<K>(m: Map<K, number[]>, k: K, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Replacements tried per question before giving up on finding one verifiably absent. */
const MAX_TRIES = 40;

/** Answerable template questions and their entity-swap negatives, in a stable order. */
export function generateSwaps(articles: SourceArticle[], opts: GenerateOptions = {}): SwapQuestion[] {
  const swapsPerFact = opts.swapsPerFact ?? 8;
  const maxPerKind = opts.maxPerKind ?? 150;
  const sentences: Sentence[] = [];
  articles.forEach((a, article) => {
    for (const p of a.paragraphs)
      for (const u of sentenceUnits(p)) sentences.push({ text: normalizeForMatch(u), article });
  });
  const mentions = new Mentions(sentences, articles);
  const levels = new Map<string, Place['level']>();
  for (const name of mentions.places()) {
    const p = detectPlaces(name)[0];
    if (p) levels.set(name, p.level);
  }

  const facts: Fact[] = [];
  const people = new Set<string>();
  for (const { text, article } of sentences) {
    const a = articles[article];
    if (!a) continue;
    const found = [...roleFacts(text, a), ...countFacts(text, a), ...dateFacts(text, a), ...visitFacts(text)];
    for (const f of found) if (f.kind === 'role' && f.must[0]) people.add(f.must[0]);
    facts.push(...found);
  }
  for (const f of facts) if (f.kind === 'visit') people.add(f.entity);

  // One answerable question per distinct text; each kind capped.
  const seen = new Set<string>();
  const perKind = new Map<SwapKind, number>();
  const out: SwapQuestion[] = [];
  const sorted = [...facts].sort((x, y) => rank(x.template + x.entity) - rank(y.template + y.entity));
  for (const f of sorted) {
    const question = f.template.replace('{E}', f.write(f.entity));
    if (seen.has(question) || (perKind.get(f.kind) ?? 0) >= maxPerKind) continue;
    seen.add(question);
    perKind.set(f.kind, (perKind.get(f.kind) ?? 0) + 1);
    out.push({
      id: `a${out.length}`,
      kind: f.kind,
      question,
      answerable: true,
      must: f.must,
      entity: f.entity,
    });
    const candidates = (
      f.kind === 'visit'
        ? [...people].filter((p) => p !== f.entity)
        : [...levels].filter(([n, level]) => level === f.placeLevel && n !== f.entity).map(([n]) => n)
    )
      .filter((e) => f.accepts?.(e) ?? true)
      .sort((x, y) => rank(question + x) - rank(question + y));
    let made = 0;
    for (const e of candidates.slice(0, MAX_TRIES)) {
      if (made >= swapsPerFact) break;
      if (!absent(f, e, mentions)) continue;
      const swapped = f.template.replace('{E}', f.write(e));
      if (seen.has(swapped)) continue;
      seen.add(swapped);
      made++;
      out.push({
        id: `n${out.length}`,
        kind: f.kind,
        question: swapped,
        answerable: false,
        must: [],
        entity: e,
      });
    }
  }
  return out;
}

/**
 * The reports name entity `e` but do not state the fact for it: no sentence naming it holds the fact's key
 * words, nor (a place) any sentence of an article about it. Conservative: a swap that might be answered is
 * dropped.
 */
function absent(f: Fact, e: string, mentions: Mentions): boolean {
  const { naming, about } =
    f.kind === 'visit' ? { naming: mentions.ofName(e), about: [] } : mentions.ofPlace(e);
  if (naming.length === 0) return false;
  return ![...naming, ...about].some((i) => f.key.test(mentions.sentences[i]?.text ?? ''));
}
