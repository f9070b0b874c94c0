/**
 * Sparse vectors of one name: per-row vectors (sorted by index) in one append-only arena, plus an inverted
 * index term -> (row, value). Rows are never rewritten in place (an upsert of an existing id gets a new row),
 * so deletion is lazy: stale posting entries are skipped through the presence mask and `df` counts only live
 * entries; the collection compacts rows when too many are dead. Term ids map to slots through an
 * open-addressing table; posting lists live in one block pool (see postings.ts).
 *
 * The arena is paged (paged.ts): row r's vector is `len[r]` entries at local offset `start[r]` of page
 * `page[r]`, never straddling two pages, so growth never copies it. A restore adopts the snapshot's CSR arrays as
 * one page of their own length; rows written after it go to fresh pages.
 */
import { ChunkedArray, Gather } from './chunked.js';
import { maxScoreTopK, type TermList } from './maxscore.js';
import type { SparseSnapshot } from './snapshot-types.js';
import { PagedPair, PAGE_SIZE } from './paged.js';
import { Postings } from './postings.js';
import { TermTable } from './term-table.js';
import { TopK } from './topk.js';

export interface SparseQuery {
  indices: Uint32Array;
  values: Float32Array;
}

/** Qdrant's IDF (query_context.rs): ln((N − df + 0.5) / (df + 0.5) + 1). */
export function idf(n: number, df: number): number {
  return Math.log((n - df + 0.5) / (df + 0.5) + 1);
}

export interface SparseVectorsOptions {
  /** Entries per page of the arena and the posting pool (tests use small pages to cross page boundaries). */
  pageSize?: number;
}

export class SparseVectors {
  private readonly terms = new TermTable();
  private readonly postings: Postings;
  /** Arena of all stored vectors, paged: row r owns [start[r], start[r] + len[r]) of page page[r]. */
  private readonly arena: PagedPair<Uint32Array>;
  private readonly arenaIdx: Uint32Array[];
  private readonly arenaVal: Float32Array[];
  private page = new Uint32Array(256);
  private start = new Uint32Array(256);
  private len = new Uint32Array(256);
  present = new Uint8Array(256);
  /** N: live vectors in this index. */
  count = 0;
  private acc = new Float32Array(256);

  constructor(
    public useIdf: boolean,
    public fullScanThreshold = 5000,
    /** Pruned top-k search (same results); false scores every posting (tests compare the two). */
    public prune = true,
    options: SparseVectorsOptions = {},
  ) {
    const pageSize = options.pageSize ?? PAGE_SIZE;
    this.postings = new Postings(pageSize);
    this.arena = new PagedPair((n) => new Uint32Array(n), pageSize);
    this.arenaIdx = this.arena.keys;
    this.arenaVal = this.arena.vals;
  }

  private ensureRows(rows: number): void {
    if (rows <= this.present.length) return;
    let cap = this.present.length;
    while (cap < rows) cap = Math.ceil(cap * 1.5);
    const grow = <T extends Uint8Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.present = grow(this.present, (n) => new Uint8Array(n));
    this.page = grow(this.page, (n) => new Uint32Array(n));
    this.start = grow(this.start, (n) => new Uint32Array(n));
    this.len = grow(this.len, (n) => new Uint32Array(n));
    this.acc = new Float32Array(cap);
  }

  private addPostings(row: number, idx: Uint32Array, val: Float32Array, at: number, n: number): void {
    for (let j = at; j < at + n; j++) {
      const t = this.terms.intern(idx[j] as number);
      this.postings.ensureTerms(t + 1);
      this.postings.push(t, row, val[j] as number);
    }
  }

  /** Stores a vector whose indices are sorted and unique. */
  set(row: number, indices: ArrayLike<number>, values: ArrayLike<number>): void {
    this.ensureRows(row + 1);
    if (this.present[row]) this.clear(row);
    const n = indices.length;
    const p = this.arena.alloc(n);
    const at = this.arena.at;
    const idx = this.arenaIdx[p] as Uint32Array;
    const val = this.arenaVal[p] as Float32Array;
    for (let j = 0; j < n; j++) {
      idx[at + j] = indices[j] as number;
      val[at + j] = values[j] as number;
    }
    this.page[row] = p;
    this.start[row] = at;
    this.len[row] = n;
    this.present[row] = 1;
    this.count++;
    this.addPostings(row, idx, val, at, n);
  }

