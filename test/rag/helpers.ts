/** A fresh embedded store filled with the sample reports by the real ingest, for answer-core tests. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore } from '../../src/store/connect.js';
import { runIngest } from '../../ingest/run.js';
import type { Embedder } from '../../src/llm/embeddings.js';

export const SAMPLES = fileURLToPath(new URL('../../samples/reports', import.meta.url));

export interface SampleStore {
  client: QdrantClient;
  cfg: Config;
  close(): Promise<void>;
}

/** @param embedder when given, chunks also get dense vectors (hybrid retrieval) */
export async function openSampleStore(embedder?: Embedder): Promise<SampleStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cppcc-rag-test-'));
  const cfg = loadConfig({ DATA_DIR: dir });
  const store = await openStore(cfg);
  await runIngest({ paths: [SAMPLES], client: store.client, cfg, ...(embedder ? { embedder } : {}) });
  return {
    client: store.client,
    cfg,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
