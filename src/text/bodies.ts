/**
 * Government bodies and their spellings. Reports and questions name one body several ways — 发展和改革委员会,
 * 发展改革委 (the official short form), 发改委 (the everyday one) — and jieba cuts each into unrelated words, so
 * none finds the others. Every spelling is generated from a body's full stem and kind by rule; the everyday
 * abbreviated stems (发改, 人社, 住建 …) are conventions, listed per body.
 *
 * One API for everything that compares texts or finds bodies in them:
 * - `toShortNames(text)`: every body in its one canonical short spelling — matching (re-scoring, refusal) compares
 *   texts in this form, so all spellings of a body are the same words;
 * - `bodySpellings(text)`: the text with its bodies in each standard spelling — retrieval sends each to BM25;
 * - `findBodies(text)`: the bodies a text names, with the place written before them (深圳市发改委 → 深圳市).
 */
import { detectPlaces } from './places.js';

/** A body's kind: what its full name ends with, and the short ending official texts use. */
const SHORT_SUFFIX: Record<string, string> = { 委员会: '委', 办公室: '办' };

interface BodySpec {
  /** Full stem as the official name prints it ("发展和改革"). */
  stem: string;
  /** Conventional abbreviated stems, the most used first ("市场监管", "市监"). */
  shorts?: readonly string[];
  /** The kinds the body takes at the national / provincial / city and county level (部, 厅, 局, 委员会 …). */
  kinds: readonly string[];
}

/**
 * Bodies of the State Council and of local governments, from their official names: the State Council's
 * constituent departments, its directly affiliated and administrative bodies and the national bureaus run by
 * ministries (国务院组成部门、直属机构、部委管理的国家局, as named after the 2018 and 2023 institutional reforms),
 * and the working departments of provincial, city and county governments, which mirror them as 厅 / 委 / 局 / 办
 * (省政府组成部门 and 市县政府工作部门 under the same reforms). The abbreviated stems are the conventional short
 * names those bodies use for themselves (国家发展改革委's "发改", 人社部's "人社" …), not words from questions.
 */
const GOVERNMENT: readonly BodySpec[] = [
  { stem: '发展和改革', shorts: ['发改'], kinds: ['委员会', '局'] },
  { stem: '教育', kinds: ['部', '厅', '局'] },
  { stem: '科学技术', shorts: ['科技'], kinds: ['部', '厅', '局'] },
  { stem: '工业和信息化', shorts: ['工信'], kinds: ['部', '厅', '局', '委员会'] },
  { stem: '经济和信息化', shorts: ['经信'], kinds: ['厅', '局', '委员会'] },
  { stem: '民族事务', shorts: ['民族'], kinds: ['委员会'] },
  { stem: '民族宗教事务', shorts: ['民宗'], kinds: ['委员会', '局'] },
  { stem: '公安', kinds: ['部', '厅', '局'] },
  { stem: '民政', kinds: ['部', '厅', '局'] },
  { stem: '司法', kinds: ['部', '厅', '局'] },
  { stem: '财政', kinds: ['部', '厅', '局'] },
  { stem: '人力资源和社会保障', shorts: ['人社'], kinds: ['部', '厅', '局'] },
  { stem: '自然资源', kinds: ['部', '厅', '局'] },
  { stem: '规划和自然资源', shorts: ['规自'], kinds: ['局', '委员会'] },
  { stem: '自然资源和规划', shorts: ['自规'], kinds: ['厅', '局'] },
  { stem: '生态环境', kinds: ['部', '厅', '局'] },
  { stem: '住房和城乡建设', shorts: ['住建'], kinds: ['部', '厅', '局', '委员会'] },
  { stem: '交通运输', shorts: ['交通'], kinds: ['部', '厅', '局'] },
  { stem: '水利', kinds: ['部', '厅', '局'] },
  { stem: '农业农村', shorts: ['农业'], kinds: ['部', '厅', '局'] },
  { stem: '商务', kinds: ['部', '厅', '局'] },
  { stem: '文化和旅游', shorts: ['文旅'], kinds: ['部', '厅', '局'] },
  { stem: '文化广电和旅游', shorts: ['文广旅'], kinds: ['厅', '局'] },
  { stem: '卫生健康', shorts: ['卫健'], kinds: ['委员会', '局'] },
  { stem: '退役军人事务', shorts: ['退役军人'], kinds: ['部', '厅', '局'] },
  { stem: '应急管理', shorts: ['应急'], kinds: ['部', '厅', '局'] },
  { stem: '审计', kinds: ['署', '厅', '局'] },
  { stem: '外事', shorts: ['外'], kinds: ['办公室'] },
  { stem: '国有资产监督管理', shorts: ['国资'], kinds: ['委员会'] },
  { stem: '市场监督管理', shorts: ['市场监管', '市监'], kinds: ['总局', '局'] },
  { stem: '药品监督管理', shorts: ['药监'], kinds: ['局'] },
  { stem: '金融监督管理', shorts: ['金融监管'], kinds: ['总局', '局'] },
  { stem: '证券监督管理', shorts: ['证监'], kinds: ['委员会'] },
  { stem: '广播电视', shorts: ['广电'], kinds: ['总局', '局'] },
  { stem: '体育', kinds: ['总局', '局'] },
  { stem: '统计', kinds: ['局'] },
  { stem: '知识产权', kinds: ['局'] },
  { stem: '医疗保障', shorts: ['医保'], kinds: ['局'] },
  { stem: '信访', kinds: ['局'] },
  { stem: '机关事务管理', shorts: ['机关事务'], kinds: ['局'] },
  { stem: '粮食和物资储备', shorts: ['粮储'], kinds: ['局'] },
  { stem: '能源', kinds: ['局'] },
  { stem: '数据', kinds: ['局'] },
  { stem: '林业和草原', shorts: ['林草'], kinds: ['局'] },
  { stem: '乡村振兴', kinds: ['局'] },
  { stem: '行政审批服务', shorts: ['行政审批'], kinds: ['局'] },
  { stem: '城市管理', shorts: ['城管'], kinds: ['局'] },
  { stem: '城市管理综合执法', shorts: ['城管执法'], kinds: ['局'] },
  // Not '金融监管局': that short name belongs to the 金融监督管理局 line above (the national regulator's local bureaus).
  { stem: '地方金融监督管理', shorts: ['地方金融监管'], kinds: ['局'] },
  { stem: '税务', kinds: ['总局', '局'] },
  { stem: '海关', kinds: ['总署'] },
  { stem: '人民政府', shorts: ['政府'], kinds: ['办公厅', '办公室'] },
];

