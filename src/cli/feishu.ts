/**
 * npm run feishu: only the Feishu / Lark front end, on the same store and answer core as `npm start`.
 * (The start-up module that runs every configured front end side by side calls the same `startFeishu`.)
 */
import { ConfigError, feishuEnabled } from '../config.js';
import { startFeishu } from '../feishu/index.js';
import { createLogger } from '../log.js';
import { bootCore, configOrExit } from '../app/core.js';

async function main(): Promise<void> {
  const cfg = await configOrExit();
  if (!feishuEnabled(cfg)) {
    process.stderr.write(
      'FEISHU_APP_ID and FEISHU_APP_SECRET are not set (see .env.example and README "Feishu / Lark").\n',
    );
    process.exit(1);
  }
  const log = createLogger(cfg.LOG_LEVEL);
  const core = await bootCore(cfg, log);
  let running;
  try {
    running = await startFeishu({ qa: core.qa, log, cfg, reindex: (onProgress) => core.reindex(onProgress) });
  } catch (e) {
    await core.store.close();
    throw e;
  }
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
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((e: unknown) => {
  // Wrong credentials or configuration: the one line that names the variable, no stack trace.
  process.stderr.write(
    `${e instanceof ConfigError ? e.message : `启动失败：${e instanceof Error ? e.message : String(e)}`}\n`,
  );
  process.exit(1);
});
