/**
 * Typed entity mentions in a question or answer text (pure): places (the gazetteer), people (names beside a title,
 * or jieba's person tag) and bodies (government departments, committees, CPPCC bodies, delegations; known short
 * and full names from abbreviations.ts and suffix rules). Conversation state (conversation-state.ts) swaps and
 * resolves them by type, so each mention keeps where it stands in the text.
 */
import { toFullNames } from '../text/bodies.js';
import { countPlaces, detectPlaces } from '../text/places.js';
import { tagWords } from '../text/tokenize.js';
import type { Place } from '../types.js';

export type EntityType = 'place' | 'person' | 'body';

export interface Mention {
  type: EntityType;
  /** The text as written ("宁波市", "洛阳", "人社局", "浙江省宁波市"). */
  text: string;
  start: number;
  end: number;
  /** For places: the gazetteer entry (the most specific one when a parent is written before it). */
  place?: Place;
}

const PLACE_SUFFIX = /(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|地区|省|市|县|区|盟|旗)$/;

/** "洛阳市" → "洛阳": how places are usually written in running text and questions. */
export function shortPlaceName(name: string): string {
  const s = name.replace(PLACE_SUFFIX, '');
  return s.length >= 2 ? s : name;
}

/** Where a place is written in `text` (full or short form, first occurrence). */
function placeSpan(place: Place, text: string): { start: number; end: number } | undefined {
  for (const form of [place.name, shortPlaceName(place.name)]) {
    const i = text.indexOf(form);
    if (i >= 0) return { start: i, end: i + form.length };
  }
  return undefined;
}

/**
 * Places, a parent written right before its child counted in the child's mention ("浙江省宁波市"); a parent
 * written elsewhere is a mention of its own ("宁波市政协调研组在象山" names 宁波市 and 象山县). Most specific first.
 */
export function placeMentions(text: string): Mention[] {
  const out: Mention[] = [];
  const specific = detectPlaces(text);
  const others = [...countPlaces(text).values()]
    .map((c) => c.place)
    .filter((p) => !specific.some((s) => s.code === p.code));
  for (const place of [...specific, ...others]) {
    const span = placeSpan(place, text);
    if (!span) continue;
    let start = span.start;
    for (const parent of [...place.parents].reverse()) {
      const forms = [parent, shortPlaceName(parent)];
      const before = forms.find((f) => text.slice(0, start).endsWith(f));
      if (before) start -= before.length;
    }
    const m: Mention = { type: 'place', text: text.slice(start, span.end), start, end: span.end, place };
    if (!out.some((o) => m.start < o.end && o.start < m.end)) out.push(m);
  }
  return out;
}

const TITLE = '委员|常委|主席|副主席|书记|主任|代表|院士|教授|秘书长|主委|厅长|局长|市长|县长|省长|部长';
/** Words that follow a speaker's name in reports and questions ("委员张三建议", "主席李四：", "王五率团"). */
const AFTER_NAME = '建议|认为|提出|表示|说|指出|强调|介绍|呼吁|关注|谈|讲|率|有|在|的|做|呢|：|:';
/** "张三委员", "委员张三建议": 2–3 characters right before or after a title. */
const NAME_BEFORE_TITLE = new RegExp(`(\\p{Script=Han}{2,3}?)(?:${TITLE})`, 'gu');
const NAME_AFTER_TITLE = new RegExp(`(?:${TITLE})\\s?(\\p{Script=Han}{2,3}?)(?=${AFTER_NAME}|\\s|$)`, 'gu');
/** Last characters of organisation names or titles, never of the names they stand beside ("市政协委员"). */
const NOT_A_NAME = /[协市省县区会局委厅部党社盟组员长席任记]$/;

/**
 * Common Chinese surnames: the ~150 most frequent single-character ones of the national household-registration
 * ranking, and the double ones still in use. A name must start with one, so "怎么" after "常委" or a county jieba
 * tags as a person ("象山") is not taken for a name.
 */
const SURNAMES = new Set(
  (
    '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢' +
    '姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤葛岳' +
    '齐凌宁常申聂兰柳易乔庞樊洪文殷施牛鲁阎倪温芦孔季左安卢米邢骆焦翟柴祝柏谷车甘尚欧阳'
  ).split(''),
);
const DOUBLE_SURNAMES = /^(欧阳|司马|诸葛|上官|东方|皇甫|令狐|慕容|夏侯|尉迟|公孙|长孙|宇文|司徒)/;

/** A plausible full name: 2–4 Han characters starting with a common surname. */
export function looksLikeName(s: string): boolean {
  if (!/^\p{Script=Han}{2,4}$/u.test(s)) return false;
  return DOUBLE_SURNAMES.test(s) ? s.length >= 3 : SURNAMES.has(s[0] ?? '') && s.length <= 3;
}

/**
 * Person names in order of appearance: name + title patterns first, then jieba's person tag "nr", then words
 * jieba does not know ("x") of three characters that start with a surname (most names are new to its dictionary).
 */
