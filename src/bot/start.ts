/**
 * The Telegram front end as the start-up module runs it: the bot on the shared core, in long polling or webhook
 * mode per configuration. A token Telegram refuses is reported as one line naming TELEGRAM_BOT_TOKEN.
 */
import { GrammyError, HttpError } from 'grammy';
import { CredentialsError, type FrontEndDeps, type RunningFrontEnd } from '../app/front-end.js';
import { createBot } from './bot.js';
import { startHealthServer, type HealthServer } from '../health.js';
import type { Logger } from '../log.js';
import { runBot, type RunningBot } from './run.js';

export async function startTelegram(deps: FrontEndDeps): Promise<RunningFrontEnd> {
  const { cfg, log } = deps;
  const token = cfg.TELEGRAM_BOT_TOKEN;
  if (!token) throw new CredentialsError('TELEGRAM_BOT_TOKEN', 'not set');
  const created = createBot(
    token,
    {
      qa: deps.qa,
      log,
      adminIds: cfg.ADMIN_USER_IDS,
      reindex: (onProgress) => deps.reindex(onProgress),
      state: deps.state,
      uploads: deps.uploads,
    },
    { ...(cfg.TELEGRAM_API_ROOT ? { apiRoot: cfg.TELEGRAM_API_ROOT } : {}) },
  );
  try {
    await created.bot.init();
  } catch (e) {
    if (e instanceof GrammyError && (e.error_code === 401 || e.error_code === 404)) {
      throw new CredentialsError(
        'TELEGRAM_BOT_TOKEN',
        `Telegram refused the token (${e.error_code}); check it with @BotFather`,
        e,
      );
    }
    if (e instanceof HttpError) {
      const where = cfg.TELEGRAM_API_ROOT ? 'TELEGRAM_API_ROOT' : 'the Telegram Bot API';
      throw new Error(
        `cannot reach ${where}: ${e.error instanceof Error ? e.error.message : String(e.error)}`,
        { cause: e },
      );
    }
    throw e;
  }
  const running = await runBot(created, {
    mode: cfg.BOT_MODE,
    ...(cfg.WEBHOOK_URL ? { webhookUrl: cfg.WEBHOOK_URL } : {}),
    port: cfg.PORT,
  });
  if (cfg.BOT_MODE === 'webhook') return running;
  const health = await healthWhilePolling(running, cfg.PORT, log);
  return {
    done: running.done,
    stop: async () => {
      await running.stop();
      await health?.close();
    },
  };
}

/** Long polling has no server: a loopback GET /healthz for the container health check (src/cli/health.ts). */
async function healthWhilePolling(
  running: RunningBot,
  port: number,
  log: Logger,
): Promise<HealthServer | undefined> {
  let polling = true;
  const ended = () => (polling = false);
  running.done.then(ended, ended);
  return startHealthServer({ port, alive: () => polling }).catch((e: unknown) => {
    log.warn({ err: String(e), port }, 'health endpoint not started (port in use?); the bot runs on');
    return undefined;
  });
}
