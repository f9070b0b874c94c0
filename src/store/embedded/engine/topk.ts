/**
 * Partial top-k selection with a binary min-heap over typed arrays: O(n log k) and no per-candidate objects,
 * which matters when 150k rows are scored per query. Higher score is better; ties keep the earlier row.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly rows: Int32Array;
  private size = 0;

  constructor(readonly k: number) {
    const cap = Math.max(1, k);
    this.scores = new Float64Array(cap);
    this.rows = new Int32Array(cap);
  }

  /** Lowest score kept so far, or -Infinity while not full (lets callers skip hopeless candidates). */
  get floor(): number {
    return this.size < this.k ? -Infinity : (this.scores[0] as number);
  }

  push(score: number, row: number): void {
    if (this.k <= 0) return;
    const s = this.scores;
    const r = this.rows;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(score, row, s[p] as number, r[p] as number)) break;
        s[i] = s[p] as number;
        r[i] = r[p] as number;
        i = p;
      }
      s[i] = score;
      r[i] = row;
      return;
    }
    if (!this.worse(s[0] as number, r[0] as number, score, row)) return;
    // Replace the root and sift down.
    let i = 0;
    const n = this.size;
    while (true) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let c = l;
      const rr = l + 1;
      if (rr < n && this.worse(s[rr] as number, r[rr] as number, s[l] as number, r[l] as number)) c = rr;
      if (!this.worse(s[c] as number, r[c] as number, score, row)) break;
      s[i] = s[c] as number;
      r[i] = r[c] as number;
      i = c;
    }
    s[i] = score;
    r[i] = row;
  }

  /** a is worse than b: lower score, or equal score and later row. */
  private worse(as: number, ar: number, bs: number, br: number): boolean {
    return as < bs || (as === bs && ar > br);
  }

  /** Best first. */
  result(): { rows: number[]; scores: number[] } {
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((a, b) => {
      const d = (this.scores[b] as number) - (this.scores[a] as number);
      return d !== 0 ? d : (this.rows[a] as number) - (this.rows[b] as number);
    });
    return { rows: idx.map((i) => this.rows[i] as number), scores: idx.map((i) => this.scores[i] as number) };
  }
}