/**
 * Party, people's-congress-side and mass organisations a report names as often as government bodies, with the
 * short names they use themselves (统战部, 工商联 …): [full name, short names]. From the organisations' official
 * names; their short forms do not follow the stem + kind rule.
 */
const ORGANISATIONS: readonly (readonly [string, readonly string[]])[] = [
  ['统一战线工作部', ['统战部']],
  ['政法委员会', ['政法委']],
  ['纪律检查委员会', ['纪委']],
  ['网络安全和信息化委员会办公室', ['网信办']],
  ['台湾事务办公室', ['台办']],
  ['侨务办公室', ['侨办']],
  ['归国华侨联合会', ['侨联']],
  ['工商业联合会', ['工商联']],
  ['残疾人联合会', ['残联']],
  ['妇女联合会', ['妇联']],
  ['科学技术协会', ['科协']],
];

export interface Body {
  /** The official full name ("发展和改革委员会"). */
  full: string;
  /** The canonical short name every matching step compares in ("发改委"). */
  short: string;
  /** The official short form when there is one besides the everyday one ("发展改革委"). */
  official?: string;
  /** Every spelling of the body. */
  spellings: string[];
}

function governmentBody(spec: BodySpec, kind: string): Body {
  const shortKind = SHORT_SUFFIX[kind] ?? kind;
  // Official texts drop 和 and shorten 委员会 → 委, 办公室 → 办 ("国家发展改革委", "外事办").
  const plain = spec.stem.replace(/和/g, '');
  const stems = [...new Set([spec.stem, plain, ...(spec.shorts ?? [])])];
  const kinds = [...new Set([kind, shortKind])];
  const spellings = stems.flatMap((s) => kinds.map((k) => s + k));
  const short = (spec.shorts?.[0] ?? plain) + shortKind;
  const official = plain + shortKind;
  const body: Body = { full: spec.stem + kind, short, spellings: [...new Set(spellings)] };
  if (official !== body.full && official !== short) body.official = official;
  return body;
}

function buildBodies(): Body[] {
  const out: Body[] = [];
  for (const spec of GOVERNMENT) for (const kind of spec.kinds) out.push(governmentBody(spec, kind));
  for (const [full, shorts] of ORGANISATIONS) {
    const short = shorts[0] ?? full;
    out.push({ full, short, spellings: [...new Set([full, ...shorts])] });
  }
  return out;
}

/** Every listed body. */
export const BODIES: readonly Body[] = buildBodies();

