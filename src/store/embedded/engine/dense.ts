/**
 * Dense vectors of one name: rows x dim in one contiguous Float32Array (row index = collection row), plus a
 * presence mask. Cosine vectors are normalised on the way in, so search is a plain dot product scan.
 */
import { createKernel, type SimdKernel } from './simd.js';
import { isStoredArray, type Stored } from './snapshot-types.js';
import { TopK } from './topk.js';

export type Distance = 'Cosine' | 'Dot' | 'Euclid' | 'Manhattan';

const F32_EPSILON = 1.1920929e-7;

/**
 * Below this dimension Qdrant scores with plain f32 loops on every CPU (MIN_DIM_SIZE_SIMD in
 * lib/segment/src/spaces/simple.rs); there the store repeats its arithmetic exactly (each f32 operation is
 * `Math.fround` of the double result, which is the correctly rounded f32 result), so scores agree to the last
 * bit. At and above it Qdrant's SIMD kernels sum in a CPU-specific order and the last bit may differ.
 */
export const EXACT_F32_DIMS = 16;

const f32 = Math.fround;
const F32_1E_6 = f32(1e-6);

/** Qdrant's cosine preprocessing: unit length, except (near) zero vectors and already-unit vectors. */
export function normalize(v: Float32Array): Float32Array {
  if (v.length < EXACT_F32_DIMS) {
    // cosine_preprocess: f32 sum of squares, is_length_zero_or_normalized, then x / sqrt(length).
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum = f32(sum + f32((v[i] as number) * (v[i] as number)));
    if (sum < F32_EPSILON || f32(Math.abs(sum - 1)) <= F32_1E_6) return v;
    const length = f32(Math.sqrt(sum));
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) / length;
    return v;
  }
  let len2 = 0;
  for (let i = 0; i < v.length; i++) len2 += (v[i] as number) * (v[i] as number);
  if (len2 < F32_EPSILON || Math.abs(len2 - 1) <= 1e-6) return v;
  const inv = 1 / Math.sqrt(len2);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  return v;
}

const BLOCK = 4096;
const PAGE = 65536;
const align = (n: number, a: number) => Math.ceil(n / a) * a;

/**
 * Where the rows live: a WebAssembly memory scanned by the SIMD kernel when the dimension allows it (multiple
 * of 4), else a plain Float32Array scanned in JS. Layout of the wasm memory: [query | out block | row ids | data].
 */
interface Backing {
  kernel: SimdKernel | null;
  dataOff: number;
  outOff: number;
  rowsOff: number;
}

export class DenseVectors {
  private plain: Float32Array | undefined;
  private view: Float32Array | undefined;
  present: Uint8Array;
  private capacity: number;
  private readonly backing: Backing;
  count = 0;

  constructor(
    readonly dim: number,
    readonly distance: Distance,
    capacity = 256,
  ) {
    this.capacity = capacity;
    this.present = new Uint8Array(capacity);
    const qBytes = align(dim * 4, 64);
    const outOff = qBytes;
    const rowsOff = outOff + BLOCK * 4;
    const dataOff = align(rowsOff + BLOCK * 4, 64);
    const kernel =
      dim % 4 === 0 && dim >= EXACT_F32_DIMS
        ? createKernel(Math.ceil((dataOff + capacity * dim * 4) / PAGE) || 1)
        : null;
    this.backing = { kernel, dataOff, outOff, rowsOff };
    if (!kernel) this.plain = new Float32Array(capacity * dim);
  }

  /** Rows x dim storage (a view; do not keep it across writes, the wasm memory may grow). */
  get data(): Float32Array {
    if (this.plain) return this.plain;
    const mem = (this.backing.kernel as SimdKernel).memory;
    if (!this.view || this.view.buffer !== mem.buffer || this.view.length !== this.capacity * this.dim) {
      this.view = new Float32Array(mem.buffer, this.backing.dataOff, this.capacity * this.dim);
    }
    return this.view;
  }

