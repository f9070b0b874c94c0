/**
 * The shared core every entry point starts from: configuration → store (Qdrant server or the embedded one) →
 * first-run ingestion of REPORTS_DIR → answer core. One store, one answer service for all front ends.
 */
import { pino } from 'pino';
import { createProgressReporter } from '../../ingest/progress.js';
import { reportPaths } from '../../ingest/upload.js';
import { runIngest } from '../../ingest/run.js';
import { ConfigError, loadConfigFromEnvFile, type Config } from '../config.js';
import { createChatModel } from '../llm/chat.js';
import { createEmbedder } from '../llm/embeddings.js';
import type { Logger } from '../log.js';
import { createQaService } from '../rag/answer.js';
import { QdrantChatState } from '../store/chat-state.js';
import { openStore, type OpenedStore } from '../store/connect.js';
import type { ChatState, IngestProgress, IngestSummary } from '../types.js';
import { unindexDocuments } from './reports.js';
import { uploadServiceFor, type UploadService } from './uploads.js';

export interface Core {
  cfg: Config;
  log: Logger;
  store: OpenedStore;
  /** The answer service (front ends use its `QaService` side; `npm run ask` also its `explain`). */
  qa: ReturnType<typeof createQaService>;
  /** Feedback, votes and questions per day, in a collection beside the chunks. */
  state: ChatState;
  /** Re-runs ingestion of REPORTS_DIR (pruning documents that disappeared), in the upload queue. */
  reindex(onProgress?: (p: IngestProgress) => void): Promise<IngestSummary>;
  /** Report files added from the chats and the web console, removals too: one at a time for the whole process. */
  uploads: UploadService;
}

export interface BootOptions {
  /** Ingest REPORTS_DIR when the store is empty (default true; `npm run ask` only reads). */
  ingestIfEmpty?: boolean;
  /** Use the configured LLM and embeddings (default true; false = offline BM25 + extractive). */
  models?: boolean;
}

/** Loads config or exits with its message: a bad variable is the user's to fix, not a crash. */
export async function configOrExit(): Promise<Config> {
  try {
    return await loadConfigFromEnvFile();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

/** Logs for console use: warnings only, on stderr, so the chat stays readable. */
export function consoleLogger(cfg: Config): Logger {
  return pino({ level: cfg.LOG_LEVEL === 'info' ? 'warn' : cfg.LOG_LEVEL }, pino.destination(2));
}

async function pointCount(store: OpenedStore, collection: string): Promise<number> {
  try {
    const { exists } = await store.client.collectionExists(collection);
    if (!exists) return 0;
    return (await store.client.count(collection, { exact: true })).count;
  } catch {
    return 0;
  }
}

/** Opens the store, ingests the sample/configured reports on first run, and builds the answer core. */
export async function bootCore(cfg: Config, log: Logger, o: BootOptions = {}): Promise<Core> {
  const store = await openStore(cfg, log);
  const models = o.models ?? true;
  const embedder = models ? createEmbedder(cfg) : undefined;
  const chat = models ? createChatModel(cfg) : undefined;
  const ingestAll = (onProgress?: (p: IngestProgress) => void) =>
    runIngest({
      // Reports uploaded from a chat (DATA_DIR/uploads) are re-indexed with the reports folder.
      paths: reportPaths(cfg),
      client: store.client,
      cfg,
      prune: true,
      ...(embedder ? { embedder } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  if ((o.ingestIfEmpty ?? true) && (await pointCount(store, cfg.QDRANT_COLLECTION)) === 0) {
    process.stderr.write(`报道库为空，正在导入 ${cfg.REPORTS_DIR} …\n`);
    const reporter = createProgressReporter({ intervalSec: 1 });
    try {
      const s = await runIngest({
        paths: [cfg.REPORTS_DIR],
        client: store.client,
        cfg,
        ...(embedder ? { embedder } : {}),
        onProgress: (p) => reporter.update(p),
        onSkip: (sk) => reporter.skip(sk),
      });
      reporter.stop();
      process.stderr.write(
        `导入完成：${s.files} 个文件，${s.articles} 篇报道，${s.chunks} 个段块（${s.seconds} 秒）\n`,
      );
    } catch (e) {
      reporter.stop();
      await store.close();
      throw e;
    }
  }
  const qa = createQaService({
    client: store.client,
    cfg,
    ...(chat ? { chat } : {}),
    ...(embedder ? { embedder } : {}),
    log,
  });
  const state = new QdrantChatState(store.client, cfg);
  const uploads = uploadServiceFor(cfg, ingestAll, log, (ids) => unindexDocuments(store.client, cfg, ids));
  return { cfg, log, store, qa, state, reindex: uploads.reindex, uploads };
}
