/**
 * Posting lists for all terms of a sparse index in one paged pool of (row, value) pairs (paged.ts), as chains of
 * blocks that grow in size per term. No per-term JS arrays: appends are O(1), iteration is sequential within a
 * block, and the garbage collector sees a few dozen large buffers instead of hundreds of thousands of arrays.
 *
 * Block b lives in page `blockPage[b]` at local offset `blockStart[b]` and never straddles a page, so a reader
 * takes `rowPages[p]`/`valPages[p]`/`cellPages[p]` once per block and indexes locally. A restore adopts the
 * snapshot's term-major arrays as one page of their own length (one block per term, no copy); later blocks go to
 * fresh pages.
 */
import { PagedPair, PAGE_SIZE } from './paged.js';

const MAX_BLOCK = 8192;
/**
 * A term's first block, and how each next one grows: most terms are rare, and a half-empty last block per term
 * was 44–66% slack on a 200k-chunk index (of 27M entries); from 2 by 1.5x it is about half of that.
 */
const FIRST_BLOCK = 2;
const BLOCK_GROWTH = 1.5;

/**
 * Entries per cell of the bound grid: `cellPages[p][c]` bounds the values at local positions [c·CELL, (c+1)·CELL)
 * of page p, whatever terms they belong to, so pruned search (maxscore.ts) can skip a cell whose best cannot
 * reach the top k.
 */
export const CELL_BITS = 6;

