/**
 * Which articles a summary of a place covers (pure): those about the place or a place inside it (a county's
 * report belongs to its city and province), not those that only travel there; for "各市 / 各县 / 下辖" only the
 * places inside it at the level asked. Ordered by sub-place, so a province's summary reads city by city, and
 * capped so that every sub-place keeps a share when there are more articles than a summary can hold.
 */
import { acrossAfter, aboutPlaces, atLevel, taggedPlaces, within, type Across } from '../text/place-scope.js';
import { placesNamed } from '../text/places.js';
import type { Place } from '../types.js';
import { questionType, type QuestionType } from './question-type.js';
import { headlineOfPassage, type Passage } from './retrieve.js';
import type { PlaceCount } from './service.js';

/** The most articles one summary quotes, one point each (a reply of about two Telegram messages). */
export const MAX_SUMMARY_ARTICLES = 24;

/** Answer types of a question across sub-places that ask for their work, not for one fact ("各市有多少…"). */
const ACROSS_TYPES: ReadonlySet<QuestionType> = new Set(['open', 'list', 'how', 'fact']);

/** The sub-place level a question asks across ("甘肃各市的政协做了哪些工作"), when it asks for their work. */
export function acrossRequest(q: string, places: readonly Place[]): Across | undefined {
  const across = acrossAfter(q, places);
  return across !== undefined && ACROSS_TYPES.has(questionType(q)) ? across : undefined;
}

/** The article's place one level below `place` that it is about (its city in a province), else `place`. */
function subPlaceOf(about: Place[], place: Place): Place {
  const inside = about.filter((p) => within(p, place) && p.code !== place.code);
  const first = inside[0];
  if (first === undefined) return place;
  // A county's city is the level right below a province: its code is the county's first four digits.
  if (place.level === 'province' && first.level === 'county') {
    const city = first.code.slice(0, 4);
    const name = first.parents[1];
    if (name !== undefined) return { name, level: 'city', code: city, parents: first.parents.slice(0, 1) };
  }
  return first;
}

/**
 * The articles about `place` (or inside it at the `across` level), grouped by sub-place — the place's own
 * articles first, then its sub-places in code order — and at most `max`, taken in turns from each sub-place.
 * Several places (a name two counties share, asked without context) are covered together, each its own group.
 */
export function articlesForPlace(
  articles: Passage[],
  place: Place | readonly Place[],
  across?: Across,
  max = MAX_SUMMARY_ARTICLES,
): Passage[] {
  const roots: readonly Place[] = Array.isArray(place) ? place : [place as Place];
  const groups = new Map<string, { sub: Place; root: boolean; items: Passage[] }>();
  for (const a of articles) {
    const about = aboutPlaces(a.places, headlineOfPassage(a));
    const root = roots.find((r) => about.some((p) => within(p, r)));
    if (root === undefined) continue;
    const mine = about.filter((p) => within(p, root));
    if (across !== undefined && !mine.some((p) => atLevel(p, root, across))) continue;
    const sub = subPlaceOf(mine, root);
    const g = groups.get(sub.code) ?? { sub, root: sub.code === root.code, items: [] };
    g.items.push(a);
    groups.set(sub.code, g);
  }
  const ordered = [...groups.values()].sort(
    (x, y) => Number(y.root) - Number(x.root) || x.sub.code.localeCompare(y.sub.code),
  );
  const total = ordered.reduce((s, g) => s + g.items.length, 0);
  if (total <= max) return ordered.flatMap((g) => g.items);
  // Too many: turns across the sub-places (latest first within each), then back in group order.
  const taken = new Set<Passage>();
  const latest = ordered.map((g) => [...g.items].sort((x, y) => (y.date ?? '').localeCompare(x.date ?? '')));
  for (let round = 0; taken.size < max; round++) {
    let any = false;
    for (const items of latest) {
      const a = items[round];
      if (a === undefined || taken.size >= max) continue;
      taken.add(a);
      any = true;
    }
    if (!any) break;
  }
  return ordered.flatMap((g) => g.items.filter((a) => taken.has(a)));
}

/**
 * The places a request means by a name: the one it resolved to when the request names its city or province too
 * ("深圳南山区"), else every place of that name ("南山区" alone: 深圳's and 鹤岗's).
 */
export function placesMeant(place: Place, request: string): Place[] {
  const named = placesNamed(place.name);
  if (named.length <= 1) return [place];
  const short = (n: string): string => n.replace(/(省|市|自治州|地区|盟)$/, '');
  const context = place.parents.some(
    (p) => request.includes(p) || (short(p).length >= 2 && request.includes(short(p))),
  );
  return context ? [place] : named;
}

/**
 * Stored place counts as a tree one level deep: the outermost places (most articles first), each with the places
 * right inside it (cities in a province, counties in a city) by count. Names the gazetteer does not know stand alone.
 */
export function coverTree(counts: PlaceCount[]): { place: PlaceCount; inside: PlaceCount[] }[] {
  const known = counts.map((c) => ({ c, p: taggedPlaces([c.name]).find((x) => x.name === c.name) }));
  const byCode = new Map<string, string>();
  for (const k of known) if (k.p) byCode.set(k.p.code, k.c.name);
  // The nearest enclosing place stored: a county's city (4-digit prefix), else its province (2 digits).
  const parentOf = (p: Place | undefined): string | undefined => {
    if (p === undefined) return undefined;
    for (const len of [4, 2])
      if (p.code.length > len && byCode.has(p.code.slice(0, len))) return byCode.get(p.code.slice(0, len));
    return undefined;
  };
  const inside = new Map<string, PlaceCount[]>();
  const roots: PlaceCount[] = [];
  for (const k of known) {
    const parent = parentOf(k.p);
    if (parent === undefined) roots.push(k.c);
    else inside.set(parent, [...(inside.get(parent) ?? []), k.c]);
  }
  return roots.map((place) => ({ place, inside: inside.get(place.name) ?? [] }));
}