export function personNames(text: string): string[] {
  const out: string[] = [];
  const add = (name: string | undefined): void => {
    if (name && looksLikeName(name) && !NOT_A_NAME.test(name) && !out.includes(name)) out.push(name);
  };
  for (const re of [NAME_BEFORE_TITLE, NAME_AFTER_TITLE]) for (const m of text.matchAll(re)) add(m[1]);
  for (const w of tagWords(text))
    if ((w.tag === 'nr' || (w.tag === 'x' && w.word.length === 3)) && detectPlaces(w.word).length === 0)
      add(w.word);
  return out;
}

/**
 * Suffixes that end the name of a body, with the shortest field before them: "政协" and "委员会" stand alone,
 * "教育局" needs two characters ("布局" is no body). Suffix list: the standard endings of Chinese government and
 * CPPCC bodies and working groups.
 */
const BODY_SUFFIXES: readonly (readonly [string, number, number])[] = [
  // [suffix, shortest field, longest field]
  ['委员会', 0, 10],
  ['办公室', 2, 10],
  ['政协', 0, 2],
  ['调研组', 0, 4],
  ['考察团', 0, 4],
  ['工作组', 0, 4],
  ['局', 2, 10],
  ['委', 2, 10],
  ['厅', 2, 10],
  ['办', 2, 10],
];
/**
 * A body's name starts after one of these: punctuation, a particle or preposition, or a place. Not 和/与: they are
 * inside names ("工业和信息化局").
 */
const BOUNDARY = /[\s\p{P}的、在对向给由把被让是有了]/u;
/** Endings of common words that look like bodies: 布局/格局/大局, 主委/常委/编委, 委员, 办理/办法/办公. */
const FALSE_BEFORE = /[布格大全结当开变破主常编]$/;
/** …and what follows them: 委员, 办理/办法/办公, 局面/局势, and the titles 局长/厅长. */
const FALSE_AFTER: Record<string, RegExp> = {
  委: /^员(?!会)/,
  办: /^[理法公学]/,
  局: /^[面势长]/,
  厅: /^长/,
};

function bodyAt(
  text: string,
  [suffix, minField, maxField]: readonly [string, number, number],
  at: number,
  places: Mention[],
): Mention | undefined {
  const end = at + suffix.length;
  if (FALSE_AFTER[suffix]?.test(text.slice(end))) return undefined;
  // The nearest start: a boundary character, the end of a place, or a level word ("市教育局") after either.
  let start = at;
  // 和/与 inside a name ("工业和信息化局") but between two names after a finished one ("教育局和人社局").
  const afterName = (i: number): boolean =>
    /[和与及]/.test(text[i - 1] ?? '') && /(局|委|厅|办|委员会|办公室|政协)$/.test(text.slice(0, i - 1));
  const atBoundary = (i: number): boolean =>
    i === 0 || BOUNDARY.test(text[i - 1] ?? '') || places.some((p) => p.end === i) || afterName(i);
  while (!atBoundary(start) && at - start <= maxField) start--;
  if (at - start > maxField) return undefined;
  let field = text.slice(start, at);
  const level = /^[省市县区]/.exec(field);
  if (level && field.length - 1 >= minField) {
    start += 1;
    field = field.slice(1);
  }
  if (field.length < minField || (suffix.length === 1 && FALSE_BEFORE.test(field))) return undefined;
  return { type: 'body', text: text.slice(start, end), start, end };
}

/** Bodies named in a text, in order: by suffix rule, and the short names abbreviations.ts knows ("住建局"). */
export function bodyMentions(text: string, places = placeMentions(text)): Mention[] {
  const found: Mention[] = [];
  for (const rule of BODY_SUFFIXES) {
    for (let at = text.indexOf(rule[0]); at >= 0; at = text.indexOf(rule[0], at + 1)) {
      const m = bodyAt(text, rule, at, places);
      if (m) found.push(m);
    }
  }
  // Longest first, then drop mentions inside another ("委员会" inside "黄河水利委员会").
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const out: Mention[] = [];
  for (const m of found) {
    if (out.some((o) => m.start < o.end && o.start < m.end)) continue;
    if (places.some((p) => p.start <= m.start && m.end <= p.end)) continue;
    out.push(m);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** True when the text is a body's name (short or full): the whole text is one body mention. */
export function isBodyName(text: string): boolean {
  const ms = bodyMentions(text);
  return (
    (ms.length === 1 && ms[0]?.start === 0 && ms[0].end === text.length) || toFullNames(text) !== undefined
  );
}

/** Every typed mention in a text, in order of position, overlaps resolved (places win, then bodies). */
export function mentions(text: string): Mention[] {
  const places = placeMentions(text);
  const bodies = bodyMentions(text, places);
  const taken = [...places, ...bodies];
  const persons: Mention[] = [];
  for (const name of personNames(text)) {
    const start = text.indexOf(name);
    const m: Mention = { type: 'person', text: name, start, end: start + name.length };
    if (start >= 0 && !taken.some((o) => m.start < o.end && o.start < m.end)) persons.push(m);
  }
  return [...taken, ...persons].sort((a, b) => a.start - b.start);
}