  /**
   * Bulk load from CSR arrays (snapshot restore, compaction): the arrays become one arena page, and each term
   * gets one exactly sized posting block from a counting pass, so loading does no reallocation.
   */
  load(offsets: Uint32Array, indices: Uint32Array, values: Float32Array, present: Uint8Array): void {
    const rows = present.length;
    this.ensureRows(rows);
    const page = this.arena.adopt(indices, values);
    // Pass 1: term slot of every entry (one hash lookup per entry) and per-term counts.
    const slotOf = new Int32Array(indices.length);
    let counts = new Int32Array(1024);
    for (let r = 0; r < rows; r++) {
      if (!present[r]) continue;
      const end = offsets[r + 1] as number;
      for (let j = offsets[r] as number; j < end; j++) {
        const t = this.terms.intern(indices[j] as number);
        slotOf[j] = t;
        if (t >= counts.length) {
          const c = new Int32Array(counts.length * 2);
          c.set(counts);
          counts = c;
        }
        counts[t] = (counts[t] as number) + 1;
      }
    }
    // Pass 2: one exact block per term, then entries written straight into place (rows stay ascending).
    const P = this.postings;
    P.ensureTerms(this.terms.size);
    for (let t = 0; t < this.terms.size; t++) if (P.head[t] === -1) P.reserve(t, counts[t] as number);
    const prows = P.rowPages;
    const pvals = P.valPages;
    for (let r = 0; r < rows; r++) {
      if (!present[r]) continue;
      const a = offsets[r] as number;
      const end = offsets[r + 1] as number;
      this.page[r] = page;
      this.start[r] = a;
      this.len[r] = end - a;
      this.present[r] = 1;
      for (let j = a; j < end; j++) {
        const t = slotOf[j] as number;
        const b = P.head[t] as number;
        const fill = P.tailFill[t] as number;
        const p = P.blockPage[b] as number;
        const at = (P.blockStart[b] as number) + fill;
        (prows[p] as Int32Array)[at] = r;
        (pvals[p] as Float32Array)[at] = values[j] as number;
        P.tailFill[t] = fill + 1;
      }
    }
    for (let t = 0; t < this.terms.size; t++) P.df[t] = (P.df[t] as number) + (counts[t] as number);
    P.rebound(this.terms.size);
    this.count += rows === 0 ? 0 : present.reduce((n, x) => n + x, 0);
  }

  clear(row: number): void {
    if (row >= this.present.length || !this.present[row]) return;
    const a = this.start[row] as number;
    const n = this.len[row] as number;
    const df = this.postings.df;
    const idx = this.arenaIdx[this.page[row] as number] as Uint32Array;
    for (let j = a; j < a + n; j++) {
      const t = this.terms.get(idx[j] as number);
      if (t >= 0) df[t] = (df[t] as number) - 1;
    }
    this.present[row] = 0;
    this.count--;
  }

  /** Pages of the arena and of the posting pool, and the entries they hold (tests, diagnostics). */
  pages(): { arena: number; postings: number; arenaCapacity: number; postingsCapacity: number } {
    return {
      arena: this.arenaIdx.length,
      postings: this.postings.pages,
      arenaCapacity: this.arena.capacity(),
      postingsCapacity: this.postings.capacity(),
    };
  }

  has(row: number): boolean {
    return row < this.present.length && this.present[row] === 1;
  }

  /** Views into the arena (valid until the next write). */
  get(row: number): { indices: Uint32Array; values: Float32Array } | undefined {
    if (!this.has(row)) return undefined;
    const a = this.start[row] as number;
    const b = a + (this.len[row] as number);
    const p = this.page[row] as number;
    return {
      indices: (this.arenaIdx[p] as Uint32Array).subarray(a, b),
      values: (this.arenaVal[p] as Float32Array).subarray(a, b),
    };
  }

  /** Query weights after the modifier: q_i · idf(N, df_i) with collection-wide N and df. */
  private weights(q: SparseQuery): Float32Array {
    const w = Float32Array.from(q.values);
    if (this.useIdf) {
      for (let i = 0; i < w.length; i++) {
        const t = this.terms.get(q.indices[i] as number);
        w[i] = (w[i] as number) * idf(this.count, t < 0 ? 0 : (this.postings.df[t] as number));
      }
    }
    return w;
  }

