/**
 * A pair of parallel typed arrays (keys, values) kept as a list of pages, so that a sparse index's big arrays —
 * its row arena and its posting pool, tens of millions of entries on a large corpus — grow without copying.
 * Growing one contiguous array held the old and the new copy together (up to ~150 MB per pair on the 201k-chunk
 * pool) and left a fifth empty; a new page costs exactly one page.
 *
 * Layout: page p is `keys[p]`/`vals[p]`; a caller's item (a posting block, a row's vector) is `count` entries at
 * a local offset of one page — it never straddles two, so hot loops take one page's arrays per item and index
 * locally. The caller keeps (page, offset) per item.
 * - Fresh pages hold `pageSize` entries (default 1 << 20: 4 MB per array, so at most that much slack per array
 *   and no spike; items are at most a few thousand entries, so the tail a page leaves unused is under 1%, and a
 *   201k-chunk index has ~20 pages, few enough that a page lookup per item is free).
 * - The open page (the one being filled) starts small and doubles by copy up to `pageSize`, so an index of a few
 *   rows does not take 8 MB; only that page is ever copied, and at most a page's worth.
 * - An adopted pair of arrays (a snapshot restore) becomes one page of its own length, already full: no copy.
 *   An item larger than a page (a long vector, a bulk-loaded term's postings) gets a page of its own size.
 *   New items after either go to fresh pages.
 */
type Keys = Int32Array | Uint32Array;

export const PAGE_SIZE = 1 << 20;
const FIRST_PAGE = 1024;

export class PagedPair<K extends Keys> {
  readonly keys: K[] = [];
  readonly vals: Float32Array[] = [];
  /** Entries the open page may hold (its arrays may be shorter until they grow); -1: no open page. */
  private open = -1;
  private openUsed = 0;
  /** Local offset of the last `alloc`. */
  at = 0;

  constructor(
    private readonly make: (n: number) => K,
    readonly pageSize = PAGE_SIZE,
  ) {
    if (!Number.isInteger(pageSize) || pageSize < 16) throw new Error(`page size ${pageSize}: at least 16`);
  }

  /** Room for `n` contiguous entries: returns the page and sets `at` to the local offset. */
  alloc(n: number): number {
    if (n > this.pageSize) {
      const p = this.adopt(this.make(n), new Float32Array(n));
      this.at = 0;
      return p;
    }
    if (this.open === -1 || this.openUsed + n > this.pageSize) {
      this.open = this.keys.length;
      this.openUsed = 0;
      const first = Math.min(this.pageSize, Math.max(FIRST_PAGE, n));
      this.keys.push(this.make(first));
      this.vals.push(new Float32Array(first));
    }
    const p = this.open;
    const need = this.openUsed + n;
    const k = this.keys[p] as K;
    if (need > k.length) {
      let cap = k.length;
      while (cap < need) cap *= 2;
      cap = Math.min(cap, this.pageSize);
      const nk = this.make(cap);
      nk.set(k.subarray(0, this.openUsed));
      const nv = new Float32Array(cap);
      nv.set((this.vals[p] as Float32Array).subarray(0, this.openUsed));
      this.keys[p] = nk;
      this.vals[p] = nv;
    }
    this.at = this.openUsed;
    this.openUsed = need;
    return p;
  }

  /** Takes the arrays as one full page of their own length (not copied); returns its index. */
  adopt(keys: K, vals: Float32Array): number {
    if (keys.length !== vals.length)
      throw new Error(`paged pair: ${keys.length} keys, ${vals.length} values`);
    this.keys.push(keys);
    this.vals.push(vals);
    return this.keys.length - 1;
  }

  /** Entries allocated in page p (its whole length unless it is the open page). */
  used(p: number): number {
    return p === this.open ? this.openUsed : (this.keys[p] as K).length;
  }

  /** Entries the pages hold, used or not. */
  capacity(): number {
    let n = 0;
    for (const k of this.keys) n += k.length;
    return n;
  }
}
