/**
 * Whether a report sentence answers the asked slot (pure): it must hold the asked kind of fact AND bind it to
 * the question's entities. "X市政协主席是谁" is answered by "X市政协主席张三…" or, in a report about X,
 * "市政协主席张三…" — not by a trip to X, not by "Y市政协主席李四", not by "收到县委书记批示" (no holder named).
 * A count must be of the counted thing ("40余家企业" for 多少家企业), a measure must carry its unit, a date,
 * place, body or person must be one the question does not already name (answer-shape.ts).
 */
import { toShortNames } from '../text/bodies.js';
import { namesMember } from '../text/collectives.js';
import { normalizeForMatch } from '../text/normalize.js';
import { detectPlaces } from '../text/places.js';
import { tagWords } from '../text/tokenize.js';
import { shapeFit } from './answer-shape.js';
import { shortPlaceName } from './query.js';
import { headlineOfPassage, type Passage } from './retrieve.js';
import { ROLE_HEADS, surfaceOf, type AskedSlot, type SlotEntity } from './slot.js';

/** A sentence with what a reader knows around it: its neighbours, its article's headline and places. */
export interface SentenceContext {
  sentence: string;
  /** Its paragraph up to it, the sentence after, the paragraph before. */
  near: string[];
  /** The sentence right before it, when there is one in its paragraph. */
  before?: string;
  headline: string;
  /** The article's places (full names, with their parents), as ingest stored them. */
  places: string[];
}

const norm = (s: string): string => normalizeForMatch(s).toLowerCase();
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The article is about the place: it is one of its places, or its headline names it. */
function articleAbout(e: SlotEntity, ctx: SentenceContext): boolean {
  if (e.place)
    return ctx.places.includes(e.place.name) || ctx.headline.includes(shortPlaceName(e.place.name));
  return namedIn(e.text, ctx.headline);
}

/** A named entity is in the text as written, or as all its words (a report may put a word between them). */
function namedIn(name: string, text: string): boolean {
  const hay = bare(text);
  const n = bare(name);
  if (hay.includes(n) || namesMember(n, hay)) return true;
  // A description of several words ("X货物贸易进出口总值") is rephrased more than a name: most words suffice.
  const words = tagWords(n).filter((w) => w.word.length >= 2);
  if (words.length < 2) return false;
  const held = words.filter((w) => hay.includes(w.word)).length;
  return words.length === 2 ? held === 2 : held >= Math.ceil(words.length * DESCRIPTION_SHARE);
}

/** Share of a multi-word description's words a text must hold. */
const DESCRIPTION_SHARE = 0.7;

/**
 * Text compared without quote marks and spaces ("“柚”提兴农" is "柚提兴农"), bodies in their short names
 * (工业和信息化局 is 工信局, abbreviations.ts).
 */
const bare = (s: string): string => toShortNames(norm(s)).replace(/[“”"'‘’「」『』\s]/g, '');

/**
 * The place is named in the text other than as one item of a list ("到A、B、C调研" visits them; it says
 * nothing about what A did).
 */
function namesPlace(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1] ?? '';
    const after = text.slice(at + name.length).replace(/^[省市县区]/, '')[0] ?? '';
    if (before !== '、' && after !== '、') return true;
  }
  return false;
}

/** The entity is the sentence's (named in it or next to it) or the article's. */
export function entityInScope(e: SlotEntity, ctx: SentenceContext): boolean {
  const text = [ctx.sentence, ...ctx.near].join('\n');
  if (e.place) {
    const p = e.place;
    if (namesPlace(text, p.name) || namesPlace(text, shortPlaceName(p.name))) return true;
    return articleAbout(e, ctx);
  }
  return namedIn(e.text, text) || namedIn(e.text, ctx.headline);
}

/** Numerals as reports write them, with "余/多" ("40余家", "两千多名"); "这一", "一批", "一些" count nothing. */
const NUM =
  '(?:\\d+(?:\\.\\d+)?|(?<![这那每同统唯第])(?!一(?:批|些|系列|种|起|道|样|直|定|同|般))[一二两三四五六七八九十百千万亿]+|[数几上近逾][十百千万])\\s*(?:余|多)?';
