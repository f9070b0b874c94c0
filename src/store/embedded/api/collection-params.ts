/**
 * Checks of collection-level requests in Qdrant's order (src/actix/api/collections_api.rs): the path name, the
 * JSON body (serde shape, then validator rules), the query string, then the operation's own checks (vector
 * names, dense/sparse name clash). Only after all of them does the engine look at whether the collection
 * already exists.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { formatError, StoreError, validationError, wrongInput } from '../engine/errors.js';
import type { CollectionUpdate } from '../engine/requests.js';
import type { Payload } from '../engine/payload.js';
import { isObj, type Obj } from './validate.js';

export const MAX_VECTOR_SIZE = 65536;
const DISTANCES = ['Cosine', 'Euclid', 'Dot', 'Manhattan'];

/** A JSON value as the validator crate prints it in "value … invalid". */
const shown = (v: unknown): string => JSON.stringify(v);

function pathError(items: string[]): StoreError {
  return new StoreError(422, `Validation error in path parameters: [${items.join('; ')}]`);
}

/**
 * `collection_name` in the path: 1..=255 characters, and for new collections none of the file-system unsafe
 * characters (`strict`); existing collections are only held to the legacy rule (no `/`, no NUL).
 */
export function checkCollectionPath(name: string, strict: boolean): void {
  if (name.length < 1 || name.length > 255) {
    throw pathError([`collection_name: value ${shown(name)} invalid, must be from 1 to 255 characters`]);
  }
  const bad = strict ? ['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0', '\u001f'] : ['/', '\0'];
  const c = bad.find((ch) => name.includes(ch));
  if (c !== undefined) {
    throw pathError([`collection_name: collection name cannot contain ${shown(c)} char`]);
  }
}

/** `timeout` in the query string of collection operations: u64 >= 1. */
export function checkTimeout(query: URLSearchParams): void {
  const v = query.get('timeout');
  if (v === null) return;
  if (!/^\d+$/.test(v)) {
    throw new StoreError(400, 'Deserialize error in query parameters: invalid digit found in string');
  }
  if (Number(v) < 1) {
    throw new StoreError(
      422,
      `Validation error in query parameters: [timeout: value ${v} invalid, must be 1 or larger]`,
    );
  }
}

/** serde's message for a number that does not fit the Rust integer type. */
function intOutOfType(v: unknown, type: string): never {
  if (typeof v === 'number' && Number.isInteger(v)) {
    throw formatError(`invalid value: integer \`${v}\`, expected ${type}`);
  }
  const got =
    typeof v === 'number' ? `floating point \`${v}\`` : typeof v === 'string' ? `string "${v}"` : typeof v;
  throw formatError(`invalid type: ${got}, expected ${type}`);
}

/** An optional u32 field with `#[validate(range(min = 1))]`: shape errors are 400, zero is a 422 item. */
function positiveU32(body: Obj, key: string, errors: string[]): void {
  const v = body[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffffffff) intOutOfType(v, 'u32');
  if (v < 1) errors.push(`${key}: value ${v} invalid, must be 1 or larger`);
}

const untaggedVectors = () => formatError('data did not match any variant of untagged enum VectorsConfig');

/** One VectorParams: serde shape (inside the untagged VectorsConfig) and the size rule. */
function vectorParams(v: unknown, path: string, errors: string[]): void {
  if (!isObj(v)) throw untaggedVectors();
  const size = v.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) throw untaggedVectors();
  if (typeof v.distance !== 'string' || !DISTANCES.includes(v.distance)) throw untaggedVectors();
  if (isObj(v.multivector_config)) {
    throw formatError('multivector_config is not supported by the embedded store');
  }
  if (size > MAX_VECTOR_SIZE) {
    errors.push(`${path}size: value ${size} invalid, must be from 1 to ${MAX_VECTOR_SIZE}`);
  }
  hnswDiff(v.hnsw_config, `${path}hnsw_config.`, errors);
}

function hnswDiff(v: unknown, path: string, errors: string[]): void {
  if (v === undefined || v === null) return;
  if (!isObj(v)) throw formatError('invalid type: expected struct HnswConfigDiff');
  const ef = v.ef_construct;
  if (typeof ef === 'number' && Number.isInteger(ef) && ef >= 0 && ef < 4) {
    errors.push(`${path}ef_construct: value ${ef} invalid, must be 4 or larger`);
  }
  const fst = v.full_scan_threshold;
  if (typeof fst === 'number' && Number.isInteger(fst) && fst >= 0 && fst < 10) {
    errors.push(`${path}full_scan_threshold: value ${fst} invalid, must be 10 or larger`);
  }
}

function sparseParams(v: unknown): void {
  if (v === undefined || v === null) return;
  if (!isObj(v)) throw formatError('invalid type: expected struct SparseVectorParams');
  const m = v.modifier;
  if (m !== undefined && m !== null && m !== 'none' && m !== 'idf') {
    throw formatError(`unknown variant \`${String(m)}\`, expected \`none\` or \`idf\``);
  }
  if (v.index !== undefined && v.index !== null && !isObj(v.index)) {
    throw formatError('invalid type: expected struct SparseIndexParams');
  }
}

