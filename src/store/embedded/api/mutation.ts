/**
 * Every write as plain JSON data. The HTTP layer turns each mutating request into a Mutation, persistence can
 * log it, and `applyMutation` is the one place that changes a Storage — for live requests and for replay.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { UpdateResult } from '../engine/collection.js';
import type { Storage } from '../engine/storage.js';

export type Mutation =
  | { type: 'create_collection'; name: string; body: Schemas['CreateCollection'] }
  | { type: 'delete_collection'; name: string }
  | { type: 'upsert'; collection: string; body: Schemas['PointInsertOperations']; wait?: boolean }
  | { type: 'delete_points'; collection: string; body: Schemas['PointsSelector']; wait?: boolean }
  | { type: 'create_index'; collection: string; body: Schemas['CreateFieldIndex']; wait?: boolean };

export type MutationResult = boolean | UpdateResult;

/**
 * Validates a mutation against the current state and returns a closure that applies it synchronously.
 * Throws StoreError (with Qdrant's status and message) before anything changes if the mutation is invalid.
 */
export function prepareMutation(storage: Storage, m: Mutation): () => MutationResult {
  switch (m.type) {
    case 'create_collection':
      return storage.prepareCreate(m.name, m.body);
    case 'delete_collection':
      return () => storage.delete(m.name);
    case 'upsert':
      return storage.get(m.collection).prepareUpsert(m.body, m.wait ?? true);
    case 'delete_points':
      return storage.get(m.collection).prepareDelete(m.body, m.wait ?? true);
    case 'create_index':
      return storage.get(m.collection).prepareCreateIndex(m.body, m.wait ?? true);
  }
}

/** Validates and applies one mutation (throws StoreError if invalid, leaving the storage unchanged). */
export function applyMutation(storage: Storage, m: Mutation): MutationResult {
  return prepareMutation(storage, m)();
}
