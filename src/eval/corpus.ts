/**
 * The store an eval (or a test) runs against: the configured one, or — with corpus paths — a fresh embedded
 * store in a temporary DATA_DIR, filled by the real ingest so the eval measures the real pipeline.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { openStore } from '../store/connect.js';
import { runIngest } from '../app/ingest-door.js';
import type { IngestSummary } from '../app/ingest-door.js';
import type { Embedder } from '../llm/embeddings.js';

export interface EvalStore {
  client: QdrantClient;
  cfg: Config;
  ingest?: IngestSummary;
  close(): Promise<void>;
}

/**
 * @param opts.dataDir keep the store there: ingested once (when its collection is empty), reused by later runs
 *   (a pool benchmark then costs the ingest only once)
 */
export async function openEvalStore(
  cfg: Config,
  corpus: string[],
  opts: { embedder?: Embedder; log?: Logger; dataDir?: string } = {},
): Promise<EvalStore> {
  if (opts.dataDir !== undefined) return openCachedStore(cfg, corpus, opts.dataDir, opts);
  if (corpus.length === 0) {
    const store = await openStore(cfg, opts.log);
    return { client: store.client, cfg, close: () => store.close() };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cppcc-eval-'));
  const tmpCfg: Config = { ...cfg, QDRANT_URL: undefined, QDRANT_API_KEY: undefined, DATA_DIR: dir };
  const store = await openStore(tmpCfg, opts.log);
  try {
    const ingest = await runIngest({
      paths: corpus,
      client: store.client,
      cfg: tmpCfg,
      ...(opts.embedder ? { embedder: opts.embedder } : {}),
    });
    return {
      client: store.client,
      cfg: tmpCfg,
      ingest,
      close: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

async function openCachedStore(
  cfg: Config,
  corpus: string[],
  dataDir: string,
  opts: { embedder?: Embedder; log?: Logger },
): Promise<EvalStore> {
  const dirCfg: Config = { ...cfg, QDRANT_URL: undefined, QDRANT_API_KEY: undefined, DATA_DIR: dataDir };
  const store = await openStore(dirCfg, opts.log);
  try {
    const { exists } = await store.client.collectionExists(dirCfg.QDRANT_COLLECTION);
    const points = exists
      ? ((await store.client.getCollection(dirCfg.QDRANT_COLLECTION)).points_count ?? 0)
      : 0;
    if (points > 0 || corpus.length === 0) {
      return { client: store.client, cfg: dirCfg, close: () => store.close() };
    }
    const ingest = await runIngest({
      paths: corpus,
      client: store.client,
      cfg: dirCfg,
      ...(opts.embedder ? { embedder: opts.embedder } : {}),
    });
    return { client: store.client, cfg: dirCfg, ingest, close: () => store.close() };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** One stderr line on what an eval store's ingest did (nothing when the store was reused). */
export function reportIngest(store: EvalStore, startedMs: number): void {
  const s = store.ingest;
  if (!s) return;
  process.stderr.write(
    `ingested ${s.files} files, ${s.articles} articles, ${s.chunks} chunks in ` +
      `${((performance.now() - startedMs) / 1000).toFixed(1)} s\n`,
  );
}
