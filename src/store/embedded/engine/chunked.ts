/**
 * Snapshot arrays made slice by slice when written (disk/binary-json.ts `ChunkedArray`), so writing a snapshot
 * does not copy the sparse index whole; `read()` still gives the array in one piece (StoredArray).
 */
import type { StoredArray } from './snapshot-types.js';

type Typed = Uint32Array | Int32Array | Float32Array;
const ctors = { u32: Uint32Array, i32: Int32Array, f32: Float32Array } as const;
type Kind = keyof typeof ctors;

/** Views shorter than this are gathered into a staging buffer (fewer, larger writes). */
const DIRECT = 1 << 16;
const STAGE = 1 << 20;

export class ChunkedArray<T extends Typed> implements StoredArray<T> {
  constructor(
    readonly kind: Kind,
    readonly length: number,
    private readonly make: () => Iterable<T>,
  ) {}

  /** Consecutive views of the elements; each is valid only until the next is asked for. */
  chunks(): Iterable<T> {
    return this.make();
  }

  read(into?: T): T {
    const out = into ?? (new ctors[this.kind](this.length) as T);
    if (out.length !== this.length)
      throw new Error(`chunked array: target of ${out.length}, not ${this.length}`);
    let off = 0;
    for (const v of this.make()) {
      out.set(v, off);
      off += v.length;
    }
    if (off !== this.length) throw new Error(`chunked array: ${off} elements made, not ${this.length}`);
    return out;
  }
}

/**
 * Collects views into chunks: long views pass through as they are, short ones are copied into one reused
 * staging buffer. `put` and `flush` return the chunks ready to hand out.
 */
export class Gather<T extends Typed> {
  private readonly stage: T;
  private fill = 0;

  constructor(make: (n: number) => T) {
    this.stage = make(STAGE);
  }

  *put(v: T): Generator<T> {
    if (v.length >= DIRECT) {
      yield* this.flush();
      yield v;
      return;
    }
    if (this.fill + v.length > STAGE) yield* this.flush();
    this.stage.set(v, this.fill);
    this.fill += v.length;
  }

  /** Room for `n` more elements written straight into `buffer` at `at` (then `advance(n)`). */
  *room(n: number): Generator<T> {
    if (this.fill + n > STAGE) yield* this.flush();
  }

  get buffer(): T {
    return this.stage;
  }

  get at(): number {
    return this.fill;
  }

  advance(n: number): void {
    this.fill += n;
  }

  *flush(): Generator<T> {
    if (this.fill === 0) return;
    const n = this.fill;
    this.fill = 0;
    yield this.stage.subarray(0, n) as T;
  }
}
