/**
 * The metrics of /work/shared/eval/README.md as pure functions. Normalisation everywhere: NFKC, then no
 * whitespace (normalizeForMatch), so "，" equals "," and column line breaks do not matter.
 */
import { normalizeForMatch } from '../text/normalize.js';
import type { Citation } from '../types.js';

export interface RetrievedItem {
  text: string;
  docId: string;
}

/** True when the normalised text contains one of the normalised gold strings. */
export function containsGold(text: string, gold: string[]): boolean {
  const hay = normalizeForMatch(text);
  return gold.some((g) => {
    const n = normalizeForMatch(g);
    return n !== '' && hay.includes(n);
  });
}

/** 1-based rank of the first retrieved item that holds a gold string or comes from a gold document (≤ k). */
export function firstHit(
  items: RetrievedItem[],
  gold: string[],
  goldDocIds: string[] = [],
  k = 10,
): number | undefined {
  const ids = new Set(goldDocIds);
  const i = items.slice(0, k).findIndex((it) => ids.has(it.docId) || containsGold(it.text, gold));
  return i >= 0 ? i + 1 : undefined;
}

/** Share of questions whose first hit is within the top k. */
export function hitAt(ranks: (number | undefined)[], k: number): number {
  if (ranks.length === 0) return 0;
  return ranks.filter((r) => r !== undefined && r <= k).length / ranks.length;
}

/** Mean reciprocal rank (ranks past `k` count 0). */
export function mrrAt(ranks: (number | undefined)[], k = 10): number {
  if (ranks.length === 0) return 0;
  return ranks.reduce<number>((s, r) => s + (r !== undefined && r <= k ? 1 / r : 0), 0) / ranks.length;
}

/** Share of gold strings found somewhere in the context texts. */
export function coverage(context: string[], gold: string[]): number {
  if (gold.length === 0) return 1;
  const hay = normalizeForMatch(context.join('\n'));
  return gold.filter((g) => hay.includes(normalizeForMatch(g))).length / gold.length;
}

/** The answer contains every `must` string. */
export function mustOk(answer: string, must: string[]): boolean {
  const hay = normalizeForMatch(answer);
  return must.every((m) => hay.includes(normalizeForMatch(m)));
}

export interface ContextParagraph {
  articleId: string;
  n: number;
  text: string;
}

/**
 * Every citation points to a paragraph that was retrieved (same article, number and text), and a quote, when
 * present, is a substring of one of the cited paragraphs.
 */
export function citationsValid(citations: Citation[], context: ContextParagraph[]): boolean {
  const known = new Map(context.map((p) => [`${p.articleId}#${p.n}`, p.text]));
  return citations.every((c) => {
    if (c.paragraphs.length === 0 || c.paragraphs.length !== c.paragraphTexts.length) return false;
    const paragraphsOk = c.paragraphs.every(
      (n, i) => known.get(`${c.articleId}#${n}`) === c.paragraphTexts[i],
    );
    const quoteOk = c.quote === undefined || c.paragraphTexts.some((t) => t.includes(c.quote ?? ''));
    return paragraphsOk && quoteOk;
  });
}

/** Nearest-rank percentile (p in 0–100); 0 for no values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1] ?? 0;
}

export const mean = (xs: number[]): number =>
  xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;

/** Citations of reports dated outside the inclusive period [from, to], or undated (never in any period). */
export function outOfPeriod(citations: readonly Pick<Citation, 'date'>[], period: [string, string]): number {
  const [from, to] = period;
  return citations.filter((c) => c.date === undefined || c.date < from || c.date > to).length;
}

/** The answer cites one of the gold reports (by document id, or a cited paragraph holding a gold string). */
export function citesGold(
  citations: readonly Pick<Citation, 'docId' | 'paragraphTexts'>[],
  gold: string[],
  goldDocIds: string[],
): boolean {
  const ids = new Set(goldDocIds);
  return citations.some((c) => ids.has(c.docId) || containsGold(c.paragraphTexts.join('\n'), gold));
}