  /** Dot product with one stored row; NaN when they share no index. */
  private scoreRow(q: SparseQuery, w: Float32Array, row: number): number {
    const idx = this.arenaIdx[this.page[row] as number] as Uint32Array;
    const val = this.arenaVal[this.page[row] as number] as Float32Array;
    let j = this.start[row] as number;
    const end = j + (this.len[row] as number);
    let i = 0;
    let s = 0;
    let overlap = false;
    while (i < q.indices.length && j < end) {
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
    return overlap ? s : NaN;
  }

  /** Scores the given rows (rescoring prefetch candidates); rows without overlap get undefined. */
  scoreRows(q: SparseQuery, rows: number[]): (number | undefined)[] {
    const w = this.weights(q);
    return rows.map((r) => {
      if (!this.has(r)) return undefined;
      const s = this.scoreRow(q, w, r);
      return Number.isNaN(s) ? undefined : s;
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
    // A limit above the stored vectors returns them all; the heap is sized to fit.
    const top = new TopK(Math.min(limit, this.count));
    if (q.indices.length === 0) return top.result();
    const w = this.weights(q);
    if (allowed && allowed.rows.length < this.fullScanThreshold) {
      for (let k = 0; k < allowed.rows.length; k++) {
        const r = allowed.rows[k] as number;
        if (!this.has(r)) continue;
        const s = this.scoreRow(q, w, r);
        if (Number.isNaN(s)) continue;
        if (threshold !== undefined && !(s > threshold)) continue;
        top.push(s, r);
      }
      return top.result();
    }
    const mask = allowed?.mask;
    const lists = this.termLists(q, w);
    if (lists) {
      maxScoreTopK(this.postings, lists, this.present, mask, threshold, top);
      return top.result();
    }
    const acc = this.acc;
    const present = this.present;
    let lo = present.length;
    let hi = 0;
    const P = this.postings;
    for (let i = 0; i < q.indices.length; i++) {
      const t = this.terms.get(q.indices[i] as number);
      if (t < 0) continue;
      const wi = w[i] as number;
      for (let b = P.head[t] as number; b !== -1; b = P.blockNext[b] as number) {
        const prow = P.rowPages[P.blockPage[b] as number] as Int32Array;
        const pval = P.valPages[P.blockPage[b] as number] as Float32Array;
        const s0 = P.blockStart[b] as number;
        const end = s0 + P.filled(t, b);
        if (end === s0) continue;
        // Rows within a term are ascending: track the touched range so the final sweep stays small.
        if ((prow[s0] as number) < lo) lo = prow[s0] as number;
        if ((prow[end - 1] as number) > hi) hi = prow[end - 1] as number;
        if (mask) {
          for (let j = s0; j < end; j++) {
            const r = prow[j] as number;
            if (present[r] === 1 && mask[r] === 1)
              acc[r] = (acc[r] as number) + Math.fround(wi * (pval[j] as number));
          }
        } else {
          for (let j = s0; j < end; j++) {
            const r = prow[j] as number;
            if (present[r] === 1) acc[r] = (acc[r] as number) + Math.fround(wi * (pval[j] as number));
          }
        }
      }
    }
    for (let r = lo; r <= hi; r++) {
      const s = acc[r] as number;
      if (s === 0) continue;
      acc[r] = 0;
      if (threshold !== undefined && !(s > threshold)) continue;
      if (s >= top.floor) top.push(s, r);
    }
    return top.result();
  }

  /**
   * The query's terms for pruned search (maxscore.ts), in query order; undefined when a weight or a stored value
   * is negative (no bound holds) or restored rows do not ascend, and every posting must be scored.
   */
  private termLists(q: SparseQuery, w: Float32Array): TermList[] | undefined {
    if (!this.prune || this.postings.negative || !this.postings.ascending) return undefined;
    const lists: TermList[] = [];
    for (let i = 0; i < q.indices.length; i++) {
      const t = this.terms.get(q.indices[i] as number);
      if (t < 0) continue;
      const wi = w[i] as number;
      if (!(wi >= 0)) return undefined;
      lists.push({ term: t, w: wi });
    }
    return lists;
  }

  /** CSR export of rows [0, rows) for a snapshot. */
  export(rowList: ArrayLike<number>): {
    offsets: Uint32Array;
    indices: Uint32Array;
    values: Float32Array;
    present: Uint8Array;
    postings: { terms: Uint32Array; offsets: Uint32Array; rows: Int32Array; values: Float32Array };
  } {
    const m = rowList.length;
    const offsets = new Uint32Array(m + 1);
    let total = 0;
    for (let i = 0; i < m; i++) {
      offsets[i] = total;
      const r = rowList[i] as number;
      if (this.has(r)) total += this.len[r] as number;
    }
    offsets[m] = total;
    const indices = new Uint32Array(total);
    const values = new Float32Array(total);
    const present = new Uint8Array(m);
    for (let i = 0; i < m; i++) {
      const r = rowList[i] as number;
      if (!this.has(r)) continue;
      present[i] = 1;
      const a = this.start[r] as number;
      const b = a + (this.len[r] as number);
      const p = this.page[r] as number;
      indices.set((this.arenaIdx[p] as Uint32Array).subarray(a, b), offsets[i] as number);
      values.set((this.arenaVal[p] as Float32Array).subarray(a, b), offsets[i] as number);
    }
    return { offsets, indices, values, present, postings: this.exportPostings(rowList, total) };
  }

  /**
   * The same snapshot as `export`, but the arena and the posting lists are not copied: they are made slice by
   * slice when written (chunked.ts), so writing a snapshot needs no second copy of the index. Valid until the
   * next write to this index. Falls back to `export` if some stored row is not in `rowList`.
   */
  exportChunked(rowList: ArrayLike<number>): SparseSnapshot {
    const m = rowList.length;
    const offsets = new Uint32Array(m + 1);
    const present = new Uint8Array(m);
    const newIdx = new Int32Array(this.present.length).fill(-1);
    let total = 0;
    let rowsIn = 0;
    for (let i = 0; i < m; i++) {
      offsets[i] = total;
      const r = rowList[i] as number;
      if (!this.has(r)) continue;
      present[i] = 1;
      newIdx[r] = i;
      rowsIn++;
      total += this.len[r] as number;
    }
    offsets[m] = total;
    if (rowsIn !== this.count) return { type: 'sparse', ...this.export(rowList) };
    const T = this.terms.size;
    const P = this.postings;
    const live = this.present;
    const pOffsets = new Uint32Array(T + 1);
    let n = 0;
    for (let t = 0; t < T; t++) {
      pOffsets[t] = n;
      for (let b = P.head[t] as number; b !== -1; b = P.blockNext[b] as number) {
        const prow = P.rowPages[P.blockPage[b] as number] as Int32Array;
        const s0 = P.blockStart[b] as number;
        const end = s0 + P.filled(t, b);
        for (let j = s0; j < end; j++) if (live[prow[j] as number] === 1) n++;
      }
    }
    pOffsets[T] = n;
    if (n !== total) return { type: 'sparse', ...this.export(rowList) };

    // Consecutive rows stored back to back on one page are written as one run.
    const arena = <A extends Uint32Array | Float32Array>(src: () => A[], make: (k: number) => A) =>
      function* (this: SparseVectors): Generator<A> {
        const g = new Gather(make);
        const pages = src();
        let runPage = 0;
        let runStart = 0;
        let runEnd = 0;
        for (let i = 0; i < m; i++) {
          if (!present[i]) continue;
          const r = rowList[i] as number;
          const p = this.page[r] as number;
          const s0 = this.start[r] as number;
          const e = s0 + (this.len[r] as number);
          if (p === runPage && s0 === runEnd) runEnd = e;
          else {
            if (runEnd > runStart) yield* g.put((pages[runPage] as A).subarray(runStart, runEnd) as A);
            runPage = p;
            runStart = s0;
            runEnd = e;
          }
        }
        if (runEnd > runStart) yield* g.put((pages[runPage] as A).subarray(runStart, runEnd) as A);
        yield* g.flush();
      };
    const posting = <A extends Int32Array | Float32Array>(make: (k: number) => A, rowsOut: boolean) =>
      function* (): Generator<A> {
        const g = new Gather(make);
        for (let t = 0; t < T; t++) {
          for (let b = P.head[t] as number; b !== -1; b = P.blockNext[b] as number) {
            const prow = P.rowPages[P.blockPage[b] as number] as Int32Array;
            const pval = P.valPages[P.blockPage[b] as number] as Float32Array;
            const s0 = P.blockStart[b] as number;
            const end = s0 + P.filled(t, b);
            for (let j = s0; j < end;) {
              const step = Math.min(end - j, 1 << 16);
              yield* g.room(step);
              const buf = g.buffer;
              let at = g.at;
              const start = at;
              for (const stop = j + step; j < stop; j++) {
                const r = prow[j] as number;
                if (live[r] !== 1) continue;
                buf[at++] = rowsOut ? (newIdx[r] as number) : (pval[j] as number);
              }
              g.advance(at - start);
            }
          }
        }
        yield* g.flush();
      };
    return {
      type: 'sparse',
      offsets,
      indices: new ChunkedArray(
        'u32',
        total,
        arena(
          () => this.arenaIdx,
          (k) => new Uint32Array(k),
        ).bind(this),
      ),
      values: new ChunkedArray(
        'f32',
        total,
        arena(
          () => this.arenaVal,
          (k) => new Float32Array(k),
        ).bind(this),
      ),
      present,
      postings: {
        terms: this.terms.keyOf.slice(0, T),
        offsets: pOffsets,
        rows: new ChunkedArray(
          'i32',
          n,
          posting((k) => new Int32Array(k), true),
        ),
        values: new ChunkedArray(
          'f32',
          n,
          posting((k) => new Float32Array(k), false),
        ),
      },
    };
  }

  /** Live posting entries renumbered to snapshot positions, term-major. */
  private exportPostings(
    rowList: ArrayLike<number>,
    total: number,
  ): { terms: Uint32Array; offsets: Uint32Array; rows: Int32Array; values: Float32Array } {
    const newIdx = new Int32Array(this.present.length).fill(-1);
    for (let i = 0; i < rowList.length; i++) newIdx[rowList[i] as number] = i;
    const T = this.terms.size;
    const P = this.postings;
    const offsets = new Uint32Array(T + 1);
    const rows = new Int32Array(total);
    const values = new Float32Array(total);
    let n = 0;
    for (let t = 0; t < T; t++) {
      offsets[t] = n;
      for (let b = P.head[t] as number; b !== -1; b = P.blockNext[b] as number) {
        const prow = P.rowPages[P.blockPage[b] as number] as Int32Array;
        const pval = P.valPages[P.blockPage[b] as number] as Float32Array;
        const s0 = P.blockStart[b] as number;
        const end = s0 + P.filled(t, b);
        for (let j = s0; j < end; j++) {
          const r = prow[j] as number;
          if (this.present[r] !== 1) continue;
          const ni = newIdx[r] as number;
          if (ni < 0) continue;
          rows[n] = ni;
          values[n] = pval[j] as number;
          n++;
        }
      }
    }
    offsets[T] = n;
    const exact = n === total;
    return {
      terms: this.terms.keyOf.slice(0, T),
      offsets,
      rows: exact ? rows : rows.slice(0, n),
      values: exact ? values : values.slice(0, n),
    };
  }

  /** Restore with a saved inverted index: adopts every array, O(rows + terms). */
  loadIndexed(
    offsets: Uint32Array,
    indices: Uint32Array,
    values: Float32Array,
    present: Uint8Array,
    postings: { terms: Uint32Array; offsets: Uint32Array; rows: Int32Array; values: Float32Array },
  ): void {
    const rows = present.length;
    this.ensureRows(rows);
    const page = this.arena.adopt(indices, values);
    for (let r = 0; r < rows; r++) {
      if (!present[r]) continue;
      const a = offsets[r] as number;
      this.page[r] = page;
      this.start[r] = a;
      this.len[r] = (offsets[r + 1] as number) - a;
      this.present[r] = 1;
      this.count++;
    }
    for (let k = 0; k < postings.terms.length; k++) this.terms.intern(postings.terms[k] as number);
    this.postings.adopt(postings.offsets, postings.rows, postings.values);
  }
}
