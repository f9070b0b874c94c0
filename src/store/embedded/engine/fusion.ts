/**
 * Score fusion of prefetch result lists, as in lib/segment/src/common/reciprocal_rank_fusion.rs and
 * score_fusion.rs. Lists hold rows best first; results are per-row sums sorted descending (stable: on ties the
 * row met first wins, which is one of the orders Qdrant's unstable sort may produce).
 */
export interface Scored {
  row: number;
  score: number;
}

export const DEFAULT_RRF_K = 2;

function sortedSums(sums: Map<number, number>): Scored[] {
  return Array.from(sums, ([row, score]) => ({ row, score })).sort((a, b) => b.score - a.score);
}

/** RRF: each list adds 1 / ((position + 1) / weight + k − 1); weight ≤ 0 adds nothing. */
export function rrf(lists: Scored[][], k: number = DEFAULT_RRF_K, weights?: number[]): Scored[] {
  const sums = new Map<number, number>();
  lists.forEach((list, li) => {
    const w = weights ? (weights[li] as number) : 1;
    list.forEach((p, pos) => {
      const add = w <= 0 ? 0 : Math.fround(1 / ((pos + 1) / w + k - 1));
      sums.set(p.row, Math.fround((sums.get(p.row) ?? 0) + add));
    });
  });
  return sortedSums(sums);
}

/** DBSF: normalise each list by mean ± 3 sample standard deviations, then sum. */
export function dbsf(lists: Scored[][]): Scored[] {
  const sums = new Map<number, number>();
  for (const list of lists) {
    const n = list.length;
    if (n === 0) continue;
    let norm: (s: number) => number;
    if (n === 1) norm = () => 0.5;
    else {
      // Welford's running mean / variance.
      let mean = 0;
      let m2 = 0;
      list.forEach((p, i) => {
        const d = p.score - mean;
        mean += d / (i + 1);
        m2 += d * (p.score - mean);
      });
      const sd = Math.sqrt(m2 / (n - 1));
      const low = mean - 3 * sd;
      const high = mean + 3 * sd;
      norm = high === low ? () => 0.5 : (s) => (s - low) / (high - low);
    }
    for (const p of list) sums.set(p.row, Math.fround((sums.get(p.row) ?? 0) + Math.fround(norm(p.score))));
  }
  return sortedSums(sums);
}
