/**
 * Re-scoring of the candidates Qdrant returned (pure). Qdrant's fused list gathers the candidates (body BM25,
 * the headline vector, dense); this orders them by what the lexical lists cannot see on their own:
 * - BM25 of the chunk recomputed from its text with the collection IDFs (the same figure Qdrant scores),
 *   normalised by what the query could score, so long and short queries compare;
 * - the headline (title, subtitle, byline): a query term found there counts for every chunk of the article;
 * - proximity: query phrases found as written (a name, "国产小客车注册登记") beat the same characters scattered;
 * - the fused rank, a small tie-breaker that carries the dense list's opinion when there is one.
 */
import { normalizeForMatch } from '../text/normalize.js';
import { toShortNames } from '../text/bodies.js';
import { BM25 } from '../text/sparse.js';
import type { ChunkPayload } from '../types.js';
import { sentenceEvidence } from './evidence.js';
import type { QuestionType } from './question-type.js';

export interface RescoreTerm {
  term: string;
  idf: number;
  /** A name (evidence.ts isNameTerm): a candidate must hold it as written. */
  name?: boolean;
}

export interface Rescorable {
  payload: ChunkPayload;
  /** 1-based rank in Qdrant's fused list. */
  rank: number;
}

export interface RescoreWeights {
  bm25: number;
  head: number;
  proximity: number;
  fused: number;
  /** The query terms held together by one sentence (evidence.ts). */
  sentence: number;
  /** The same in a sentence that also holds the kind of fact asked for (a number for 多少, a date for 何时). */
  answer: number;
  /** IDF-weighted share of the question's names found in the text or headline. */
  names: number;
}

export const RESCORE_WEIGHTS: RescoreWeights = {
  bm25: 1,
  head: 0.35,
  proximity: 0.6,
  fused: 0.15,
  sentence: 0.6,
  answer: 0.6,
  names: 0.4,
};

/** Texts compare in short names ("工业和信息化局" → "工信局"), as the query terms are (retrieve.ts). */
const norm = (s: string): string => toShortNames(normalizeForMatch(s).toLowerCase());

