/**
 * Generated summary requests for calibration (pure): for every province, city and county the stored articles are
 * tagged with (and the provinces and cities those lie in), "总结一下X的政协工作"; for a province or city with
 * reports from places inside it also "X各市的政协做了哪些工作？" / "X下辖各县的政协做了什么？". The expected articles
 * come from the gazetteer (code prefixes) and the articles' place tags alone, not from the summary code:
 * expected = articles tagged with a place inside X (at the level asked); a cited article tagged with no place
 * inside X is a stray.
 */
import { shortPlaceName } from '../rag/query.js';
import { placeByCode } from '../text/places.js';
import { taggedPlaces, within, type Across } from '../text/place-scope.js';
import type { Place } from '../types.js';

export interface TaggedArticle {
  articleId: string;
  /** Stored place names (tags with their parents). */
  places: string[];
}

export type Wording = 'summary' | 'cities' | 'counties';

export interface GeneratedSummary {
  id: string;
  q: string;
  wording: Wording;
  place: string;
  /** Article ids the summary should cite. */
  expected: string[];
  /** Article ids it may cite (tagged with a place inside the place). */
  allowed: string[];
}

/** The place and the divisions it lies in, by code prefix (districts of a municipality have no city row). */
function withAncestors(p: Place): Place[] {
  const out = [p];
  for (const len of [4, 2]) {
    if (p.code.length <= len) continue;
    const up = placeByCode(p.code.slice(0, len));
    if (up) out.push(up);
  }
  return out;
}

/**
 * How a request names the place: provinces and cities as people write them ("山西", "长治"), counties and autonomous
 * prefectures in full, and a city in full where its short name is a province's too ("吉林" is the province).
 */
function surface(p: Place, i: number): string {
  if (p.level === 'county' || p.name.includes('自治')) return p.name;
  if (p.level === 'province') return shortPlaceName(p.name);
  const short = shortPlaceName(p.name);
  const province = p.parents[0];
  if (province !== undefined && shortPlaceName(province) === short) return p.name;
  return i % 2 === 0 ? p.name : short;
}

export function summaryRequests(articles: TaggedArticle[]): GeneratedSummary[] {
  const tags = articles.map((a) => ({ id: a.articleId, places: taggedPlaces(a.places) }));
  const places = new Map<string, Place>();
  for (const t of tags) for (const p of t.places) for (const q of withAncestors(p)) places.set(q.code, q);
  const out: GeneratedSummary[] = [];
  const sorted = [...places.values()].sort((a, b) => a.code.localeCompare(b.code));
  sorted.forEach((p, i) => {
    const ids = (keep: (q: Place) => boolean): string[] =>
      tags.filter((t) => t.places.some((q) => within(q, p) && keep(q))).map((t) => t.id);
    const allowed = ids(() => true);
    const name = surface(p, i);
    const add = (wording: Wording, q: string, expected: string[]): void => {
      if (expected.length > 0)
        out.push({ id: `${p.code}-${wording}`, q, wording, place: p.name, expected, allowed });
    };
    add('summary', `总结一下${name}的政协工作`, allowed);
    const inside = ids((q) => q.code !== p.code);
    if (p.level === 'province') add('cities', `${name}各市的政协做了哪些工作？`, inside);
    if (p.level === 'city')
      add(
        'counties',
        `${name}下辖各县的政协做了什么？`,
        ids((q) => q.level === 'county'),
      );
  });
  return out;
}

/** The level a wording asks across, for reading results. */
export const ACROSS_OF: Record<Wording, Across | undefined> = {
  summary: undefined,
  cities: 'city',
  counties: 'county',
};

export interface GeneratedOutcome {
  id: string;
  wording: Wording;
  refused: boolean;
  /** Share of the expected articles cited, out of at most `cap` (a summary quotes at most that many). */
  recall: number;
  strays: number;
  pass: boolean;
}

/** Recall of the expected articles (out of at most `cap`), strays, refusal; pass = recall ≥ 0.8, no stray. */
export function scoreGenerated(
  req: GeneratedSummary,
  answer: { refused: boolean; cited: string[] },
  cap: number,
): GeneratedOutcome {
  const cited = new Set(answer.cited);
  const expected = req.expected.filter((id) => cited.has(id)).length;
  const recall = expected / Math.min(req.expected.length, cap);
  const allowed = new Set(req.allowed);
  const strays = [...cited].filter((id) => !allowed.has(id)).length;
  const refused = answer.refused;
  return {
    id: req.id,
    wording: req.wording,
    refused,
    recall: Math.min(1, recall),
    strays,
    pass: !refused && recall >= 0.8 && strays === 0,
  };
}
