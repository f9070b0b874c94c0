/**
 * The in-memory image of a collection that persistence writes and reads back. Vectors are typed arrays in row
 * order (no per-point JSON), so 150k x 1024-d restores with a few bulk copies.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Distance } from './dense.js';
import type { PointId } from './ids.js';
import type { FieldSchema } from './payload-index.js';
import type { Payload } from './payload.js';

/**
 * A typed array of a snapshot still on disk (a large section is read only when the engine knows where it goes):
 * `read()` returns it in a new array, `read(into)` fills `into` (exactly `length` elements) — e.g. straight into
 * the dense kernel's memory, so a restore holds one copy of the vectors, not two.
 */
export interface StoredArray<T> {
  readonly length: number;
  read(into?: T): T;
}

/** A snapshot's typed array: in memory (export), or still on disk (restore). */
export type Stored<T> = T | StoredArray<T>;

export function isStoredArray<T>(x: Stored<T>): x is StoredArray<T> {
  return typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && 'read' in x;
}

/** The array itself, read from disk if it is still there. */
export function loaded<T>(x: Stored<T>): T {
  return isStoredArray(x) ? x.read() : x;
}

export interface DenseSnapshot {
  type: 'dense';
  dim: number;
  distance: Distance;
  /** rows x dim, already preprocessed (unit length for Cosine). */
  data: Stored<Float32Array>;
  /** 1 where the row has this vector. */
  present: Stored<Uint8Array>;
}

export interface SparseSnapshot {
  type: 'sparse';
  /** CSR: row r owns indices/values [offsets[r], offsets[r+1]); length rows + 1. Indices sorted per row. */
  offsets: Stored<Uint32Array>;
  indices: Stored<Uint32Array>;
  values: Stored<Float32Array>;
  present: Stored<Uint8Array>;
  /**
   * Optional inverted index, term-major CSR over snapshot row positions (ascending per term), so a restore
   * does not rebuild posting lists entry by entry. Rebuilt from the CSR above when absent.
   */
  postings?: {
    terms: Stored<Uint32Array>;
    offsets: Stored<Uint32Array>;
    rows: Stored<Int32Array>;
    values: Stored<Float32Array>;
  };
}

export interface CollectionSnapshot {
  name: string;
  /** The CreateCollection body as given. */
  config: Schemas['CreateCollection'];
  payloadIndexes: Record<string, FieldSchema>;
  /** Last operation id handed out (UpdateResult.operation_id). */
  operationId: number;
  points: {
    /** Live points only, in row order. */
    ids: PointId[];
    payloads: (Payload | null)[];
    versions: number[];
    vectors: Record<string, DenseSnapshot | SparseSnapshot>;
  };
}