/** Dates and times are no count: blanked before a sentence is read for one. */
const DATES =
  /(\d{4}\s*年(\d{1,2}\s*月)?(\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月份?|\d{1,2}[:：]\d{2})/g;

/** A number stated of the counted thing: "86条意见建议", "意见建议86条", "60余位省、市政协委员". */
function countsOf(sentence: string, counted: string[]): boolean {
  const s = sentence.replace(DATES, ' ');
  return counted.some((x) => {
    const e = escapeRegExp(x);
    return (
      new RegExp(`${NUM}[^，。；,;！？\\d]{0,8}?${e}`).test(s) ||
      new RegExp(`${e}[^，。；,;！？\\d]{0,6}?${NUM}`).test(s)
    );
  });
}

/** A value with one of the units of the measure ("12万平方米", "常住人口120万"). */
function measured(sentence: string, units: RegExp): boolean {
  const s = sentence.replace(DATES, ' ');
  return new RegExp(`${NUM}\\s*${units.source}`).test(s);
}

/**
 * The most common Chinese surnames (the population ranking of surnames, top ~150, with the common two-character
 * ones): a title followed by two or three characters starting with one is read as a name.
 */
const SURNAMES = new Set(
  (
    '王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 ' +
    '叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 ' +
    '贺 顾 毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢 安 齐 易 乔 伍 庞 颜 倪 庄 聂 章 鲁 岳 翟 殷 詹 申 ' +
    '欧 耿 关 兰 焦 俞 左 柳 甘 祝 包 宁 尚 符 舒 阮 柯 纪 梅 童 凌 毕 单 季 裴 霍 涂 成 苗 谷 盛 曲 翁 冉 骆 蓝 路 游 辛 靳 管 柴 蒙 ' +
    '鲍 华 喻 祁 蒲 房 滕 屈 饶 解 牟 艾 尤 阳 时 穆 农 司 卓 古 吉 缪 简 车 项 连 芦 麦 褚 娄 窦 戚 岑 景 党 宫 费 卜 冷 晏 席 卫 ' +
    '米 柏 宗 瞿 桂 全 佟 应 臧 闵 苟 邬 边 卞 姬 师 和 仇 栾 隋 商 刁 沙 荣 巫 寇 桑 郎 甄 丛 仲 虞 敖 巩 明 佘 池 查 麻 苑 迟 邝 ' +
    '欧阳 司马 上官 诸葛 东方 皇甫 令狐 慕容 尉迟 长孙'
  ).split(/\s+/),
);

/** What follows a name in running text ("张三表示", "张三，", "张三同志"). */
const AFTER_NAME =
  /^(同志|表示|说|称|指出|认为|介绍|强调|要求|主持|出席|率|带队|一行|在|于|对|向|与|和|及|等|讲话|致辞|作|代表|调研|参加|会见|会谈|听取|，|,|。|、|；|\s|$)/;

/** A person's name starts at `at`: a common surname and two or three characters, or jieba's person tag. */
function nameAt(s: string, at: number): boolean {
  return nameAfter(s.slice(at)) !== undefined;
}

/** The person's name the text starts with ("张三表示…" → 张三), if it starts with one. */
export function nameAfter(text: string): string | undefined {
  const rest = text.replace(/^\s+/, '');
  const foreign = /^(?:\p{Script=Han}{1,8}[·・])+\p{Script=Han}{1,8}/u.exec(rest);
  if (foreign) {
    // The last part ends where what follows a name starts ("…·拉德曼会谈" → "…·拉德曼").
    const full = foreign[0];
    const head = full.slice(0, full.search(/[·・][^·・]*$/) + 1);
    for (let k = head.length + 2; k < full.length; k++)
      if (AFTER_NAME.test(rest.slice(k))) return full.slice(0, k);
    return full;
  }
  if (!/^\p{Script=Han}{2,4}/u.test(rest)) return undefined;
  const two = SURNAMES.has(rest.slice(0, 2));
  const one = SURNAMES.has(rest.slice(0, 1));
  if (!one && !two) return undefined;
  // "张华说，": a one-character verb or particle right after two characters ends the name there.
  if (/^[说称在率等和与及对向于、，,。；\s]/.test(rest.slice(2)) && !two) return rest.slice(0, 2);
  const first = tagWords(rest.slice(0, 8))[0];
  if (first?.tag === 'nr' && first.word.length >= 2 && first.word.length <= 4) return first.word;
  for (const len of [3, 2, 4]) {
    if (len === 4 && !two) continue;
    if (AFTER_NAME.test(rest.slice(len))) return rest.slice(0, len);
    // "许某某肯定了…": a verb right after the name.
    if (len === 3 && /^v/.test(tagWords(rest.slice(len, len + 6))[0]?.tag ?? '')) return rest.slice(0, len);
  }
  return undefined;
}

/** Other titles listed after the asked one before the name ("书记、市人大常委会主任凌峰"). */
const MORE_TITLES = new RegExp(`^(?:、[^，。；、\\s]{1,12}?(?:${ROLE_HEADS}))*`);

/** The role as a sentence may write it: "政协主席", "政协党组书记、主席" (never the deputy for the head). */
function rolePattern(slot: AskedSlot): RegExp {
  const head = escapeRegExp(slot.roleHead ?? '');
  const body = escapeRegExp(slot.roleBody ?? '');
  const deputy = /^副/.test(slot.roleHead ?? '') ? '' : '(?<!副|常务副)';
  const core = body === '' ? `${deputy}${head}` : `${body}(?:[^，。；、\\s]{0,6}、)?${deputy}${head}`;
  return new RegExp(core, 'g');
}

/**
 * Whose role it is, from the words right before it: the place or body written there ("Y市政协主席" is Y's),
 * or — written bare ("市政协主席", "县委书记") — the article's.
 */
function ownerMatches(before: string, slot: AskedSlot, ctx: SentenceContext): boolean {
  const tail = before.split(/[\p{P}\s]/u).at(-1) ?? '';
  const owner = slot.entities.find((e) => e.kind === 'named') ?? slot.entities[0];
  if (!owner) return true;
  if (owner.place) {
    const written = detectPlaces(tail);
    if (written.length > 0) return written.some((p) => p.name === owner.place?.name);
    // Nothing or a bare level word before the title ("会议由市政协主席…"): the article's place. Another name
    // there ("…、义乌市委书记") is someone else's role.
    if (tail === '' || /[省市县区州旗]$/.test(tail)) return articleAbout(owner, ctx);
    return namedIn(surfaceOf(owner), tail);
  }
  if (namedIn(owner.text, tail)) return true;
  // "该公司董事长", "董事长张三" in a report about the company.
  return (
    /^(该|本)?\p{Script=Han}{0,3}$/u.test(tail) &&
    (namedIn(owner.text, ctx.headline) || namedIn(owner.text, ctx.near.join('\n')))
  );
}

/** A holder of the role named in the sentence, and the role the question's entity's. */
function holdsRole(slot: AskedSlot, ctx: SentenceContext): boolean {
  const s = normalizeForMatch(ctx.sentence);
  for (const m of s.matchAll(rolePattern(slot))) {
    const at = m.index ?? 0;
    const after = s.slice(at + m[0].length);
    const titles = MORE_TITLES.exec(after)?.[0] ?? '';
    const holder =
      nameAt(after, titles.length) ||
      /^(?:为|是|由)/.test(after) ||
      // "张三任X市政协主席", "张三当选为…主席"
      new RegExp(`\\p{Script=Han}{2,3}(?:同志)?(?:任|担任|出任|当选为?)[^，。；]{0,12}$`, 'u').test(
        s.slice(0, at),
      );
    if (!holder) continue;
    if (ownerMatches(s.slice(0, at), slot, ctx)) return true;
  }
  return false;
}

/** True when the sentence (with its context) binds the asked slot: the asked fact, of the question's entities. */
export function bindsSlot(slot: AskedSlot, ctx: SentenceContext): boolean {
  // Where or when a named person or body did something is told with them: the sentence or the one before.
  const close = slot.kind === 'place' || slot.kind === 'date';
  const scope = (e: SlotEntity): boolean =>
    close && e.kind === 'named'
      ? namedIn(e.text, `${ctx.before ?? ''}${ctx.sentence}`) || namedIn(e.text, ctx.headline)
      : entityInScope(e, ctx);
  if (!slot.entities.every(scope)) return false;
  const s = ctx.sentence;
  const counted = [slot.counted, slot.countedHead].filter((x): x is string => x !== undefined && x !== '');
  switch (slot.kind) {
    case 'role':
      return holdsRole(slot, ctx);
    case 'count':
      return counted.length > 0 ? countsOf(s, counted) : shapeFit(s, slot.shape) >= 0.5;
    case 'measure':
      return (
        (slot.units !== undefined && measured(s, slot.units)) || (counted.length > 0 && countsOf(s, counted))
      );
    case 'date':
      // A day or month answers "哪一年" too: the report's own date gives the year.
      return shapeFit(s, slot.shape) >= (slot.shape.date === 'year' ? YEAR_FIT : DATE_FIT);
    case 'place':
      // "哪个城市": a city's name, or any place the question does not name ("在江苏扬州开营").
      return shapeFit(s, slot.shape) >= 0.5 || shapeFit(s, { ...slot.shape, named: undefined }) >= 0.5;
    case 'org':
    case 'person':
      return shapeFit(s, slot.shape) >= 0.5;
    case 'thing':
      return holdsThing(s, slot);
    default:
      return true;
  }
}

/**
 * Class nouns that name a kind of statement or manner, not a class of things ("采取了什么措施", "提出了什么
 *重要性"): reports state the content in their own words. Entries: abstract nouns of manner, measure and
 * statement in news Chinese.
 */
const ABSTRACT_SLOT =
  /^(措施|举措|办法|方法|方式|做法|手段|途径|路径|对策|策略|思路|作用|意义|重要性|必要性|影响|意见|建议|观点|看法|要求|目标|任务|内容|原因|问题|困难|挑战|特点|优势|成效|成果|变化|经验|理念|原则|标准|条件|政策|机制|模式)$/;

/** Class nouns asking for a post ("担任什么职务"): a title answers. */
const POST_SLOT = /^(职务|职位|头衔|身份|职称|官职)$/;
const TITLE = new RegExp(`(${ROLE_HEADS}|委员|常委|主委|理事|代表)`);

/**
 * What the question's verb takes: the verb or the class noun in the sentence (reports rephrase the rest), a
 * name of the asked class, or a title for a post.
 */
function holdsThing(s: string, slot: AskedSlot): boolean {
  const { verb, slot: noun } = slot.shape;
  if (shapeFit(s, slot.shape) >= 0.5) return true;
  if (noun && POST_SLOT.test(noun)) return TITLE.test(s);
  if (noun && ABSTRACT_SLOT.test(noun)) return true;
  // "反映了什么" without a class noun: reports word what was said freely, the entities decide.
  if (noun === undefined && !slot.shape.named) return true;
  // The class the question names ("什么会议") written in the sentence tells which one, as a noun does.
  const cls = slot.shape.className;
  return (
    (verb !== undefined && s.includes(verb)) ||
    (noun !== undefined && s.includes(noun)) ||
    (cls !== undefined && s.includes(cls))
  );
}

/** A date at least as specific as a month (or the year asked for): "近日" dates nothing. */
const DATE_FIT = 0.7;
const YEAR_FIT = 0.3;

/** Slots a sentence must fill; with 'none' only the entities are checked. */
export function isStrictSlot(slot: AskedSlot): boolean {
  return slot.kind !== 'none';
}

/** The sentence's context inside its passage: neighbours, paragraph opening, the lead when the passage has it. */
export function contextIn(
  passage: Passage,
  paragraphIndex: number,
  units: string[],
  i: number,
): SentenceContext {
  // What the paragraph said before it (its speaker, its subject) and the sentence after.
  const near = [...units.slice(0, i), units[i + 1]].filter((x): x is string => x !== undefined);
  // A report names its subject and goes on with "该…", "他…": the paragraph before counts too.
  if (paragraphIndex > 0) near.push(passage.paragraphTexts[paragraphIndex - 1] ?? '');
  const ctx: SentenceContext = {
    sentence: units[i] ?? '',
    near,
    headline: headlineOfPassage(passage),
    places: passage.places,
  };
  const before = units[i - 1];
  if (before !== undefined) ctx.before = before;
  return ctx;
}

/** The first sentence in each passage that names one of the entities: what the reports do say about it. */
export function mentionsOf(
  entity: SlotEntity,
  passages: Passage[],
  split: (paragraph: string) => string[],
): { passage: Passage; paragraphIndex: number; sentence: string }[] {
  const surface = surfaceOf(entity);
  const out: { passage: Passage; paragraphIndex: number; sentence: string }[] = [];
  for (const passage of passages) {
    if (out.some((m) => m.passage.articleId === passage.articleId)) continue;
    let found = false;
    passage.paragraphTexts.forEach((text, paragraphIndex) => {
      if (found) return;
      const sentence = split(text).find(
        (u) => namedIn(surface, u) || (entity.place && u.includes(entity.place.name)),
      );
      if (sentence) {
        out.push({ passage, paragraphIndex, sentence });
        found = true;
      }
    });
  }
  return out;
}