const bySpelling = new Map<string, Body>();
for (const b of BODIES) for (const s of b.spellings) if (!bySpelling.has(s)) bySpelling.set(s, b);

const SPELLINGS = new RegExp(
  [...bySpelling.keys()]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|'),
  'g',
);

/**
 * What may follow a body's last character when it really ends there: "教育部门" is any education department, "应急局面"
 * no bureau, "外办理" no office, "委托" no commission.
 */
const NOT_AFTER: Record<string, RegExp> = {
  部: /^[门分署位件队落]/,
  局: /^[面势限促]/,
  委: /^(?:员(?!会)|托|屈|婉)/,
  办: /^(?:理|法|事|学|好|成|案|公(?!室|厅))/,
  厅: /^[堂内]/,
  署: /^[名]/,
};

/** Characters a short body name of two characters needs right before it: a place, a level, 国家 ("市外办"). */
const LEVEL_BEFORE = /(?:市|省|县|区|州|旗|盟|国家|国务院|中央|自治区|乡|镇)$/;

interface Hit {
  start: number;
  end: number;
  body: Body;
  spelling: string;
}

function scan(text: string): Hit[] {
  const out: Hit[] = [];
  for (const m of text.matchAll(SPELLINGS)) {
    const spelling = m[0];
    const body = bySpelling.get(spelling);
    if (body === undefined) continue;
    const start = m.index;
    const end = start + spelling.length;
    const guard = NOT_AFTER[spelling.at(-1) ?? ''];
    if (guard?.test(text.slice(end, end + 2))) continue;
    // Two characters ("外办", "纪委", "台办") are inside ordinary words too ("对外办", "平台办理"): only after a level.
    if (spelling.length <= 2 && !LEVEL_BEFORE.test(text.slice(Math.max(0, start - 3), start))) continue;
    out.push({ start, end, body, spelling });
  }
  return out;
}

function rewrite(text: string, pick: (b: Body) => string): string {
  let out = '';
  let at = 0;
  for (const h of scan(text)) {
    out += text.slice(at, h.start) + pick(h.body);
    at = h.end;
  }
  return out + text.slice(at);
}

/** The text with every body in its canonical short name ("成都市工业和信息化局" → "成都市工信局"). */
export function toShortNames(text: string): string {
  return rewrite(text, (b) => b.short);
}

/** The text with every body written out in full, or undefined when it names none. */
export function toFullNames(text: string): string | undefined {
  return scan(text).length > 0 ? rewrite(text, (b) => b.full) : undefined;
}

/** True when the text names a listed body in any spelling. */
export function hasAbbreviation(text: string): boolean {
  return scan(text).length > 0;
}

/**
 * The text with its bodies in each standard spelling — short, full, official short ("发改委", "发展和改革委员会",
 * "发展改革委") — distinct and without the text itself; empty when it names no body. Search sends each form.
 */
export function bodySpellings(text: string): string[] {
  if (scan(text).length === 0) return [];
  const forms = [
    rewrite(text, (b) => b.short),
    rewrite(text, (b) => b.full),
    rewrite(text, (b) => b.official ?? b.short),
  ];
  return [...new Set(forms)].filter((f) => f !== text);
}

export interface BodyMention {
  /** As written in the text. */
  text: string;
  start: number;
  end: number;
  body: Body;
  /** The place written right before it ("深圳市发改委" → "深圳市"; "市发改委" → "市"), when one is. */
  place?: string;
}

/** The bodies a text names, in order, each with the place written right before it. */
export function findBodies(text: string): BodyMention[] {
  return scan(text).map((h) => {
    const mention: BodyMention = { text: h.spelling, start: h.start, end: h.end, body: h.body };
    const place = placeBefore(text.slice(Math.max(0, h.start - 12), h.start));
    if (place !== undefined) mention.place = place;
    return mention;
  });
}

/** The place name a text ends with ("…深圳市" → "深圳市", "…省" → "省"), full or short form. */
function placeBefore(before: string): string | undefined {
  for (const p of detectPlaces(before)) {
    const short = p.name.replace(/(市|省|县|区)$/, '');
    if (before.endsWith(p.name)) return p.name;
    if (short.length >= 2 && before.endsWith(short)) return p.name;
  }
  const level = /(国家|国务院|省|市|县|区)$/.exec(before);
  return level?.[1];
}

/** The bodies a text names, each in its canonical short name, in order and without repeats (for claim checks). */
export function bodiesIn(text: string): string[] {
  const out: string[] = [];
  for (const h of scan(text)) if (!out.includes(h.body.short)) out.push(h.body.short);
  return out;
}
