/**
 * `npm start`: the shared core, then every configured front end side by side in this one process (the console
 * chat when none is configured). A front end that cannot start is one line on stderr and a non-zero exit;
 * SIGINT/SIGTERM stop all front ends (each finishing the answers it has in flight) and then the store.
 */
import { createAdminService } from '../admin/service.js';
import { consoleEnabled } from '../config.js';
import { createLogger, redactToken, type Logger } from '../log.js';
import { bootCore, configOrExit, consoleLogger } from './core.js';
import { frontEndsFor, type FrontEnd, type RunningFrontEnd } from './front-end.js';
import { FALLBACK_FRONT_END, FRONT_ENDS } from './front-ends.js';

export interface Started {
  name: string;
  running: RunningFrontEnd;
}

/** A front end that failed to start, with the reason in one line. */
export class StartError extends Error {
  override name = 'StartError';
  constructor(
    readonly frontEnd: string,
    cause: unknown,
  ) {
    super(`${frontEnd}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Starts the front ends in order; when one fails, those already started are stopped again. */
export async function startAll(fronts: readonly FrontEnd[], log: Logger): Promise<Started[]> {
  const started: Started[] = [];
  for (const f of fronts) {
    try {
      started.push({ name: f.name, running: await f.start() });
      log.info({ frontEnd: f.name }, 'front end started');
    } catch (e) {
      await stopAll(started, log);
      throw new StartError(f.name, e);
    }
  }
  return started;
}

/** Stops every front end at once; one failing to stop does not keep the others running. */
export async function stopAll(started: readonly Started[], log: Logger): Promise<void> {
  const results = await Promise.allSettled(started.map((s) => s.running.stop()));
  results.forEach((r, i) => {
    if (r.status === 'rejected')
      log.error({ frontEnd: started[i]?.name, err: String(r.reason) }, 'stop failed');
  });
}

/** Settles with the first front end that ends by itself: ok (the console's /quit) or failed for good. */
export function firstEnded(started: readonly Started[]): Promise<{ name: string; error?: unknown }> {
  return Promise.race(
    started
      .filter((s) => s.running.done !== undefined)
      .map((s) =>
        (s.running.done as Promise<void>).then(
          () => ({ name: s.name }),
          (error: unknown) => ({ name: s.name, error }),
        ),
      ),
  );
}

/** The first line of an error's message, with any bot token taken out. */
const oneLine = (e: unknown, secret?: string) =>
  redactToken((e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '', secret);

/**
 * @param only run just this front end (`npm run feishu`, `npm run serve:http`); it must be configured.
 */
export async function main(only?: string): Promise<void> {
  const cfg = await configOrExit();
  const entries = only === undefined ? FRONT_ENDS : FRONT_ENDS.filter((e) => e.name === only);
  const configured = entries.filter((e) => e.configured(cfg));
  if (only !== undefined && configured.length === 0) {
    const needs = entries[0]?.requires ?? 'its settings';
    process.stderr.write(`${needs}: not set, so ${only} cannot start (see .env.example and the README)\n`);
    process.exit(1);
  }
  const log = configured.length > 0 ? createLogger(cfg.LOG_LEVEL) : consoleLogger(cfg);
  const core = await bootCore(cfg, log);
  const admin = consoleEnabled(cfg)
    ? createAdminService({
        cfg,
        client: core.store.client,
        qa: core.qa,
        state: core.state,
        uploads: core.uploads,
        log,
      })
    : undefined;
  admin?.warm();
  const deps = {
    qa: core.qa,
    log,
    cfg,
    reindex: core.reindex,
    uploads: core.uploads,
    state: core.state,
    ...(admin ? { admin } : {}),
  };
  if (configured.length === 0) {
    process.stderr.write('未配置任何聊天平台，进入控制台聊天（/help 查看用法，/quit 或 Ctrl-D 退出）。\n');
  }
  const fronts = frontEndsFor(configured.length > 0 ? configured : [FALLBACK_FRONT_END], deps);
  let started: Started[];
  try {
    started = await startAll(fronts, log);
  } catch (e) {
    process.stderr.write(`启动失败：${oneLine(e, cfg.TELEGRAM_BOT_TOKEN)}\n`);
    await core.store.close();
    process.exit(1);
  }
  for (const s of started) if (s.running.announce) process.stderr.write(`${s.running.announce}\n`);
  let stopping = false;
  const shutdown = (code: number, why: string, signal = false) => {
    if (stopping) {
      // A second Ctrl-C means "now"; a front end ending because we stopped it means nothing.
      if (signal) process.exit(130);
      return;
    }
    stopping = true;
    log.info({ why }, 'shutting down: finishing answers in flight');
    stopAll(started, log)
      .then(() => core.store.close())
      .then(
        () => process.exit(code),
        (e: unknown) => {
          log.error({ err: String(e) }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown(0, 'SIGINT', true));
  process.on('SIGTERM', () => shutdown(0, 'SIGTERM', true));
  if (started.some((s) => s.running.done !== undefined)) {
    const ended = await firstEnded(started);
    if (stopping) return;
    if (ended.error !== undefined) {
      process.stderr.write(`${ended.name} 停止运行：${oneLine(ended.error, cfg.TELEGRAM_BOT_TOKEN)}\n`);
      shutdown(1, `${ended.name} failed`);
    } else shutdown(0, `${ended.name} ended`);
  }
}