function occurrences(hay: string, needle: string): number {
  if (needle === '') return 0;
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * BM25 of a text for the query terms with the collection's IDFs: Qdrant's sparse score, recomputed from
 * substring counts and a length estimate (segmenting 60 candidates again would cost more than the query).
 */
export function bm25Of(terms: RescoreTerm[], text: string): number {
  return bm25OfNormalized(normalizedTerms(terms), norm(text));
}

/** Query terms with their normalised form, computed once per answer rather than once per candidate. */
interface NormalizedTerm {
  idf: number;
  norm: string;
  name: boolean;
}

const normalizedTerms = (terms: RescoreTerm[]): NormalizedTerm[] =>
  terms.map((t) => ({ idf: t.idf, norm: norm(t.term), name: t.name === true }));

function bm25OfNormalized(terms: NormalizedTerm[], hay: string): number {
  const { k1, b, avgLen } = BM25;
  const tokens = hay.length / CHARS_PER_TOKEN;
  const lengthNorm = k1 * (1 - b + (b * tokens) / avgLen);
  return terms.reduce((s, t) => {
    const tf = occurrences(hay, t.norm);
    return s + (tf > 0 ? (t.idf * tf * (k1 + 1)) / (tf + lengthNorm) : 0);
  }, 0);
}

/** Average characters per indexed token (jieba search mode, stop words dropped) in news text. */
const CHARS_PER_TOKEN = 2.1;

/**
 * Query phrases: the question's Han/Latin runs with the question words cut out ("哪个机构扩大了国产小客车注册登记
 * 生产企业预查验试点" → the runs between the cut words), at least 3 characters long.
 */
export function queryPhrases(text: string, cut: RegExp): string[] {
  return norm(text)
    .split(cut)
    .flatMap((s) => s.split(/[^\p{Script=Han}a-z0-9]+/u))
    .filter((s) => s.length >= 3);
}

/** Length of the longest substring of `phrase` that occurs in `hay`. */
export function longestShared(phrase: string, hay: string): number {
  let best = 0;
  for (let i = 0; i + best < phrase.length; i++) {
    let len = best + 1;
    while (i + len <= phrase.length && hay.includes(phrase.slice(i, i + len))) {
      best = len;
      len++;
    }
  }
  return best;
}

/** Share of the phrases' characters found in runs of 3+ characters (2-character overlaps are chance). */
export function proximity(phrases: string[], text: string): number {
  return proximityNormalized(phrases, norm(text));
}

function proximityNormalized(phrases: string[], hay: string): number {
  const total = phrases.reduce((s, p) => s + p.length, 0);
  if (total === 0) return 0;
  let got = 0;
  for (const p of phrases) {
    const l = longestShared(p, hay);
    if (l >= 3) got += l;
  }
  return got / total;
}

/** IDF-weighted share of the terms found in the text. */
export function weightedCoverage(terms: RescoreTerm[], text: string): number {
  return coverageNormalized(normalizedTerms(terms), norm(text));
}

function coverageNormalized(terms: NormalizedTerm[], hay: string): number {
  const total = terms.reduce((s, t) => s + t.idf, 0);
  if (total <= 0) return 0;
  return terms.reduce((s, t) => s + (hay.includes(t.norm) ? t.idf : 0), 0) / total;
}

export function headlineOf(p: ChunkPayload): string {
  return [p.title, p.subtitle ?? '', p.byline ?? ''].join('\n');
}

/** Share of the names held by the text, the headline or the article's place tags ("长治" → 长治市). */
function namesHeld(names: NormalizedTerm[], p: ChunkPayload, headline: string, text: string): number {
  return coverageNormalized(names, `${headline}\n${text}\n${norm(p.places.join('\n'))}`);
}

/** Scores of the candidates (same order as given). */
export function rescore<T extends Rescorable>(
  candidates: T[],
  terms: RescoreTerm[],
  phrases: string[],
  weights: RescoreWeights = RESCORE_WEIGHTS,
  type: QuestionType = 'fact',
): number[] {
  return rescoreWithBm25(candidates, terms, phrases, weights, type).map((r) => r.score);
}

/**
 * Scores of the candidates with each one's raw BM25 (bm25Of of its text), same order as given: each text is
 * normalised once here instead of once per measure.
 */
export function rescoreWithBm25<T extends Rescorable>(
  candidates: T[],
  terms: RescoreTerm[],
  phrases: string[],
  weights: RescoreWeights = RESCORE_WEIGHTS,
  type: QuestionType = 'fact',
): { score: number; bm25: number }[] {
  // BM25 of one term saturates at (k1 + 1) = 2.2 with the document-side weights: the best a chunk can score.
  const ideal = terms.reduce((s, t) => s + t.idf, 0) * 2.2 || 1;
  const normTerms = normalizedTerms(terms);
  const names = normTerms.filter((t) => t.name);
  return candidates.map((c) => {
    const text = norm(c.payload.text);
    const headline = norm(headlineOf(c.payload));
    const raw = bm25OfNormalized(normTerms, text);
    const bm25 = raw / ideal;
    const head = coverageNormalized(normTerms, headline);
    const prox = Math.max(proximityNormalized(phrases, text), 0.7 * proximityNormalized(phrases, headline));
    const ev =
      weights.sentence > 0 || weights.answer > 0
        ? sentenceEvidence(text, normTerms, type, `${headline}\n${norm(c.payload.places.join('\n'))}`)
        : { sentence: 0, answer: 0 };
    const score =
      weights.bm25 * bm25 +
      weights.head * head +
      weights.proximity * prox +
      weights.fused / (c.rank + 1) +
      weights.sentence * ev.sentence +
      weights.answer * ev.answer +
      (names.length > 0 ? weights.names * namesHeld(names, c.payload, headline, text) : 0);
    return { score, bm25: raw };
  });
}
