/** Fresh embedded stores for answer-core tests: the sample reports, or reports a test writes, by the real ingest. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore } from '../../src/store/connect.js';
import { runIngest } from '../../ingest/run.js';
import type { Embedder } from '../../src/llm/embeddings.js';
import type { ChunkPayload } from '../../src/types.js';

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

/** A fresh embedded store holding reports written by the test (file name → text), ingested by the real ingest. */
export async function openReportStore(reports: Record<string, string>): Promise<SampleStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cppcc-reports-test-'));
  const folder = path.join(dir, 'reports');
  await mkdir(folder);
  for (const [name, text] of Object.entries(reports)) await writeFile(path.join(folder, name), text);
  const cfg = loadConfig({ DATA_DIR: path.join(dir, 'data') });
  const store = await openStore(cfg);
  await runIngest({ paths: [folder], client: store.client, cfg });
  return {
    client: store.client,
    cfg,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A one-paragraph chunk payload, for re-scoring tests. */
export function chunkPayload(title: string, text: string, docId = title): ChunkPayload {
  return {
    text,
    article_id: title,
    title,
    doc_id: docId,
    source: 's',
    paragraphs: [1],
    paragraph_texts: [text],
    paragraph_count: 1,
    places: [],
    chunk_index: 0,
    doc_hash: 'h',
  };
}
