/**
 * "JSON with binary sections": a value is stored as JSON text in which numeric arrays and typed arrays are replaced
 * by references into a raw little-endian binary area. Used by the write-ahead log and the snapshot so that vectors
 * are written and read as raw Float32 (fast, compact, exact) while everything else stays plain JSON.
 *
 * Layout (all offsets 8-byte aligned relative to the start of the encoded bytes):
 *   u32 jsonByteLength | JSON utf-8 | pad to 8 | binary area (sections, each padded to 8)
 * A reference is an object with the single key "\u0000": [kind, offsetInBinaryArea, elementCount].
 * Numeric arrays round-trip losslessly: they are stored as u32 when all values are u32 integers, f32 when every
 * value is exactly representable as f32, f64 otherwise. Huge non-numeric arrays (payload lists) are split into
 * separately stringified JSON sections so no single string approaches V8's string length limit.
 */

const REF = '\u0000';
const MIN_BINARY_ARRAY = 8;
const JSON_CHUNK = 16_384;
/**
 * Items per lazily encoded slice (snapshot payloads): a slice's encoding and its concatenation are alive together
 * while it is written, ~80 MB at 16,384 chunk payloads, which set the peak memory of a large ingest's close;
 * 2,048 keeps that near 10 MB for a few more file sections.
 */
const LAZY_CHUNK = 2_048;

type NumKind = 'nu32' | 'nf32' | 'nf64';
type TypedKind = 'f32' | 'f64' | 'u32' | 'i32' | 'u8' | 'u16' | 'i16' | 'i8';
type Kind = NumKind | TypedKind | 'json' | 'ext' | 'blobs';

export type TypedArray =
  Float32Array | Float64Array | Uint32Array | Int32Array | Uint8Array | Uint16Array | Int16Array | Int8Array;

export const typedCtors = {
  f32: Float32Array,
  f64: Float64Array,
  u32: Uint32Array,
  i32: Int32Array,
  u8: Uint8Array,
  u16: Uint16Array,
  i16: Int16Array,
  i8: Int8Array,
} as const;

function typedKind(v: ArrayBufferView): TypedKind | undefined {
  if (v instanceof Float32Array) return 'f32';
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Uint32Array) return 'u32';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array) return 'u8';
  if (v instanceof Uint16Array) return 'u16';
  if (v instanceof Int16Array) return 'i16';
  if (v instanceof Int8Array) return 'i8';
  return undefined;
}

/**
 * Packs an array of numbers into the narrowest lossless typed array (u32, else f32, else f64), or returns
 * undefined when it holds anything else. One pass per candidate type, writing as it checks: this runs for every
 * vector of every logged upsert.
 */
function packNumbers(
  a: unknown[],
): { kind: NumKind; arr: Uint32Array | Float32Array | Float64Array } | undefined {
  const n = a.length;
  const first = a[0];
  if (typeof first !== 'number') return undefined;
  if (Number.isInteger(first) && first >= 0) {
    const u = new Uint32Array(n);
    let ok = true;
    for (let i = 0; i < n; i++) {
      const x = a[i];
      if (typeof x !== 'number') return undefined;
      u[i] = x;
      // -0 would come back as 0.
      if (u[i] !== x || (x === 0 && 1 / x < 0)) {
        ok = false;
        break;
      }
    }
    if (ok) return { kind: 'nu32', arr: u };
  }
  const f = new Float32Array(n);
  let ok = true;
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (typeof x !== 'number') return undefined;
    f[i] = x;
    if (f[i] !== x && x === x) {
      ok = false;
      break;
    }
  }
  if (ok) return { kind: 'nf32', arr: f };
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    if (typeof x !== 'number') return undefined;
    d[i] = x;
  }
  return { kind: 'nf64', arr: d };
}

/**
 * A self-contained encoding of one slice of a huge list, made only when asked for: the caller writes it and drops
 * it, so a snapshot never holds all its payloads' JSON at once.
 */
export interface LazyBlob {
  encode(): Uint8Array;
}

/**
 * A large typed array that exists only as the slices it is made of (e.g. a sparse index's arena row by row):
 * stored as an external section like a typed array of `kind` and `length`, its bytes produced slice by slice
 * while written, so a snapshot needs no second copy. Recognised by shape (`kind`, `length`, `chunks`).
 */
export interface ChunkedArray {
  readonly kind: TypedKind;
  readonly length: number;
  /** The elements in order, as consecutive views; each is written before the next is asked for. */
  chunks(): Iterable<ArrayBufferView>;
}

export function isChunkedArray(v: unknown): v is ChunkedArray {
  if (typeof v !== 'object' || v === null || ArrayBuffer.isView(v) || Array.isArray(v)) return false;
  const c = v as Partial<ChunkedArray>;
  return typeof c.chunks === 'function' && typeof c.kind === 'string' && typeof c.length === 'number';
}

