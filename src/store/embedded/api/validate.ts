/**
 * Request parsing with Qdrant's error classes: shape errors are serde failures (400 "Format error in JSON
 * body: …"), rule violations are validator failures (422 "Validation error in JSON body: [path: …]"), with the
 * same field paths Qdrant prints (e.g. `points[0].vector.?.indices`, `internal.limit`).
 */
import { formatError, validationError } from '../engine/errors.js';
import { parseId, type PointId } from '../engine/ids.js';
import type { Payload, PayloadSelector } from '../engine/payload.js';
import type { VectorInput, VectorSelector } from '../engine/requests.js';

export type Obj = { [k: string]: unknown };

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const untagged = (name: string) =>
  formatError(`data did not match any variant of untagged enum ${name}`);

export function invalidType(v: unknown, expected: string): never {
  const got =
    v === null
      ? 'null'
      : Array.isArray(v)
        ? 'a sequence'
        : typeof v === 'object'
          ? 'a map'
          : typeof v === 'string'
            ? `string "${v}"`
            : typeof v === 'boolean'
              ? `boolean \`${String(v)}\``
              : `${Number.isInteger(v) ? 'integer' : 'floating point'} \`${String(v)}\``;
  throw formatError(`invalid type: ${got}, expected ${expected}`);
}

/** A finite number (JSON.parse turns 1e999 into Infinity; serde rejects it). */
export function num(v: unknown, expected = 'f32'): number {
  if (typeof v !== 'number') invalidType(v, expected);
  if (!Number.isFinite(v)) throw formatError('number out of range');
  return v;
}

export function uint(v: unknown, what = 'usize'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) invalidType(v, what);
  return v;
}

export function optUint(body: Obj, key: string): number | undefined {
  const v = body[key];
  return v === undefined || v === null ? undefined : uint(v);
}

export function str(v: unknown): string {
  if (typeof v !== 'string') invalidType(v, 'a string');
  return v;
}

function bool(v: unknown): boolean {
  if (typeof v !== 'boolean') invalidType(v, 'a boolean');
  return v;
}

/** Values of a vector: finite and representable as f32. */
const F32_MAX = 3.4028234663852886e38;

export function floatArray(v: unknown): number[] {
  if (!Array.isArray(v)) invalidType(v, 'a sequence');
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v[i];
    // One comparison covers type, NaN, ±Infinity and f32 overflow.
    if (typeof x !== 'number' || !(Math.abs(x) <= F32_MAX)) {
      if (typeof x !== 'number') invalidType(x, 'f32');
      throw formatError('number out of range');
    }
  }
  return v as number[];
}

export function idList(v: unknown): PointId[] {
  if (!Array.isArray(v)) invalidType(v, 'a sequence');
  return v.map(parseId);
}

export function payloadOf(v: unknown): Payload | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) invalidType(v, 'a map');
  return v as Payload;
}

// ---------------------------------------------------------------- vectors

/** Validates a sparse vector: u32 indices, unique, same length as values (422 with Qdrant's paths). */
export function sparse(v: Obj, path: string): { kind: 'sparse'; indices: number[]; values: number[] } {
  const indices = v.indices;
  const values = v.values;
  if (!Array.isArray(indices)) invalidType(indices, 'a sequence');
  for (const i of indices)
    if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i > 0xffffffff) invalidType(i, 'u32');
  const vals = floatArray(values);
  const errors: string[] = [];
  if (new Set(indices).size !== indices.length)
    errors.push(`${path}.indices: Validation error: must be unique [{}]`);
  if (vals.length !== indices.length)
    errors.push(`${path}.values: Validation error: must be the same length as indices [{}]`);
  if (errors.length) throw validationError(errors);
  return { kind: 'sparse', indices: indices as number[], values: vals };
}

/** One named vector value in a point (`Vector`). */
function vectorValue(v: unknown, path: string): VectorInput {
  if (Array.isArray(v)) {
    if (v.length > 0 && Array.isArray(v[0])) return { kind: 'multi', values: v.map((r) => floatArray(r)) };
    return { kind: 'dense', values: floatArray(v) };
  }
  if (isObj(v) && 'indices' in v && 'values' in v) return sparse(v, path);
  throw untagged('Vector');
}

/** `VectorStruct` of a point: an unnamed dense vector or a map of named vectors. */
export function vectorStruct(v: unknown, path: string): Map<string, VectorInput> {
  const out = new Map<string, VectorInput>();
  if (Array.isArray(v)) {
    out.set('', vectorValue(v, path));
    return out;
  }
  if (!isObj(v)) throw untagged('VectorStruct');
  for (const [name, x] of Object.entries(v)) out.set(name, vectorValue(x, `${path}.?`));
  return out;
}

// ---------------------------------------------------------------- selectors

export function payloadSelector(v: unknown, dflt: boolean): PayloadSelector {
  if (v === undefined || v === null) return { kind: dflt ? 'all' : 'none' };
  if (typeof v === 'boolean') return { kind: v ? 'all' : 'none' };
  if (Array.isArray(v)) return { kind: 'include', keys: v.map(str) };
  if (isObj(v)) {
    if (Array.isArray(v.include)) return { kind: 'include', keys: v.include.map(str) };
    if (Array.isArray(v.exclude)) return { kind: 'exclude', keys: v.exclude.map(str) };
  }
  throw untagged('WithPayloadInterface');
}

export function vectorSelector(v: unknown): VectorSelector {
  if (v === undefined || v === null || v === false) return { kind: 'none' };
  if (v === true) return { kind: 'all' };
  if (Array.isArray(v)) return { kind: 'names', names: v.map(str) };
  throw untagged('WithVector');
}

/** `with_vector`, or its alias `with_vectors` (serde alias in Qdrant's request structs). */
export function withVector(body: Obj): VectorSelector {
  return vectorSelector(body.with_vector !== undefined ? body.with_vector : body.with_vectors);
}

export function limitOf(body: Obj, path: string, dflt: number): number {
  const v = body.limit;
  if (v === undefined || v === null) return dflt;
  const n = uint(v);
  if (n < 1) throw validationError([`${path}: value 0 invalid, must be 1 or larger`]);
  return n;
}

export { bool };
export type { VectorInput, VectorSelector };
