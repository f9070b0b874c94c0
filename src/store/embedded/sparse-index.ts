/**
 * Sparse vectors of one name: per-row vectors (sorted by index) plus an inverted index term -> (row, value).
 * Rows are never rewritten in place (an upsert of an existing id gets a new row), so deletion is lazy: stale
 * posting entries are skipped through the presence mask, and `df` counts only live entries. The collection
 * compacts rows when too many are dead.
 */
import { TopK } from './topk.js';

class Posting {
  rows: Int32Array;
  vals: Float32Array;
  len = 0;
  constructor(cap = 4) {
    this.rows = new Int32Array(cap);
    this.vals = new Float32Array(cap);
  }
  push(row: number, v: number): void {
    if (this.len === this.rows.length) {
      const cap = this.len * 2;
      const r = new Int32Array(cap);
      r.set(this.rows);
      const x = new Float32Array(cap);
      x.set(this.vals);
      this.rows = r;
      this.vals = x;
    }
    this.rows[this.len] = row;
    this.vals[this.len] = v;
    this.len++;
  }
}

export interface SparseQuery {
  indices: Uint32Array;
  values: Float32Array;
}

/** Qdrant's IDF (query_context.rs): ln((N − df + 0.5) / (df + 0.5) + 1). */
export function idf(n: number, df: number): number {
  return Math.log((n - df + 0.5) / (df + 0.5) + 1);
}

export class SparseVectors {
  private readonly postings = new Map<number, Posting>();
  private readonly df = new Map<number, number>();
  private rowIdx: (Uint32Array | undefined)[] = [];
  private rowVal: (Float32Array | undefined)[] = [];
  present = new Uint8Array(256);
  /** N: live vectors in this index. */
  count = 0;
  private acc = new Float32Array(256);
  private touched = new Int32Array(256);

  constructor(
    readonly useIdf: boolean,
    readonly fullScanThreshold = 5000,
  ) {}

  private ensure(rows: number): void {
    if (rows <= this.present.length) return;
    let cap = this.present.length;
    while (cap < rows) cap = Math.ceil(cap * 1.5);
    const p = new Uint8Array(cap);
    p.set(this.present);
    this.present = p;
    this.acc = new Float32Array(cap);
  }