/** The whole array in one buffer (when no external store takes it). */
function materialize(c: ChunkedArray): TypedArray {
  const out = new typedCtors[c.kind](c.length);
  const bytes = new Uint8Array(out.buffer);
  let off = 0;
  for (const v of c.chunks()) {
    bytes.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), off);
    off += v.byteLength;
  }
  if (off !== bytes.byteLength) throw new TypeError('binary-json: chunked array of the wrong length');
  return out;
}

export interface EncodedBinaryJson {
  /** Buffers to write back to back; views over the caller's typed arrays are not copied. */
  parts: Uint8Array[];
  byteLength: number;
  /**
   * Typed arrays at or above `externalBytes`, and (with `lazyLists`) blobs of huge lists, referenced by index;
   * the caller stores them elsewhere.
   */
  externals: External[];
}

export type External = ArrayBufferView | LazyBlob | ChunkedArray;

export interface EncodeOptions {
  /** Typed arrays of at least this many bytes become externals instead of inline sections. */
  externalBytes?: number;
  /**
   * Huge non-numeric lists become external blobs (each slice its own binary JSON) encoded only when written;
   * the value must not change until they are.
   */
  lazyLists?: boolean;
  /** Items per lazy slice (default LAZY_CHUNK); readers take any. */
  lazySlice?: number;
}

export const isLazyBlob = (v: External): v is LazyBlob =>
  typeof (v as Partial<LazyBlob>).encode === 'function';

const pad8 = (n: number): number => (8 - (n % 8)) % 8;
const ZEROS = new Uint8Array(8);

export function encodeBinaryJson(value: unknown, opts: EncodeOptions = {}): EncodedBinaryJson {
  const externalBytes = opts.externalBytes ?? Infinity;
  const externals: External[] = [];
  const sections: Uint8Array[] = [];
  let binLength = 0;
  const addSection = (bytes: Uint8Array): number => {
    const offset = binLength;
    sections.push(bytes);
    const p = pad8(bytes.byteLength);
    if (p > 0) sections.push(ZEROS.subarray(0, p));
    binLength += bytes.byteLength + p;
    return offset;
  };
  const bytesOf = (v: ArrayBufferView): Uint8Array => new Uint8Array(v.buffer, v.byteOffset, v.byteLength);

  // Rewrites the tree (copy-on-write) instead of using a JSON.stringify replacer: a replacer forces V8's slow
  // serializer for the whole value, which made logging an upsert batch several times slower.
  const prepare = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (isChunkedArray(v)) {
      if (externalBytes === Infinity) return prepare(materialize(v));
      externals.push(v);
      return { [REF]: ['ext', externals.length - 1, v.kind, v.length] };
    }
    if (ArrayBuffer.isView(v)) {
      const kind = typedKind(v);
      if (kind === undefined) throw new TypeError('binary-json: unsupported ArrayBufferView');
      if (v.byteLength >= externalBytes) {
        externals.push(v);
        return { [REF]: ['ext', externals.length - 1, kind, (v as TypedArray).length] };
      }
      return { [REF]: [kind, addSection(bytesOf(v)), (v as TypedArray).length] };
    }
    if (Array.isArray(v)) {
      if (v.length >= MIN_BINARY_ARRAY) {
        const packed = packNumbers(v);
        if (packed !== undefined) return { [REF]: [packed.kind, addSection(bytesOf(packed.arr)), v.length] };
      }
      const lazySlice = opts.lazySlice ?? LAZY_CHUNK;
      if (v.length > lazySlice && opts.lazyLists) {
        const indexes: number[] = [];
        for (let i = 0; i < v.length; i += lazySlice) {
          const slice = (): unknown[] => v.slice(i, i + lazySlice) as unknown[];
          externals.push({ encode: () => concatParts(encodeBinaryJson(slice())) });
          indexes.push(externals.length - 1);
        }
        return { [REF]: ['blobs', indexes, v.length] };
      }
      if (v.length > JSON_CHUNK) {
        const refs: unknown[] = [];
        for (let i = 0; i < v.length; i += JSON_CHUNK) {
          const bytes = Buffer.from(JSON.stringify(prepare(v.slice(i, i + JSON_CHUNK))), 'utf8');
          refs.push([addSection(bytes), bytes.byteLength]);
        }
        return { [REF]: ['json', refs, v.length] };
      }
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        const y = prepare(x);
        if (y !== x) {
          out ??= v.slice();
          out[i] = y;
        }
      }
      return out ?? v;
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return v;
    const o = v as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const x = o[k];
      const y = prepare(x);
      if (y !== x) {
        out ??= { ...o };
        out[k] = y;
      }
    }
    return out ?? o;
  };

  const json = Buffer.from(JSON.stringify(prepare(value)) ?? 'null', 'utf8');
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, json.byteLength, true);
  const parts: Uint8Array[] = [header, json];
  const p = pad8(4 + json.byteLength);
  if (p > 0) parts.push(ZEROS.subarray(0, p));
  parts.push(...sections);
  return { parts, byteLength: 4 + json.byteLength + p + binLength, externals };
}

