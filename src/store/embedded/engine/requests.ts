/**
 * The typed requests the engine executes. `api/` builds them from Qdrant's JSON bodies (and rejects bad input
 * with Qdrant's errors first), so the engine works on checked values only.
 */
import type { Filter } from './filter.js';
import type { PointId } from './ids.js';
import type { FieldSchema } from './payload-index.js';
import type { Payload, PayloadSelector } from './payload.js';

export type VectorInput =
  | { kind: 'dense'; values: number[] }
  | { kind: 'sparse'; indices: number[]; values: number[] }
  | { kind: 'multi'; values: number[][] }
  | { kind: 'id'; id: PointId };

export type VectorSelector = { kind: 'none' } | { kind: 'all' } | { kind: 'names'; names: string[] };

export interface PointInput {
  id: PointId;
  vectors: Map<string, VectorInput>;
  payload: Payload | undefined;
}

export interface UpsertRequest {
  points: PointInput[];
  mode: 'upsert' | 'insert_only' | 'update_only';
  updateFilter: Filter | undefined;
}

export type DeleteRequest = { ids: PointId[] } | { filter: Filter };

export interface FieldIndexRequest {
  field: string;
  schema: FieldSchema;
}

/** PATCH /collections/{name}: the changes the engine applies (others are accepted and have no effect). */
export interface CollectionUpdate {
  sparse: Map<string, { modifier?: 'none' | 'idf'; fullScanThreshold?: number }>;
  metadata?: Payload;
}

export type QueryKind =
  | { kind: 'nearest'; vector: VectorInput }
  | { kind: 'rrf'; k: number; weights?: number[] }
  | { kind: 'dbsf' }
  | { kind: 'sample' };

export interface QueryPlan {
  prefetch: QueryPlan[];
  query?: QueryKind;
  using: string;
  filter?: Filter;
  threshold?: number;
  limit: number;
  offset: number;
}

export interface RootQuery extends QueryPlan {
  withPayload: PayloadSelector;
  withVector: VectorSelector;
}