  /**
   * Builds from snapshot arrays (already preprocessed), no per-row work: rows still on disk are read straight
   * into this store's memory; rows in memory take one bulk copy.
   */
  static fromArrays(
    dim: number,
    distance: Distance,
    data: Stored<Float32Array>,
    present: Uint8Array,
  ): DenseVectors {
    const rows = present.length;
    const d = new DenseVectors(dim, distance, Math.max(rows, 1));
    const target = d.data.subarray(0, rows * dim);
    if (isStoredArray(data)) data.read(target);
    else target.set(data.subarray(0, rows * dim));
    d.present.set(present);
    let n = 0;
    for (let i = 0; i < rows; i++) n += present[i] as number;
    d.count = n;
    return d;
  }

  ensure(rows: number): void {
    if (rows <= this.capacity) return;
    let cap = Math.max(256, this.capacity);
    while (cap < rows) cap = Math.ceil(cap * 1.5);
    if (this.plain) {
      const data = new Float32Array(cap * this.dim);
      data.set(this.plain);
      this.plain = data;
    } else {
      const mem = (this.backing.kernel as SimdKernel).memory;
      const need = this.backing.dataOff + cap * this.dim * 4;
      if (need > mem.buffer.byteLength) mem.grow(Math.ceil((need - mem.buffer.byteLength) / PAGE));
      this.view = undefined;
    }
    const present = new Uint8Array(cap);
    present.set(this.present);
    this.present = present;
    this.capacity = cap;
  }

  /** Converts and preprocesses a query or stored vector. */
  prepare(v: ArrayLike<number>): Float32Array {
    const f = Float32Array.from(v);
    return this.distance === 'Cosine' ? normalize(f) : f;
  }

  /** Writes raw values into the row and preprocesses them in place (no temporary array per point). */
  setValues(row: number, values: ArrayLike<number>): void {
    this.ensure(row + 1);
    const data = this.data;
    const base = row * this.dim;
    for (let i = 0; i < this.dim; i++) data[base + i] = values[i] as number;
    if (this.distance === 'Cosine') normalize(data.subarray(base, base + this.dim));
    if (!this.present[row]) this.count++;
    this.present[row] = 1;
  }

  set(row: number, prepared: Float32Array): void {
    this.ensure(row + 1);
    this.data.set(prepared, row * this.dim);
    if (!this.present[row]) this.count++;
    this.present[row] = 1;
  }

  clear(row: number): void {
    if (row < this.capacity && this.present[row]) {
      this.present[row] = 0;
      this.count--;
    }
  }

  has(row: number): boolean {
    return row < this.capacity && this.present[row] === 1;
  }

  /** A copy of the stored (preprocessed) vector. */
  get(row: number): Float32Array | undefined {
    if (!this.has(row)) return undefined;
    return this.data.slice(row * this.dim, (row + 1) * this.dim);
  }

  /** Copies the given rows (ascending) for a snapshot; runs of consecutive rows are copied in bulk. */
  export(rowList: ArrayLike<number>): { data: Float32Array; present: Uint8Array } {
    const m = rowList.length;
    const dim = this.dim;
    const data = new Float32Array(m * dim);
    const present = new Uint8Array(m);
    const src = this.data;
    let i = 0;
    while (i < m) {
      let j = i + 1;
      while (j < m && (rowList[j] as number) === (rowList[j - 1] as number) + 1) j++;
      const r0 = rowList[i] as number;
      data.set(src.subarray(r0 * dim, (r0 + j - i) * dim), i * dim);
      for (let k = i; k < j; k++) present[k] = this.has(rowList[k] as number) ? 1 : 0;
      i = j;
    }
    return { data, present };
  }

  /** Raw score as Qdrant reports it (similarity for Cosine/Dot, distance for Euclid/Manhattan). */
  score(q: Float32Array, row: number): number {
    const d = this.data;
    const dim = this.dim;
    const base = row * dim;
    switch (this.distance) {
      case 'Cosine':
      case 'Dot':
        return dot(q, d, base, dim);
      case 'Euclid': {
        if (dim < EXACT_F32_DIMS) {
          let e = 0;
          for (let i = 0; i < dim; i++) {
            const x = f32((q[i] as number) - (d[base + i] as number));
            e = f32(e + f32(x * x));
          }
          return f32(Math.sqrt(e));
        }
        let s = 0;
        for (let i = 0; i < dim; i++) {
          const x = (q[i] as number) - (d[base + i] as number);
          s += x * x;
        }
        return Math.sqrt(Math.abs(s));
      }
      case 'Manhattan': {
        if (dim < EXACT_F32_DIMS) {
          let e = 0;
          for (let i = 0; i < dim; i++)
            e = f32(e + Math.abs(f32((q[i] as number) - (d[base + i] as number))));
          return e;
        }
        let s = 0;
        for (let i = 0; i < dim; i++) s += Math.abs((q[i] as number) - (d[base + i] as number));
        return s;
      }
    }
  }