  /** Stores a vector already sorted by index with unique indices. */
  set(row: number, indices: Uint32Array, values: Float32Array): void {
    this.ensure(row + 1);
    if (this.present[row]) this.clear(row);
    this.rowIdx[row] = indices;
    this.rowVal[row] = values;
    this.present[row] = 1;
    this.count++;
    for (let i = 0; i < indices.length; i++) {
      const t = indices[i] as number;
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = new Posting()));
      p.push(row, values[i] as number);
      this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
  }

  /**
   * Bulk load (snapshot restore, compaction): rows given in CSR form. Posting lists are sized exactly in a
   * counting pass first, so 150k points load without repeated reallocation.
   */
  load(offsets: Uint32Array, indices: Uint32Array, values: Float32Array, present: Uint8Array): void {
    const rows = present.length;
    this.ensure(rows);
    const counts = new Map<number, number>();
    for (let r = 0; r < rows; r++) {
      if (!present[r]) continue;
      for (let j = offsets[r] as number; j < (offsets[r + 1] as number); j++) {
        const t = indices[j] as number;
        counts.set(t, (counts.get(t) ?? 0) + 1);
      }
    }
    for (const [t, c] of counts) {
      this.postings.set(t, new Posting(c));
      this.df.set(t, c);
    }
    for (let r = 0; r < rows; r++) {
      if (!present[r]) continue;
      const a = offsets[r] as number;
      const b = offsets[r + 1] as number;
      const idx = indices.slice(a, b);
      const val = values.slice(a, b);
      this.rowIdx[r] = idx;
      this.rowVal[r] = val;
      this.present[r] = 1;
      this.count++;
      for (let j = 0; j < idx.length; j++)
        (this.postings.get(idx[j] as number) as Posting).push(r, val[j] as number);
    }
  }

  clear(row: number): void {
    if (row >= this.present.length || !this.present[row]) return;
    const idx = this.rowIdx[row] as Uint32Array;
    for (let i = 0; i < idx.length; i++) {
      const t = idx[i] as number;
      const n = (this.df.get(t) ?? 1) - 1;
      if (n === 0) {
        this.df.delete(t);
        this.postings.delete(t);
      } else this.df.set(t, n);
    }
    this.present[row] = 0;
    this.rowIdx[row] = undefined;
    this.rowVal[row] = undefined;
    this.count--;
  }

  has(row: number): boolean {
    return row < this.present.length && this.present[row] === 1;
  }

  get(row: number): { indices: Uint32Array; values: Float32Array } | undefined {
    if (!this.has(row)) return undefined;
    return { indices: this.rowIdx[row] as Uint32Array, values: this.rowVal[row] as Float32Array };
  }

  /** Query weights after the modifier: q_i · idf(N, df_i) with collection-wide N and df. */
  private weights(q: SparseQuery): Float32Array {
    const w = Float32Array.from(q.values);
    if (this.useIdf) {
      for (let i = 0; i < w.length; i++)
        w[i] = (w[i] as number) * idf(this.count, this.df.get(q.indices[i] as number) ?? 0);
    }
    return w;
  }

  /** Score of one stored row, and whether it shares any index with the query. */
  private scoreRow(q: SparseQuery, w: Float32Array, row: number): { score: number; overlap: boolean } {
    const idx = this.rowIdx[row] as Uint32Array;
    const val = this.rowVal[row] as Float32Array;
    let i = 0;
    let j = 0;
    let s = 0;
    let overlap = false;
    while (i < q.indices.length && j < idx.length) {
      const a = q.indices[i] as number;
      const b = idx[j] as number;
      if (a === b) {
        s = Math.fround(s + Math.fround((w[i] as number) * (val[j] as number)));
        overlap = true;
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    return { score: s, overlap };
  }

  /** Scores the given rows (rescoring prefetch candidates); rows without overlap get undefined. */
  scoreRows(q: SparseQuery, rows: number[]): (number | undefined)[] {
    const w = this.weights(q);
    return rows.map((r) => {
      if (!this.has(r)) return undefined;
      const { score, overlap } = this.scoreRow(q, w, r);
      return overlap ? score : undefined;
    });
  }

  /**
   * Top `limit` rows by dot product. `allowed` (mask + ascending list) restricts candidates. Like Qdrant, the
   * inverted-index path publishes only non-zero scores; a small filtered set is scored point by point and keeps
   * overlapping points even at score 0. Threshold is strict (>).
   */
  search(
    q: SparseQuery,
    limit: number,
    allowed: { mask: Uint8Array; rows: Int32Array } | undefined,
    threshold: number | undefined,
  ): { rows: number[]; scores: number[] } {
    const top = new TopK(limit);
    if (q.indices.length === 0) return top.result();
    const w = this.weights(q);
    if (allowed && allowed.rows.length < this.fullScanThreshold) {
      for (let k = 0; k < allowed.rows.length; k++) {
        const r = allowed.rows[k] as number;
        if (!this.has(r)) continue;
        const { score, overlap } = this.scoreRow(q, w, r);
        if (!overlap) continue;
        if (threshold !== undefined && !(score > threshold)) continue;
        top.push(score, r);
      }
      return top.result();
    }
    if (this.touched.length < this.present.length) this.touched = new Int32Array(this.present.length);
    const acc = this.acc;
    const touched = this.touched;
    const present = this.present;
    const mask = allowed?.mask;
    let nt = 0;
    // Mark touched rows with a NaN-free sentinel: acc starts at 0 and `seen` tracks first touch.
    const seen = new Uint8Array(present.length);
    for (let i = 0; i < q.indices.length; i++) {
      const p = this.postings.get(q.indices[i] as number);
      if (!p) continue;
      const wi = w[i] as number;
      const rows = p.rows;
      const vals = p.vals;
      for (let j = 0; j < p.len; j++) {
        const r = rows[j] as number;
        if (present[r] !== 1 || (mask && mask[r] !== 1)) continue;
        if (seen[r] === 0) {
          seen[r] = 1;
          touched[nt++] = r;
        }
        acc[r] = (acc[r] as number) + Math.fround(wi * (vals[j] as number));
      }
    }
    for (let k = 0; k < nt; k++) {
      const r = touched[k] as number;
      const s = acc[r] as number;
      acc[r] = 0;
      if (s === 0) continue;
      if (threshold !== undefined && !(s > threshold)) continue;
      if (s >= top.floor) top.push(s, r);
    }
    return top.result();
  }

  /** CSR export of rows [0, rows) for a snapshot. */
  export(rows: number): {
    offsets: Uint32Array;
    indices: Uint32Array;
    values: Float32Array;
    present: Uint8Array;
  } {
    const offsets = new Uint32Array(rows + 1);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      offsets[r] = total;
      if (this.has(r)) total += (this.rowIdx[r] as Uint32Array).length;
    }
    offsets[rows] = total;
    const indices = new Uint32Array(total);
    const values = new Float32Array(total);
    const present = new Uint8Array(rows);
    for (let r = 0; r < rows; r++) {
      if (!this.has(r)) continue;
      present[r] = 1;
      indices.set(this.rowIdx[r] as Uint32Array, offsets[r] as number);
      values.set(this.rowVal[r] as Float32Array, offsets[r] as number);
    }
    return { offsets, indices, values, present };
  }
}
