/**
 * npm run serve:http — the HTTP API alone: configuration → store (first-run ingest) → answer core → the
 * OpenAI-compatible API on HTTP_HOST:HTTP_PORT. Needs HTTP_API_KEYS. SIGINT/SIGTERM finish answers in flight.
 */
import { ConfigError } from '../config.js';
import { startHttpApi } from '../http/index.js';
import { createLogger } from '../log.js';
import { bootCore, configOrExit } from '../app/core.js';

async function main(): Promise<void> {
  const cfg = await configOrExit();
  if (cfg.HTTP_API_KEYS.length === 0) {
    process.stderr.write('HTTP_API_KEYS: set at least one API key to run the HTTP API (see .env.example)\n');
    process.exit(1);
  }
  const log = createLogger(cfg.LOG_LEVEL);
  const core = await bootCore(cfg, log);
  let api;
  try {
    api = await startHttpApi({ qa: core.qa, log, cfg });
  } catch (e) {
    await core.store.close();
    throw e;
  }
  process.stderr.write(`HTTP API 已启动：${api.url}/v1（模型 cppcc-qa）\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info({ signal }, 'shutting down: finishing answers in flight');
    api
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
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(
    e instanceof ConfigError ? `${e.message}\n` : `启动失败：${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
