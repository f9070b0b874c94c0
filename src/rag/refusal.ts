/**
 * Refusal: decide from raw retrieval evidence whether the reports contain an answer at all.
 * RRF scores are rank-only, so the decision uses IDF-weighted coverage of the query's terms by the best
 * passages (the raw BM25 view of the match, normalised by what the query could score at most): a question whose
 * distinctive terms (high IDF, or absent from the corpus) are not in any top passage is refused even when common
 * words like 政协/会议 match everywhere. A place the question names must also appear in the passages.
 */
import { toShortNames } from '../text/bodies.js';
import { namesMember } from '../text/collectives.js';
import { normalizeForMatch } from '../text/normalize.js';
import { detectPlaces } from '../text/places.js';
import type { Place } from '../types.js';
import { shortPlaceName } from './query.js';
import { headlineOfPassage, type Passage } from './retrieve.js';
import type { WeightedTerm } from './term-weights.js';

/** Calibrated on the dev questions (answerable ones score ≥ ~0.6, negatives ≤ ~0.45); see the eval figures. */
export const MIN_COVERAGE = 0.4;
/**
 * Open questions keep only their topic words (asking words weigh 0), so a report about the topic holds nearly
 * all of them; one that holds half ("垃圾" but not "分类") is about something else. Calibrated on the broad dev
 * set and the probe questions (answerable open questions cover ≥ 0.7, unanswerable ones ≤ 0.5).
 */
export const MIN_OPEN_COVERAGE = 0.65;
/** Passages considered: the answer has to be in what the answerer will read. */
const TOP_PASSAGES = 5;

export type RefusalReason = 'nothing-retrieved' | 'place-not-covered' | 'low-coverage';

export interface RefusalCheck {
  refused: boolean;
  reason?: RefusalReason;
  /** Best IDF-weighted share of query terms found in one top passage (0–1). */
  coverage: number;
  /** Rank (1-based) of the passage with that coverage. */
  bestRank?: number;
  /** Query terms missing from that passage, most distinctive first. */
  missing: string[];
}

const norm = (s: string): string => normalizeForMatch(s).toLowerCase();

/**
 * A term occurs in the text as written, or — a compound of two words ("政协会议", "乡村振兴") — as both its
 * halves, which reports often write apart ("政协十三届一次会议").
 */
export function occursIn(term: string, hay: string): boolean {
  const t = norm(term);
  // A collective ("民主党派") is named by any of its members ("民盟").
  if (hay.includes(t) || namesMember(t, hay)) return true;
  if (t.length < 4 || !/^\p{Script=Han}+$/u.test(t)) return false;
  for (let i = 2; i <= t.length - 2; i++)
    if (hay.includes(t.slice(0, i)) && hay.includes(t.slice(i))) return true;
  return false;
}

/** IDF-weighted share of the query terms that occur in the text. */
export function termCoverage(terms: WeightedTerm[], text: string): { coverage: number; missing: string[] } {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (total <= 0) return { coverage: 0, missing: [] };
  // Terms come from the question in short names (retrieve.ts); the text may spell the body out in full.
  const hay = norm(toShortNames(text));
  // The search cuts "民主党派" into 民主 / 党派 / 民主党 too: when a member stands for the collective, so do they.
  const byMember = terms.filter((t) => namesMember(norm(t.term), hay)).map((t) => norm(t.term));
  let got = 0;
  const missing: WeightedTerm[] = [];
  for (const t of terms) {
    if (occursIn(t.term, hay) || byMember.some((c) => c.includes(norm(t.term)))) got += t.weight;
    else if (t.weight > 0) missing.push(t);
  }
  missing.sort((a, b) => b.weight - a.weight);
  return { coverage: got / total, missing: missing.map((t) => t.term) };
}

/** True when one of the places is named in the passage (payload places, title or text; full or short form). */
export function mentionsPlace(places: Place[], x: Passage): boolean {
  if (places.length === 0) return true;
  const text = `${headlineOfPassage(x)}\n${x.text}`;
  return places.some((p) => x.places.includes(p.name) || text.includes(shortPlaceName(p.name)));
}

/** What may stand between a place's short name and 政协: 成都市政协, 广西壮族自治区政协, 延边朝鲜族自治州政协. */
const LEVEL = '(?:[\\u4e00-\\u9fff]{0,4}自治[区州县旗]|省|市|县|区|州|盟|旗)?';

/**
 * Places whose CPPCC committee the question asks about ("成都市政协做了什么"): only a report naming that committee
 * (成都市政协, 成都政协, 政协成都市委员会) or headed with the place is about it, not one mentioning 成都 in passing.
 */
export function committeesAsked(question: string, places: Place[]): Place[] {
  return places.filter((p) => {
    const short = shortPlaceName(p.name);
    return new RegExp(`${short}${LEVEL}政协`).test(question);
  });
}

/**
 * True when the passage names the committee of one of the places, or its headline names the place, or — a
 * report about the place (its places as ingest stored them) — names the committee bare at the place's level, as
 * a local paper writes its own city's ("市政协", "县政协").
 */
export function aboutCommittee(places: Place[], x: Passage): boolean {
  if (places.length === 0) return true;
  const head = headlineOfPassage(x);
  const text = `${head}\n${x.text}`;
  return places.some((p) => {
    const short = shortPlaceName(p.name);
    if (head.includes(short) || new RegExp(`${short}${LEVEL}政协|政协${short}`).test(text)) return true;
    return x.places.includes(p.name) && namesOwnCommittee(text, p);
  });
}

/** The level word a place's committee is written with when the place is left out ("市政协" for a city). */
const LEVEL_WORD: Record<Place['level'], RegExp> = {
  province: /(省|自治区)政协/g,
  city: /(市|州|盟)政协/g,
  county: /(县|区|市|旗)政协/g,
};

/** The text names a committee at the place's level with no other place written before it. */
function namesOwnCommittee(text: string, p: Place): boolean {
  for (const m of text.matchAll(LEVEL_WORD[p.level])) {
    const before = text.slice(Math.max(0, (m.index ?? 0) - 8), m.index ?? 0);
    const other = detectPlaces(`${before}${m[1] ?? ''}`).some((q) => {
      const written = `${before}${m[1] ?? ''}`;
      return written.endsWith(q.name) || written.endsWith(`${shortPlaceName(q.name)}${m[1] ?? ''}`);
    });
    if (!other) return true;
  }
  return false;
}

export function checkRefusal(
  terms: WeightedTerm[],
  passages: Passage[],
  places: Place[],
  minCoverage = MIN_COVERAGE,
): RefusalCheck {
  const top = passages.slice(0, TOP_PASSAGES);
  if (top.length === 0 || terms.length === 0)
    return { refused: true, reason: 'nothing-retrieved', coverage: 0, missing: [] };
  // Only passages about the place the question names can answer it.
  const about = top.filter((p) => mentionsPlace(places, p));
  let best = { coverage: 0, missing: [] as string[], rank: 0 };
  for (const p of about.length > 0 ? about : top) {
    const c = termCoverage(terms, `${headlineOfPassage(p)}\n${p.text}`);
    if (c.coverage > best.coverage || best.rank === 0) best = { ...c, rank: p.rank };
  }
  const base = { coverage: best.coverage, bestRank: best.rank, missing: best.missing };
  if (about.length === 0) return { refused: true, reason: 'place-not-covered', ...base };
  if (best.coverage < minCoverage) return { refused: true, reason: 'low-coverage', ...base };
  return { refused: false, ...base };
}
