/**
 * The one way the app reaches Qdrant: a `QdrantClient` to QDRANT_URL, or — with no URL — to the embedded
 * Qdrant-compatible server started inside this process on a loopback port, persisting under DATA_DIR/qdrant.
 * Application code sees the same client either way.
 */
import path from 'node:path';
import { QdrantClient } from '@qdrant/js-client-rest';
import type { Logger } from '../log.js';
import { startEmbeddedStore } from './embedded/index.js';

export { startEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './embedded/index.js';

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
