/**
 * The embedded store assembled: engine state (engine/), made durable under one directory (disk/), served over
 * Qdrant's REST API (http/, parsing and checks in api/), and answering the same requests in-process through
 * `dispatch` (one write queue for both). Logged mutations replay through the same `applyMutation` the server
 * uses for live writes.
 */
import { applyMutation, type Mutation } from './api/mutation.js';
import { openPersistence, type Persistence } from './disk/persistence.js';
import { StoreError } from './engine/errors.js';
import type { CollectionSnapshot } from './engine/snapshot-types.js';
import { Storage } from './engine/storage.js';
import { dispatch, type Answer } from './http/dispatch.js';
import type { RouteRequest } from './http/routes.js';
import { startEmbeddedServer, type EmbeddedServer } from './http/server.js';
import { createWriter } from './http/writer.js';
import type { StoreLogger } from './log.js';

interface PersistedState {
  collections: CollectionSnapshot[];
}

export interface EmbeddedStoreOptions {
  /** Directory of the store's files (the app uses DATA_DIR/qdrant). */
  dir: string;
  host?: string;
  port?: number;
  apiKey?: string | undefined;
  log?: StoreLogger | undefined;
  /** Log size that triggers compaction into a snapshot (default 256 MiB). */
  compactBytes?: number;
}

export interface EmbeddedStore {
  server: EmbeddedServer;
  persistence: Persistence<Mutation>;
  /** Answers a request as the server would (same routes, same write queue), without HTTP or JSON. */
  dispatch(req: RouteRequest): Promise<Answer>;
  /** Stops accepting requests, then compacts and releases the lock. */
  close(): Promise<void>;
}

/** Loads the durable state under `dir` (lock, snapshot, log replay) and serves it over HTTP. */
export async function startEmbeddedStore(opts: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const storage = new Storage();
  const persistence = await openPersistence<Mutation>(
    opts.dir,
    {
      apply: (m) => {
        try {
          applyMutation(storage, m);
          return undefined;
        } catch (err) {
          if (err instanceof StoreError) return err.message;
          throw err;
        }
      },
      // Written before any further mutation is applied (persistence holds them), so no copy of the index.
      exportState: (): PersistedState => ({ collections: storage.snapshot(true) }),
      importState: (s) => {
        for (const c of (s as PersistedState).collections) storage.restore(c);
      },
    },
    { log: opts.log, ...(opts.compactBytes !== undefined ? { compactBytes: opts.compactBytes } : {}) },
  );
  const write = createWriter(storage, (m) => persistence.persist(m));
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedServer({
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      storage,
      write,
      ...(opts.apiKey !== undefined ? { apiKey: opts.apiKey } : {}),
    });
  } catch (err) {
    await persistence.close();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    server,
    persistence,
    dispatch: (req) => dispatch(req, storage, write),
    close() {
      closing ??= (async () => {
        try {
          await server.close();
        } finally {
          await persistence.close();
        }
      })();
      return closing;
    },
  };
}
