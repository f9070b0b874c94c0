/**
 * The one write queue of a store: validate -> persist hook (awaited) -> apply synchronously, one mutation at a
 * time, so the log order is the apply order and no reader ever sees a half-applied batch. The HTTP server and
 * the in-process port share one Writer, so writes from both are serialised together.
 */
import { prepareMutation, type Mutation, type MutationResult } from '../api/mutation.js';
import { StoreError } from '../engine/errors.js';
import type { Storage } from '../engine/storage.js';
import type { Writer } from './routes.js';

export function createWriter(storage: Storage, persist?: (m: Mutation) => Promise<void>): Writer {
  let queue: Promise<unknown> = Promise.resolve();
  return (m: Mutation): Promise<MutationResult> => {
    const run = async (): Promise<MutationResult> => {
      const commit = prepareMutation(storage, m);
      if (persist) {
        try {
          await persist(m);
        } catch (e) {
          throw new StoreError(500, `Service internal error: ${(e as Error).message}`);
        }
      }
      return commit();
    };
    const p = queue.then(run, run);
    queue = p.catch(() => undefined);
    return p;
  };
}
