/**
 * The one way the app reaches Qdrant: a `QdrantClient` to QDRANT_URL, or — with no URL — to the embedded
 * Qdrant-compatible server started in a worker thread of this process on a loopback port (so the store uses
 * the second core), persisting under DATA_DIR/qdrant. For the embedded store the client is an EmbeddedClient:
 * its hot methods reach the thread in-process, the rest over HTTP. Application code sees a QdrantClient
 * either way.
 */
import path from 'node:path';
import { QdrantClient, type Schemas } from '@qdrant/js-client-rest';
import type { Logger } from '../log.js';
import { startStoreThread } from './embedded/index.js';
import { EmbeddedClient } from './embedded-client.js';

export { startEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './embedded/index.js';

export interface StoreConfig {
  QDRANT_URL?: string | undefined;
  QDRANT_API_KEY?: string | undefined;
  /** majority | quorum | all | a number of replicas; unset: Qdrant's default (one replica answers). */
  QDRANT_READ_CONSISTENCY?: string | undefined;
  DATA_DIR: string;
}

/** QDRANT_READ_CONSISTENCY as Qdrant's `consistency` parameter (a number, or majority/quorum/all). */
export function readConsistency(v: string | undefined): Schemas['ReadConsistency'] | undefined {
  if (v === undefined) return undefined;
  if (/^[1-9]\d*$/.test(v)) return Number(v);
  if (v === 'majority' || v === 'quorum' || v === 'all') return v;
  throw new StoreConnectError(`QDRANT_READ_CONSISTENCY: "${v}" is not majority, quorum, all or a number`);
}

/**
 * A client whose reads ask `consistency` replicas unless the caller says otherwise, so the answer side
 * needs no knowledge of the cluster: with replicas, "majority" keeps a lagging replica's stale chunks out.
 */
class ConsistentReadClient extends QdrantClient {
  constructor(
    opts: ConstructorParameters<typeof QdrantClient>[0],
    private readonly consistency: Schemas['ReadConsistency'],
  ) {
    super(opts);
  }
  override query(name: string, args: Parameters<QdrantClient['query']>[1]) {
    return super.query(name, { consistency: this.consistency, ...args });
  }
  override queryBatch(name: string, args: Parameters<QdrantClient['queryBatch']>[1]) {
    return super.queryBatch(name, { consistency: this.consistency, ...args });
  }
  override scroll(name: string, args?: Parameters<QdrantClient['scroll']>[1]) {
    return super.scroll(name, { consistency: this.consistency, ...args });
  }
  override retrieve(name: string, args: Parameters<QdrantClient['retrieve']>[1]) {
    return super.retrieve(name, { consistency: this.consistency, ...args });
  }
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
    const opts = {
      url,
      checkCompatibility: false,
      ...(cfg.QDRANT_API_KEY ? { apiKey: cfg.QDRANT_API_KEY } : {}),
    };
    const consistency = readConsistency(cfg.QDRANT_READ_CONSISTENCY);
    const client =
      consistency === undefined ? new QdrantClient(opts) : new ConsistentReadClient(opts, consistency);
    await probe(client, url);
    log?.info({ url, readConsistency: consistency }, 'store: using Qdrant server');
    return { client, url, embedded: false, close: async () => undefined };
  }
  const dir = path.join(cfg.DATA_DIR, 'qdrant');
  const store = await startStoreThread({ dir, log });
  const url = store.url;
  const client = new EmbeddedClient({ url, checkCompatibility: false }, (req) => store.request(req));
  log?.info({ url, dir: path.resolve(dir) }, 'store: embedded Qdrant-compatible store started');
  return { client, url, embedded: true, close: () => store.close() };
}
