/**
 * The in-memory image of a collection that persistence writes and reads back. Vectors are typed arrays in row
 * order (no per-point JSON), so 150k x 1024-d restores with a few bulk copies.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Distance } from './dense.js';
import type { PointId } from './ids.js';
import type { FieldSchema } from './payload-index.js';
import type { Payload } from './payload.js';

export interface DenseSnapshot {
  type: 'dense';
  dim: number;
  distance: Distance;
  /** rows x dim, already preprocessed (unit length for Cosine). */
  data: Float32Array;
  /** 1 where the row has this vector. */
  present: Uint8Array;
}

export interface SparseSnapshot {
  type: 'sparse';
  /** CSR: row r owns indices/values [offsets[r], offsets[r+1]); length rows + 1. Indices sorted per row. */
  offsets: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
  present: Uint8Array;
  /**
   * Optional inverted index, term-major CSR over snapshot row positions (ascending per term), so a restore
   * does not rebuild posting lists entry by entry. Rebuilt from the CSR above when absent.
   */
  postings?: { terms: Uint32Array; offsets: Uint32Array; rows: Int32Array; values: Float32Array };
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