  private get lowerIsBetter(): boolean {
    return this.distance === 'Euclid' || this.distance === 'Manhattan';
  }

  /** Qdrant's check_threshold: strictly better than the threshold. */
  passes(raw: number, threshold: number | undefined): boolean {
    if (threshold === undefined) return true;
    return this.lowerIsBetter ? raw < threshold : raw > threshold;
  }

  /**
   * Exact search. `rows` limits the scan to allowed rows (ascending); otherwise all rows < rowCount.
   * Returns raw scores best first.
   */
  search(
    q: Float32Array,
    limit: number,
    rowCount: number,
    rows: Int32Array | undefined,
    threshold: number | undefined,
  ): { rows: number[]; scores: number[] } {
    const present = this.present;
    const n = rows ? rows.length : Math.min(rowCount, this.capacity);
    // A limit above the candidates (Qdrant accepts any usize) returns them all; the heap is sized to fit.
    const top = new TopK(Math.min(limit, n));
    const kernel = this.backing.kernel;
    const simd = kernel !== null && (this.distance === 'Cosine' || this.distance === 'Dot');
    if (simd) {
      const { dataOff, outOff, rowsOff } = this.backing;
      const buf = kernel.memory.buffer;
      new Float32Array(buf, 0, this.dim).set(q);
      const out = new Float32Array(buf, outOff, BLOCK);
      const rowBuf = new Int32Array(buf, rowsOff, BLOCK);
      for (let start = 0; start < n; start += BLOCK) {
        const m = Math.min(BLOCK, n - start);
        if (rows) {
          // Only present rows go to the kernel.
          let k = 0;
          for (let j = 0; j < m; j++) {
            const r = rows[start + j] as number;
            if (present[r] === 1) rowBuf[k++] = r;
          }
          kernel.scoresRows(0, dataOff, this.dim, rowsOff, k, outOff);
          for (let j = 0; j < k; j++) {
            const s = out[j] as number;
            if (threshold !== undefined && !(s > threshold)) continue;
            if (s >= top.floor) top.push(s, rowBuf[j] as number);
          }
        } else {
          kernel.scores(0, dataOff + start * this.dim * 4, this.dim, m, outOff);
          for (let j = 0; j < m; j++) {
            const row = start + j;
            if (present[row] !== 1) continue;
            const s = out[j] as number;
            if (threshold !== undefined && !(s > threshold)) continue;
            if (s >= top.floor) top.push(s, row);
          }
        }
      }
      return top.result();
    }
    const lower = this.lowerIsBetter;
    for (let i = 0; i < n; i++) {
      const row = rows ? (rows[i] as number) : i;
      if (present[row] !== 1) continue;
      const raw = this.score(q, row);
      if (threshold !== undefined && !this.passes(raw, threshold)) continue;
      top.push(lower ? -raw : raw, row);
    }
    const res = top.result();
    if (lower) res.scores = res.scores.map((s) => -s);
    return res;
  }
}

/** Dot product of q with d[base .. base+dim), four accumulators to keep the loop pipelined. */
function dot(q: Float32Array, d: Float32Array, base: number, dim: number): number {
  if (dim < EXACT_F32_DIMS) {
    // dot_similarity: f32 products summed in order in f32.
    let s = 0;
    for (let i = 0; i < dim; i++) s = f32(s + f32((q[i] as number) * (d[base + i] as number)));
    return s;
  }
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  const end4 = dim - (dim % 4);
  for (; i < end4; i += 4) {
    s0 += (q[i] as number) * (d[base + i] as number);
    s1 += (q[i + 1] as number) * (d[base + i + 1] as number);
    s2 += (q[i + 2] as number) * (d[base + i + 2] as number);
    s3 += (q[i + 3] as number) * (d[base + i + 3] as number);
  }
  for (; i < dim; i++) s0 += (q[i] as number) * (d[base + i] as number);
  return s0 + s1 + s2 + s3;
}
