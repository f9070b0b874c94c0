/**
 * Exact top-k sparse search that need not score every posting (MaxScore, document at a time, with the
 * per-term and per-cell maxima of postings.ts). Scoring every posting of a common term cost most of a query on
 * a 200k-chunk archive. The result is the one exhaustive scoring gives, bit for bit:
 * - a row's score adds its terms' f32 products in query order, rounding to f32 after each addition, as the
 *   accumulator does;
 * - a row is passed over only when a bound proves it cannot enter. Rows are met in ascending order, so a row
 *   scoring exactly the k-th best loses the tie (the earlier row wins): a bound equal to it is enough;
 * - bounds are sums of f32 maxima, widened by a margin larger than any f32 rounding of the sum;
 * - only non-negative products have bounds; the caller scores exhaustively otherwise.
 */
import { CELL_BITS, type Postings } from './postings.js';
import type { TopK } from './topk.js';

export interface TermList {
  /** Term slot in the postings. */
  term: number;
  /** Query weight after the IDF modifier (≥ 0). */
  w: number;
}

const END = 0x7fffffff;

/**
 * Pushes into `top` what exhaustive scoring would: rows present (and in `mask`) with score ≠ 0 and above
 * `threshold` (strict). `lists` are in query order.
 */
export function maxScoreTopK(
  P: Postings,
  lists: TermList[],
  present: Uint8Array,
  mask: Uint8Array | undefined,
  threshold: number | undefined,
  top: TopK,
): void {
  const m = lists.length;
  if (m === 0 || top.k <= 0) return;
  const safe = 1 + (m + 2) * 2 ** -22;
  const term = new Int32Array(m);
  const w = new Float64Array(m);
  const ub = new Float64Array(m);
  // Cursor per list: block, its page's arrays, local position, end of the block's entries, current row (END
  // when done). A block never straddles a page, so positions stay within the page the list holds.
  const block = new Int32Array(m);
  const rows: Int32Array[] = new Array<Int32Array>(m);
  const vals: Float32Array[] = new Array<Float32Array>(m);
  const cells: Float32Array[] = new Array<Float32Array>(m);
  const pos = new Int32Array(m);
  const end = new Int32Array(m);
  const cur = new Int32Array(m);
  const none = new Int32Array(0);
  rows.fill(none);
  vals.fill(new Float32Array(0));
  cells.fill(new Float32Array(0));

  /** Puts list i on the first non-empty block from b on. */
  const enter = (i: number, b: number): void => {
    const t = term[i] as number;
    while (b !== -1 && P.filled(t, b) === 0) b = P.blockNext[b] as number;
    block[i] = b;
    if (b === -1) {
      cur[i] = END;
      return;
    }
    const p = P.blockPage[b] as number;
    const r = P.rowPages[p] as Int32Array;
    rows[i] = r;
    vals[i] = P.valPages[p] as Float32Array;
    cells[i] = P.cellPages[p] as Float32Array;
    const s0 = P.blockStart[b] as number;
    pos[i] = s0;
    end[i] = s0 + P.filled(t, b);
    cur[i] = r[s0] as number;
  };
  const next = (i: number): void => {
    const p = (pos[i] as number) + 1;
    if (p < (end[i] as number)) {
      pos[i] = p;
      cur[i] = (rows[i] as Int32Array)[p] as number;
    } else enter(i, P.blockNext[block[i] as number] as number);
  };
  /** Moves list i to its first row ≥ target. */
  const advance = (i: number, target: number): void => {
    if ((cur[i] as number) >= target) return;
    while (((rows[i] as Int32Array)[(end[i] as number) - 1] as number) < target) {
      enter(i, P.blockNext[block[i] as number] as number);
      if (cur[i] === END) return;
    }
    const r = rows[i] as Int32Array;
    let lo = pos[i] as number;
    let hi = (end[i] as number) - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((r[mid] as number) < target) lo = mid + 1;
      else hi = mid;
    }
    pos[i] = lo;
    cur[i] = r[lo] as number;
  };
  /** Moves list i past its current cell of the bound grid. */
  const skipCell = (i: number): void => {
    const p = (((pos[i] as number) >> CELL_BITS) + 1) << CELL_BITS;
    if (p < (end[i] as number)) {
      pos[i] = p;
      cur[i] = (rows[i] as Int32Array)[p] as number;
    } else enter(i, P.blockNext[block[i] as number] as number);
  };

  for (let i = 0; i < m; i++) {
    const l = lists[i] as TermList;
    term[i] = l.term;
    w[i] = l.w;
    ub[i] = Math.fround(l.w * (P.termMax[l.term] as number));
    enter(i, P.head[l.term] as number);
  }
  // Terms by bound, ascending; prefix[j] bounds what terms ord[0..j] add together.
  const ord = Array.from({ length: m }, (_, i) => i).sort((a, b) => (ub[a] as number) - (ub[b] as number));
  const prefix = new Float64Array(m);
  let sum = 0;
  for (let j = 0; j < m; j++) prefix[j] = sum += ub[ord[j] as number] as number;
  const contrib = new Float64Array(m);
  const has = new Uint8Array(m);
  // A row must beat the k-th best, the threshold and zero (zero scores are never published).
  const floor = (): number => Math.max(top.floor, threshold ?? 0, 0);
  let theta = floor();
  // Terms ord[0..ne) are non-essential: a row holding only those cannot reach theta.
  let ne = 0;

  while (true) {
    while (ne < m && (prefix[ne] as number) * safe <= theta) ne++;
    if (ne === m) break;
    // One list left that can lift a row: skip the cells whose best cannot.
    if (ne === m - 1) {
      const e = ord[ne] as number;
      const rest = ne > 0 ? (prefix[ne - 1] as number) : 0;
      while (cur[e] !== END) {
        const best = Math.fround(
          (w[e] as number) * ((cells[e] as Float32Array)[(pos[e] as number) >> CELL_BITS] as number),
        );
        if ((best + rest) * safe > theta) break;
        skipCell(e);
      }
    }
    let r = END;
    for (let j = ne; j < m; j++) {
      const c = cur[ord[j] as number] as number;
      if (c < r) r = c;
    }
    if (r === END) break;
    if (present[r] !== 1 || (mask !== undefined && mask[r] !== 1)) {
      for (let j = ne; j < m; j++) if (cur[ord[j] as number] === r) next(ord[j] as number);
      continue;
    }
    let partial = 0;
    for (let j = ne; j < m; j++) {
      const i = ord[j] as number;
      if (cur[i] !== r) continue;
      const v = Math.fround((w[i] as number) * ((vals[i] as Float32Array)[pos[i] as number] as number));
      contrib[i] = v;
      has[i] = 1;
      partial += v;
      next(i);
    }
    let hopeless = false;
    for (let j = ne - 1; j >= 0; j--) {
      if ((partial + (prefix[j] as number)) * safe <= theta) {
        hopeless = true;
        break;
      }
      const i = ord[j] as number;
      advance(i, r);
      if (cur[i] !== r) continue;
      const v = Math.fround((w[i] as number) * ((vals[i] as Float32Array)[pos[i] as number] as number));
      contrib[i] = v;
      has[i] = 1;
      partial += v;
    }
    if (!hopeless) {
      let s = 0;
      for (let i = 0; i < m; i++) if (has[i] === 1) s = Math.fround(s + (contrib[i] as number));
      if (s !== 0 && (threshold === undefined || s > threshold) && s >= top.floor) {
        top.push(s, r);
        theta = floor();
      }
    }
    has.fill(0);
  }
}
