/**
 * Places as a hierarchy: which places lie inside which (GB/T 2260 codes nest — a county's code starts with its
 * city's, a city's with its province's), what an article is about as opposed to where it merely travels, and
 * which sub-places a question asks across ("甘肃各市", "长治下辖各县", "全省").
 */
import type { Place } from '../types.js';
import { detectPlaces } from './places.js';

/** True when `inner` is `outer` or lies inside it. */
export function within(inner: Place, outer: Place): boolean {
  return inner.code.startsWith(outer.code);
}

/**
 * The places an article is tagged with, most specific first, from its stored place names (which hold each tag's
 * parents too: ["山西省", "长治市", "壶关县"] → 壶关县). The names are read together, so a name two places share
 * resolves by the parents stored beside it.
 */
export function taggedPlaces(names: readonly string[]): Place[] {
  return detectPlaces(names.join('\n'));
}

/** Verbs after which a headline names where a delegation went, not whose work it reports ("赴北京密云区考察"). */
const TRAVEL_BEFORE = /(?:赴|到|前往|走进|来到|奔赴|远赴)$/;

/** A place of the headline whose every mention follows a travel verb (allowing its province before it). */
function visitedIn(headline: string, place: Place): boolean {
  const short = place.name.replace(/(市|县|区|省|自治州|地区|盟|旗)$/, '');
  const surfaces = [place.name, ...(short.length >= 2 ? [short] : [])];
  let seen = false;
  for (const s of surfaces) {
    let at = headline.indexOf(s);
    while (at >= 0) {
      seen = true;
      // "赴北京密云区": the parent's name may stand between the verb and the place.
      let before = headline.slice(Math.max(0, at - 8), at);
      for (const parent of place.parents) {
        const p = parent.replace(/(市|省)$/, '');
        if (before.endsWith(parent)) before = before.slice(0, -parent.length);
        else if (p.length >= 2 && before.endsWith(p)) before = before.slice(0, -p.length);
      }
      if (!TRAVEL_BEFORE.test(before)) return false;
      at = headline.indexOf(s, at + s.length);
    }
  }
  return seen;
}

/**
 * The places an article is about: its tags, less those its headline names only as a destination while another
 * tag is the actor ("壶关县政协赴北京密云区…" is 壶关县's work, not 北京's).
 */
export function aboutPlaces(names: readonly string[], headline: string): Place[] {
  const tags = taggedPlaces(names);
  const home = tags.filter((p) => !visitedIn(headline, p));
  return home.length > 0 ? home : tags;
}

/** True when an article (its stored place names and headline) is about `place` or a place inside it. */
export function isAbout(names: readonly string[], headline: string, place: Place): boolean {
  return aboutPlaces(names, headline).some((p) => within(p, place));
}

export type Across = 'city' | 'county' | 'any';

/**
 * Words right after a place asking across the places inside it ("甘肃各市", "怀化下辖各县", "四川各地", "湖南全省"): the
 * level asked, or undefined when the text after the place does not start so. From the administrative words for
 * the levels: 市/州/盟/地区 are cities, 县/区/旗 counties; 各地, 下辖, 所辖, 全省 any level below. Only right
 * after the place: "某省指挥部要求各市…" asks nothing across.
 */
export function acrossPlaces(afterPlace: string): Across | undefined {
  const t = afterPlace.replace(/^(?:省|市|州|县|区)?的?/, '');
  if (/^(?:各|下辖各?|所辖各?|辖内各?)(?:市州|市|地市|州|盟|地区)/.test(t)) return 'city';
  if (/^(?:各|下辖各?|所辖各?|辖内各?)(?:县市区|县区|区县|县|区|旗)/.test(t)) return 'county';
  if (/^(?:各地|下辖|所辖|辖内|全省|全区|全市各)/.test(t)) return 'any';
  return undefined;
}

/** The level a text asks across, read right after one of the places it names (full or short form). */
export function acrossAfter(text: string, places: readonly Place[]): Across | undefined {
  for (const p of places) {
    const short = p.name.replace(
      /(省|市|县|区|自治州|地区|盟|壮族自治区|回族自治区|维吾尔自治区|自治区)$/,
      '',
    );
    for (const surface of [p.name, ...(short.length >= 2 ? [short] : [])]) {
      for (let at = text.indexOf(surface); at >= 0; at = text.indexOf(surface, at + 1)) {
        const across = acrossPlaces(text.slice(at + surface.length));
        if (across !== undefined) return across;
      }
    }
  }
  return undefined;
}

/**
 * True when `p` lies strictly inside `outer` at the level asked: "各县" only counties; "各市" a city or what lies in
 * it (a county's report is part of its city's work), as "各地" is anything below.
 */
export function atLevel(p: Place, outer: Place, across: Across): boolean {
  if (!within(p, outer) || p.code === outer.code) return false;
  return across !== 'county' || p.level === 'county';
}