function growF32(a: Float32Array, need: number): Float32Array {
  if (need <= a.length) return a;
  let cap = a.length || 16;
  while (cap < need) cap = Math.ceil(cap * 1.5);
  const b = new Float32Array(cap);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, need: number, fill = 0): Int32Array {
  if (need <= a.length) return a;
  let cap = a.length || 16;
  while (cap < need) cap = Math.ceil(cap * 1.5);
  const b = new Int32Array(cap);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

export class Postings {
  private readonly pool: PagedPair<Int32Array>;
  /** Rows of page p (ascending within each block). */
  readonly rowPages: Int32Array[];
  /** Values of page p. */
  readonly valPages: Float32Array[];
  /** Largest value per grid cell of page p (see CELL_BITS). */
  readonly cellPages: Float32Array[] = [];
  /** Longest block a term grows to (a block never exceeds a page). */
  private readonly maxBlock: number;
  // per block
  blockPage: Int32Array = new Int32Array(256);
  blockStart: Int32Array = new Int32Array(256);
  blockSize: Int32Array = new Int32Array(256);
  blockNext: Int32Array = new Int32Array(256);
  private blocks = 0;
  // per term slot
  head: Int32Array = new Int32Array(256).fill(-1);
  tail: Int32Array = new Int32Array(256).fill(-1);
  tailFill: Int32Array = new Int32Array(256);
  /** Live entries per term (document frequency). */
  df: Int32Array = new Int32Array(256);
  /** Largest value per term (entries of deleted rows included: an upper bound). */
  termMax: Float32Array = new Float32Array(256);
  /** A stored value is negative: no bound holds, search must score every posting. */
  negative = false;
  /** Rows ascend within every term (false only for a restored index that breaks it: search scores all). */
  ascending = true;

  constructor(pageSize = PAGE_SIZE) {
    this.pool = new PagedPair((n) => new Int32Array(n), pageSize);
    this.rowPages = this.pool.keys;
    this.valPages = this.pool.vals;
    this.maxBlock = Math.min(MAX_BLOCK, pageSize);
  }

  ensureTerms(n: number): void {
    if (n <= this.head.length) return;
    this.head = growI32(this.head, n, -1);
    this.tail = growI32(this.tail, n, -1);
    this.tailFill = growI32(this.tailFill, n);
    this.df = growI32(this.df, n);
    this.termMax = growF32(this.termMax, n);
  }

  private ensureBlocks(n: number): void {
    this.blockPage = growI32(this.blockPage, n);
    this.blockStart = growI32(this.blockStart, n);
    this.blockSize = growI32(this.blockSize, n);
    this.blockNext = growI32(this.blockNext, n);
  }

  private newBlock(size: number): number {
    const b = this.blocks++;
    this.ensureBlocks(this.blocks);
    const p = this.pool.alloc(size);
    const at = this.pool.at;
    // The bound grid follows its page's arrays (a new page, or the open page after it grew).
    const cells = ((this.rowPages[p] as Int32Array).length >> CELL_BITS) + 1;
    if (p === this.cellPages.length) this.cellPages.push(new Float32Array(cells));
    else this.cellPages[p] = growF32(this.cellPages[p] as Float32Array, cells);
    this.blockPage[b] = p;
    this.blockStart[b] = at;
    this.blockSize[b] = size;
    this.blockNext[b] = -1;
    return b;
  }

  /** Reserves one block of exactly `size` entries for a new term (bulk load). */
  reserve(term: number, size: number): void {
    const b = this.newBlock(Math.max(1, size));
    this.head[term] = b;
    this.tail[term] = b;
    this.tailFill[term] = 0;
  }

  push(term: number, row: number, val: number): void {
    let b = this.tail[term] as number;
    if (b === -1) {
      b = this.newBlock(FIRST_BLOCK);
      this.head[term] = b;
      this.tail[term] = b;
      this.tailFill[term] = 0;
    } else if ((this.tailFill[term] as number) === (this.blockSize[b] as number)) {
      const size = Math.ceil((this.blockSize[b] as number) * BLOCK_GROWTH);
      const nb = this.newBlock(Math.min(this.maxBlock, Math.max(FIRST_BLOCK, size)));
      this.blockNext[b] = nb;
      this.tail[term] = nb;
      this.tailFill[term] = 0;
      b = nb;
    }
    const p = this.blockPage[b] as number;
    const at = (this.blockStart[b] as number) + (this.tailFill[term] as number);
    (this.rowPages[p] as Int32Array)[at] = row;
    (this.valPages[p] as Float32Array)[at] = val;
    this.tailFill[term] = (this.tailFill[term] as number) + 1;
    this.df[term] = (this.df[term] as number) + 1;
    this.bound(term, this.cellPages[p] as Float32Array, at, val);
  }

  private bound(term: number, cells: Float32Array, at: number, val: number): void {
    if (val > (this.termMax[term] as number)) this.termMax[term] = val;
    const c = at >> CELL_BITS;
    if (val > (cells[c] as number)) cells[c] = val;
    if (val < 0) this.negative = true;
  }

  /**
   * Recomputes the bounds after entries were written straight into the pages (bulk load, restore), and checks
   * that rows ascend within each term.
   */
  rebound(terms: number): void {
    this.termMax = new Float32Array(Math.max(16, this.head.length));
    for (let p = 0; p < this.rowPages.length; p++)
      this.cellPages[p] = new Float32Array(((this.rowPages[p] as Int32Array).length >> CELL_BITS) + 1);
    this.negative = false;
    this.ascending = true;
    for (let t = 0; t < terms; t++) {
      let prev = -1;
      for (let b = this.head[t] as number; b !== -1; b = this.blockNext[b] as number) {
        const p = this.blockPage[b] as number;
        const rows = this.rowPages[p] as Int32Array;
        const vals = this.valPages[p] as Float32Array;
        const cells = this.cellPages[p] as Float32Array;
        const s0 = this.blockStart[b] as number;
        const end = s0 + this.filled(t, b);
        for (let j = s0; j < end; j++) {
          const r = rows[j] as number;
          if (r <= prev) this.ascending = false;
          prev = r;
          this.bound(t, cells, j, vals[j] as number);
        }
      }
    }
  }

  /**
   * Adopts term-major CSR posting lists (term slot k owns [offsets[k], offsets[k+1])) as one page of their own
   * length, one full block per term: a restore costs O(terms), not O(entries). Only into empty postings.
   */
  adopt(offsets: Uint32Array, rows: Int32Array, vals: Float32Array): void {
    if (this.blocks !== 0) throw new Error('postings: adopt into a non-empty index');
    const terms = offsets.length - 1;
    const p = this.pool.adopt(rows, vals);
    this.blocks = terms;
    this.blockPage = new Int32Array(Math.max(16, terms)).fill(p);
    this.blockStart = new Int32Array(Math.max(16, terms));
    this.blockSize = new Int32Array(Math.max(16, terms));
    this.blockNext = new Int32Array(Math.max(16, terms)).fill(-1);
    this.head = new Int32Array(Math.max(16, terms)).fill(-1);
    this.tail = new Int32Array(Math.max(16, terms)).fill(-1);
    this.tailFill = new Int32Array(Math.max(16, terms));
    this.df = new Int32Array(Math.max(16, terms));
    for (let k = 0; k < terms; k++) {
      const a = offsets[k] as number;
      const n = (offsets[k + 1] as number) - a;
      this.blockStart[k] = a;
      this.blockSize[k] = n;
      this.head[k] = k;
      this.tail[k] = k;
      this.tailFill[k] = n;
      this.df[k] = n;
    }
    this.rebound(terms);
  }

  /** Number of filled entries of block `b` of `term`. */
  filled(term: number, b: number): number {
    return b === this.tail[term] ? (this.tailFill[term] as number) : (this.blockSize[b] as number);
  }

  /** Entries the pages hold, used or not (tests, diagnostics). */
  capacity(): number {
    return this.pool.capacity();
  }

  /** Pages of the pool (tests, diagnostics). */
  get pages(): number {
    return this.rowPages.length;
  }
}