export interface DecodeOptions {
  /**
   * When false, typed arrays are views into `bytes` (zero-copy; they keep the whole buffer alive). Requires
   * `bytes.byteOffset` to be 8-aligned. Default true (independent copies).
   */
  copy?: boolean;
  /** Supplies the typed array stored outside for external reference `index`. */
  external?: (index: number, kind: TypedKind, count: number) => ArrayBufferView;
  /** Supplies the bytes of external blob `index` (see EncodeOptions.lazyLists). */
  externalBlob?: (index: number) => Uint8Array;
}

export type { TypedKind };

export class BinaryJsonError extends Error {
  override name = 'BinaryJsonError';
}

export function decodeBinaryJson(bytes: Uint8Array, opts: DecodeOptions = {}): unknown {
  const copy = opts.copy ?? true;
  if (bytes.byteLength < 4) throw new BinaryJsonError('truncated');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLen = dv.getUint32(0, true);
  if (4 + jsonLen > bytes.byteLength) throw new BinaryJsonError('truncated JSON');
  const binStart = 4 + jsonLen + pad8(4 + jsonLen);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + 4, jsonLen).toString('utf8');

  const section = (kind: TypedKind, offset: number, count: number): TypedArray => {
    const Ctor = typedCtors[kind];
    const byteLen = count * Ctor.BYTES_PER_ELEMENT;
    const start = binStart + offset;
    if (start + byteLen > bytes.byteLength) throw new BinaryJsonError('section out of range');
    const abs = bytes.byteOffset + start;
    if (!copy && abs % Ctor.BYTES_PER_ELEMENT === 0) return new Ctor(bytes.buffer as ArrayBuffer, abs, count);
    const out = new Ctor(count);
    new Uint8Array(out.buffer).set(bytes.subarray(start, start + byteLen));
    return out;
  };

  const resolve = (ref: unknown[]): unknown => {
    const [kind, a, count] = ref as [Kind, number | [number, number][], number];
    switch (kind) {
      case 'ext': {
        const [, index, tk, n] = ref as [Kind, number, TypedKind, number];
        if (!opts.external) throw new BinaryJsonError('external section without a loader');
        return opts.external(index, tk, n);
      }
      case 'nu32':
        return Array.from(section('u32', a as number, count));
      case 'nf32':
        return Array.from(section('f32', a as number, count));
      case 'nf64':
        return Array.from(section('f64', a as number, count));
      case 'blobs': {
        if (!opts.externalBlob) throw new BinaryJsonError('external blob without a loader');
        const out: unknown[] = [];
        for (const index of a as unknown as number[]) {
          const chunk = decodeBinaryJson(opts.externalBlob(index));
          if (!Array.isArray(chunk)) throw new BinaryJsonError('external blob is not a list');
          for (const item of chunk as unknown[]) out.push(item);
        }
        if (out.length !== count) throw new BinaryJsonError('external blobs hold a different count');
        return out;
      }
      case 'json': {
        const out: unknown[] = [];
        for (const [off, len] of a as [number, number][]) {
          const start = binStart + off;
          if (start + len > bytes.byteLength) throw new BinaryJsonError('section out of range');
          const chunk = walk(
            JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + start, len).toString('utf8')),
          );
          for (const item of chunk as unknown[]) out.push(item);
        }
        return out;
      }
      default:
        if (!(kind in typedCtors)) throw new BinaryJsonError(`unknown section kind ${String(kind)}`);
        return section(kind, a as number, count);
    }
  };

  // Walks the parsed tree in place, replacing references; a reviver would be several times slower.
  const walk = (v: unknown): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'object' && x !== null) {
          const w = walk(x);
          if (w !== x) v[i] = w;
        }
      }
      return v;
    }
    const o = v as Record<string, unknown>;
    const r = o[REF];
    if (r !== undefined && Array.isArray(r)) return resolve(r);
    for (const k in o) {
      const x = o[k];
      if (typeof x === 'object' && x !== null) {
        const w = walk(x);
        if (w !== x) o[k] = w;
      }
    }
    return o;
  };

  return walk(JSON.parse(text));
}

/** Concatenates encoded parts into one buffer (for small values such as log records). */
export function concatParts(enc: EncodedBinaryJson): Uint8Array {
  const out = new Uint8Array(enc.byteLength);
  let off = 0;
  for (const p of enc.parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}
