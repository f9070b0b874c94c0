/**
 * Every write as plain JSON data: the request body as the client sent it. The HTTP layer turns each mutating
 * request into a Mutation, persistence logs it, and `prepareMutation` is the one place that parses one and
 * changes a Storage — for live requests and for replay alike, so both take the same path.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { UpdateResult } from '../engine/collection.js';
import type { Storage } from '../engine/storage.js';
import { checkCreateCollection, parseUpdateCollection } from './collection-params.js';
import { parseCreateIndex, parseDelete, parseUpsert } from './points.js';

export type Mutation =
  | { type: 'create_collection'; name: string; body: Schemas['CreateCollection'] }
  | { type: 'update_collection'; name: string; body: Schemas['UpdateCollection'] }
  | { type: 'delete_collection'; name: string }
  | { type: 'upsert'; collection: string; body: Schemas['PointInsertOperations']; wait?: boolean }
  | { type: 'delete_points'; collection: string; body: Schemas['PointsSelector']; wait?: boolean }
  | { type: 'create_index'; collection: string; body: Schemas['CreateFieldIndex']; wait?: boolean };

export type MutationResult = boolean | UpdateResult;

const NO_QUERY = new URLSearchParams();

/**
 * Validates a mutation against the current state and returns a closure that applies it synchronously.
 * Throws StoreError (with Qdrant's status and message) before anything changes if the mutation is invalid.
 */
export function prepareMutation(storage: Storage, m: Mutation): () => MutationResult {
  switch (m.type) {
    case 'create_collection':
      return storage.prepareCreate(m.name, checkCreateCollection(m.name, m.body, NO_QUERY));
    case 'update_collection': {
      const update = parseUpdateCollection(m.name, m.body, NO_QUERY);
      return storage.get(m.name).prepareUpdate(update);
    }
    case 'delete_collection':
      return () => storage.delete(m.name);
    case 'upsert':
      return storage.get(m.collection).prepareUpsert(parseUpsert(m.body), m.wait ?? true);
    case 'delete_points':
      return storage.get(m.collection).prepareDelete(parseDelete(m.body), m.wait ?? true);
    case 'create_index':
      return storage.get(m.collection).prepareCreateIndex(parseCreateIndex(m.body), m.wait ?? true);
  }
}

/** Validates and applies one mutation (throws StoreError if invalid, leaving the storage unchanged). */
export function applyMutation(storage: Storage, m: Mutation): MutationResult {
  return prepareMutation(storage, m)();
}
