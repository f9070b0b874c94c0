/**
 * npm start: configuration → store (Qdrant server or the embedded one) → first-run ingestion of REPORTS_DIR →
 * answer core → the Telegram bot when TELEGRAM_BOT_TOKEN is set, else the console chat.
 */
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { createProgressReporter } from '../../ingest/progress.js';
import { runIngest } from '../../ingest/run.js';
import type { IngestProgress, IngestSummary } from '../../ingest/types.js';
import { createBot } from '../bot/bot.js';
import { runBot, type RunningBot } from '../bot/run.js';
import { runConsole } from '../chat/console.js';
import { ConfigError, loadConfigFromEnvFile, type Config } from '../config.js';
import { createChatModel } from '../llm/chat.js';
import { createEmbedder } from '../llm/embeddings.js';
import { createLogger, redactToken, type Logger } from '../log.js';
import { startHealthServer } from '../health.js';
import { createQaService } from '../rag/answer.js';
import type { QaService } from '../rag/service.js';
import { openStore, type OpenedStore } from '../store/connect.js';
import { reportPaths, uploadsDir } from '../../ingest/upload.js';

export interface Core {
  cfg: Config;
  log: Logger;
  store: OpenedStore;
  qa: QaService;
  /** Re-runs ingestion of REPORTS_DIR (pruning documents that disappeared). */
  reindex(onProgress?: (p: IngestProgress) => void): Promise<IngestSummary>;
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
export async function bootCore(cfg: Config, log: Logger): Promise<Core> {
  const store = await openStore(cfg, log);
  const embedder = createEmbedder(cfg);
  const chat = createChatModel(cfg);
  const reindex = (onProgress?: (p: IngestProgress) => void) =>
    runIngest({
      paths: reportPaths(cfg),
      client: store.client,
      cfg,
      prune: true,
      ...(embedder ? { embedder } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  if ((await pointCount(store, cfg.QDRANT_COLLECTION)) === 0) {
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
  return { cfg, log, store, qa, reindex };
}

/** Logs for console use: warnings only, on stderr, so the chat stays readable. */
export function consoleLogger(cfg: Config): Logger {
  return pino({ level: cfg.LOG_LEVEL === 'info' ? 'warn' : cfg.LOG_LEVEL }, pino.destination(2));
}

/** Long polling has no server: a loopback GET /healthz for the container health check (src/cli/health.ts). */
async function healthWhilePolling(running: RunningBot, port: number, log: Logger): Promise<void> {
  let polling = true;
  const ended = () => (polling = false);
  running.done.then(ended, ended);
  await startHealthServer({ port, alive: () => polling }).catch((e: unknown) =>
    log.warn({ err: String(e), port }, 'health endpoint not started (port in use?); the bot runs on'),
  );
}

async function main(): Promise<void> {
  const cfg = await configOrExit();
  const token = cfg.TELEGRAM_BOT_TOKEN;
  const log = token ? createLogger(cfg.LOG_LEVEL) : consoleLogger(cfg);
  const core = await bootCore(cfg, log);
  if (!token) {
    process.stderr.write(
      '未设置 TELEGRAM_BOT_TOKEN，进入控制台聊天（/help 查看用法，/quit 或 Ctrl-D 退出）。\n',
    );
    await runConsole({ qa: core.qa });
    await core.store.close();
    return;
  }
  const created = createBot(
    token,
    {
      qa: core.qa,
      log,
      adminIds: cfg.ADMIN_USER_IDS,
      reindex: (onProgress) => core.reindex(onProgress),
      uploads: { dir: uploadsDir(cfg), maxBytes: cfg.MAX_UPLOAD_MB * 1024 * 1024 },
    },
    { ...(cfg.TELEGRAM_API_ROOT ? { apiRoot: cfg.TELEGRAM_API_ROOT } : {}) },
  );
  const running = await runBot(created, {
    mode: cfg.BOT_MODE,
    ...(cfg.WEBHOOK_URL ? { webhookUrl: cfg.WEBHOOK_URL } : {}),
    port: cfg.PORT,
  });
  if (cfg.BOT_MODE === 'polling') await healthWhilePolling(running, cfg.PORT, log);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info({ signal }, 'shutting down: finishing answers in flight');
    running
      .stop()
      .then(() => core.store.close())
      .then(
        () => process.exit(0),
        (e: unknown) => {
          log.error({ err: String(e) }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  running.done.catch((e: unknown) => {
    // Polling failed for good (revoked token, network gone for good): say so and exit non-zero.
    process.stderr.write(
      `机器人停止运行：${redactToken(e instanceof Error ? e.message : String(e), token)}\n`,
    );
    void core.store.close().finally(() => process.exit(1));
  });
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`启动失败：${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
