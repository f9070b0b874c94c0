/**
 * The one way the app reaches Qdrant: a `QdrantClient` to QDRANT_URL, or — with no URL — to the embedded
 * Qdrant-compatible server started inside this process on a loopback port, persisting under DATA_DIR/qdrant.
 * Application code sees the same client either way.
 */
import path from 'node:path';
import { QdrantClient } from '@qdrant/js-client-rest';
import type { Logger } from '../log.js';
import { applyMutation, type Mutation } from './embedded/api/mutation.js';
import { openPersistence, type Persistence } from './embedded/disk/persistence.js';
import { startEmbeddedServer, type EmbeddedServer } from './embedded/http/server.js';
import type { CollectionSnapshot } from './embedded/engine/snapshot-types.js';
import { Storage } from './embedded/engine/storage.js';

export interface StoreConfig {
  QDRANT_URL?: string | undefined;
  QDRANT_API_KEY?: string | undefined;
  DATA_DIR: string;
}

export interface OpenedStore {
  client: QdrantClient;
  url: string;
  /** True when this process runs the store itself. */
  embedded: boolean;
  /** Embedded: stops the server, compacts the log into a snapshot and releases the lock. Remote: no-op. */
  close(): Promise<void>;
}

export class StoreConnectError extends Error {
  override name = 'StoreConnectError';
}

interface PersistedState {
  collections: CollectionSnapshot[];
}

export interface EmbeddedStoreOptions {
  /** Directory of the store's files (the app uses DATA_DIR/qdrant). */
  dir: string;
  host?: string;
  port?: number;
  apiKey?: string | undefined;
  log?: Logger | undefined;
  /** Log size that triggers compaction into a snapshot (default 256 MiB). */
  compactBytes?: number;
}

export interface EmbeddedStore {
  server: EmbeddedServer;
  persistence: Persistence<Mutation>;
  /** Stops accepting requests, then compacts and releases the lock. */
  close(): Promise<void>;
}

/** Loads the durable state under `dir` (lock, snapshot, log replay) and serves it over HTTP. */
export async function startEmbeddedStore(opts: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const storage = new Storage();
  const persistence = await openPersistence<Mutation>(
    opts.dir,
    {
      apply: (m) => void applyMutation(storage, m),
      exportState: (): PersistedState => ({ collections: storage.snapshot() }),
      importState: (s) => {
        for (const c of (s as PersistedState).collections) storage.restore(c);
      },
    },
    { log: opts.log, ...(opts.compactBytes !== undefined ? { compactBytes: opts.compactBytes } : {}) },
  );
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedServer({
      host: opts.host ?? '127.0.0.1',
      port: opts.port ?? 0,
      storage,
      persist: (m) => persistence.persist(m),
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

function errorStatus(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number') {
    return err.status;
  }
  return undefined;
}

function describe(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return err instanceof Error ? `${err.message}${cause}` : String(err);
}

/** Checks that a real Qdrant answers (and accepts the key) so a bad URL fails at start-up, not mid-question. */
async function probe(client: QdrantClient, url: string): Promise<void> {
  try {
    await client.getCollections();
  } catch (err) {
    const status = errorStatus(err);
    if (status === 401 || status === 403) {
      throw new StoreConnectError(
        `Qdrant at ${url} rejected the API key (HTTP ${status}); check QDRANT_API_KEY`,
        {
          cause: err,
        },
      );
    }
    throw new StoreConnectError(
      `Qdrant at ${url} is not reachable (${status !== undefined ? `HTTP ${status}` : describe(err)}); ` +
        'check QDRANT_URL, or unset it to use the embedded store',
      { cause: err },
    );
  }
}

export async function openStore(cfg: StoreConfig, log?: Logger): Promise<OpenedStore> {
  if (cfg.QDRANT_URL) {
    const url = cfg.QDRANT_URL;
    const client = new QdrantClient({
      url,
      checkCompatibility: false,
      ...(cfg.QDRANT_API_KEY ? { apiKey: cfg.QDRANT_API_KEY } : {}),
    });
    await probe(client, url);
    log?.info({ url }, 'store: using Qdrant server');
    return { client, url, embedded: false, close: async () => undefined };
  }
  const dir = path.join(cfg.DATA_DIR, 'qdrant');
  const store = await startEmbeddedStore({ dir, log });
  const url = store.server.url;
  const client = new QdrantClient({ url, checkCompatibility: false });
  log?.info({ url, dir: path.resolve(dir) }, 'store: embedded Qdrant-compatible store started');
  return { client, url, embedded: true, close: () => store.close() };
}