/** validate_vector_name: at most 200 bytes, no file-system unsafe characters. */
function vectorNameProblem(name: string): string | undefined {
  if (Buffer.byteLength(name) > 200) return 'vector name must be at most 200 bytes long';
  const c = ['<', '>', ':', '"', '/', '\\', '|', '?', '*', '\0', '\u001f'].find((ch) => name.includes(ch));
  return c === undefined ? undefined : `vector name cannot contain ${shown(c)} char`;
}

/**
 * Everything Qdrant checks before it looks for an existing collection of that name. Throws StoreError with
 * Qdrant's status and message; returns the body as the collection's config.
 */
export function checkCreateCollection(
  name: string,
  body: unknown,
  query: URLSearchParams,
): Schemas['CreateCollection'] {
  checkCollectionPath(name, true);
  if (body !== undefined && !isObj(body)) throw formatError('invalid type: expected struct CreateCollection');
  const b: Obj = body ?? {};
  const errors: string[] = [];
  const vectors = b.vectors;
  const dense: string[] = [];
  if (vectors !== undefined && vectors !== null) {
    if (!isObj(vectors)) throw untaggedVectors();
    if ('size' in vectors || 'distance' in vectors) {
      vectorParams(vectors, 'vectors.', errors);
      dense.push('');
    } else {
      // validate_iter: one failing entry is reported as `?`, several by position (map order = sorted names).
      const names = Object.keys(vectors).sort();
      const perName: string[][] = names.map((n) => {
        const e: string[] = [];
        vectorParams(vectors[n], '', e);
        return e;
      });
      const failing = perName.map((e, i) => [e, i] as const).filter(([e]) => e.length > 0);
      for (const [e, i] of failing) {
        const prefix = failing.length === 1 ? 'vectors.?.' : `vectors[${i}].`;
        for (const item of e) errors.push(prefix + item);
      }
      dense.push(...names);
    }
  }
  positiveU32(b, 'shard_number', errors);
  positiveU32(b, 'replication_factor', errors);
  positiveU32(b, 'write_consistency_factor', errors);
  hnswDiff(b.hnsw_config, 'hnsw_config.', errors);
  const sparse = b.sparse_vectors;
  if (sparse !== undefined && sparse !== null) {
    if (!isObj(sparse)) throw formatError('invalid type: expected a map');
    for (const p of Object.values(sparse)) sparseParams(p);
  }
  if (b.metadata !== undefined && b.metadata !== null && !isObj(b.metadata)) {
    throw formatError('invalid type: expected a map');
  }
  if (errors.length > 0) throw validationError(errors);
  checkTimeout(query);
  // CreateCollectionOperation::new
  if (!('size' in (isObj(vectors) ? vectors : {}))) {
    for (const n of dense) {
      const problem = vectorNameProblem(n);
      if (problem) throw wrongInput(`Invalid dense vector name \`${n}\`: ${problem}`);
    }
  }
  if (isObj(sparse)) {
    for (const n of Object.keys(sparse)) {
      const problem = vectorNameProblem(n);
      if (problem) throw wrongInput(`Invalid sparse vector name \`${n}\`: ${problem}`);
    }
    if ('' in sparse) throw wrongInput('Sparse vector name cannot be empty');
    const clash = dense.find((n) => n in sparse);
    if (clash !== undefined) {
      throw wrongInput(`Dense and sparse vector names must be unique - duplicate found with '${clash}'`);
    }
  }
  return b as Schemas['CreateCollection'];
}

/**
 * PATCH /collections/{name} body. Sparse vector params (modifier, full_scan_threshold) and metadata change;
 * `vectors`, `optimizers_config`, `params`, `hnsw_config` and `quantization_config` tune machinery the embedded
 * store does not have (HNSW, optimizers, replicas), so they are accepted with no effect.
 */
export function parseUpdateCollection(name: string, body: unknown, query: URLSearchParams): CollectionUpdate {
  checkCollectionPath(name, false);
  if (body !== undefined && !isObj(body)) throw formatError('invalid type: expected struct UpdateCollection');
  const b: Obj = body ?? {};
  const errors: string[] = [];
  hnswDiff(b.hnsw_config, 'hnsw_config.', errors);
  if (errors.length > 0) throw validationError(errors);
  checkTimeout(query);
  if (b.strict_mode_config !== undefined && b.strict_mode_config !== null) {
    throw new StoreError(400, 'Bad request: `strict_mode_config` is not supported by the embedded store');
  }
  const out: CollectionUpdate = { sparse: new Map() };
  const sparse = b.sparse_vectors;
  if (sparse !== undefined && sparse !== null) {
    if (!isObj(sparse)) throw formatError('invalid type: expected a map');
    for (const [n, p] of Object.entries(sparse)) {
      sparseParams(p);
      const params: Obj = isObj(p) ? p : {};
      const change: { modifier?: 'none' | 'idf'; fullScanThreshold?: number } = {};
      if (params.modifier === 'none' || params.modifier === 'idf') change.modifier = params.modifier;
      const fst = isObj(params.index) ? params.index.full_scan_threshold : undefined;
      if (typeof fst === 'number' && Number.isInteger(fst) && fst >= 0) change.fullScanThreshold = fst;
      out.sparse.set(n, change);
    }
  }
  if (b.metadata !== undefined && b.metadata !== null) {
    if (!isObj(b.metadata)) throw formatError('invalid type: expected a map');
    out.metadata = b.metadata as Payload;
  }
  return out;
}
