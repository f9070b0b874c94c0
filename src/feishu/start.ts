/**
 * Starts the Feishu / Lark front end: the SDK client for sending, and events in by long connection (WSClient,
 * default: no public URL) or by HTTP callback (FEISHU_MODE=webhook). Both feed the same EventDispatcher,
 * which routes messages (im.message.receive_v1) and card button taps (card.action.trigger).
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { UploadService } from '../app/uploads.js';
import { ConfigError, type Config } from '../config.js';
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import type { ChatState } from '../types.js';
import { sdkApi, type FeishuApi } from './api.js';
import { createFeishuHandler, type CardActionEvent, type FeishuHandlerOptions } from './handler.js';
import type { MessageEvent } from './incoming.js';
import { defaultRetry, describe, type RetryOptions } from './retry.js';
import { sdkLevel, sdkLogger } from './sdk-log.js';
import { startWebhook } from './webhook.js';

export interface FeishuDeps {
  qa: QaService;
  log: Logger;
  cfg: Config;
  /** Where report files admins send go; unset: report files cannot be added from Feishu. */
  uploads?: UploadService;
  /** Answers behind 👍/👎 and the votes (the console's Feedback); unset: votes are only logged. */
  state?: ChatState;
}

/** Test and bench knobs; production uses the defaults. */
export interface FeishuStartOptions {
  handler?: Partial<FeishuHandlerOptions>;
  retry?: RetryOptions;
  /** Interface and port the webhook server binds (default all interfaces, FEISHU_WEBHOOK_PORT). */
  host?: string;
  port?: number;
  /** How long start-up waits for the long connection before going on (it keeps retrying) (ms). */
  connectWaitMs?: number;
}

export interface RunningFeishu {
  stop(): Promise<void>;
  /** Webhook mode: the local request URL. */
  webhookUrl?: string;
}

/** The SDK's domain: its Feishu/Lark constants, or a base URL (private deployment, local emulator). */
export function sdkDomain(value: string): lark.Domain | string {
  if (value === 'feishu') return lark.Domain.Feishu;
  if (value === 'lark') return lark.Domain.Lark;
  return value.replace(/\/+$/, '');
}

/** A token cache per client: the SDK's default is process-wide, keyed by app id only. */
function memoryCache(): lark.Cache {
  const m = new Map<string | symbol, { value: unknown; expire?: number }>();
  const key = (k: string | symbol, ns?: string) => (typeof k === 'symbol' ? k : `${ns ?? ''}:${k}`);
  return {
    set: (k: string | symbol, value: unknown, expire?: number, o?: { namespace?: string }) => {
      m.set(key(k, o?.namespace), expire === undefined ? { value } : { value, expire });
      return Promise.resolve(true);
    },
    get: (k: string | symbol, o?: { namespace?: string }) => {
      const e = m.get(key(k, o?.namespace));
      return Promise.resolve(e && (e.expire === undefined || e.expire > Date.now()) ? e.value : undefined);
    },
  } as lark.Cache;
}

async function whoAmI(api: FeishuApi, log: Logger): Promise<string | undefined> {
  try {
    return await api.botOpenId();
  } catch (err) {
    const msg = describe(err);
    // A refused token is a configuration error; an unreachable platform is not (it may come back).
    if (/failed to get tenant_access_token/.test(msg)) {
      throw new ConfigError(
        `Invalid configuration:\n  FEISHU_APP_ID / FEISHU_APP_SECRET: Feishu refused them (${msg})`,
      );
    }
    log.warn({ err: msg }, 'feishu bot info unavailable; any @-mention in a group will count');
    return undefined;
  }
}

export async function startFeishu(
  deps: FeishuDeps,
  options: FeishuStartOptions = {},
): Promise<RunningFeishu> {
  const { cfg, qa } = deps;
  const log = deps.log.child({ frontend: 'feishu' });
  const appId = cfg.FEISHU_APP_ID;
  const appSecret = cfg.FEISHU_APP_SECRET;
  if (!appId || !appSecret) {
    throw new ConfigError(
      'Invalid configuration:\n  FEISHU_APP_ID / FEISHU_APP_SECRET: both are required for Feishu',
    );
  }
  const domain = sdkDomain(cfg.FEISHU_DOMAIN);
  const logger = sdkLogger(log);
  const loggerLevel = sdkLevel(log);
  const client = new lark.Client({ appId, appSecret, domain, logger, loggerLevel, cache: memoryCache() });
  const api = sdkApi(client, { ...(options.retry ?? defaultRetry), log });
  const botOpenId = await whoAmI(api, log);

  const webhook = cfg.FEISHU_MODE === 'webhook';
  const handler = createFeishuHandler({
    qa,
    log,
    api,
    ...(botOpenId ? { botOpenId } : {}),
    ...(options.handler ? { options: options.handler } : {}),
    ...(deps.state ? { state: deps.state } : {}),
    uploads: { admins: cfg.FEISHU_ADMIN_OPEN_IDS, ...(deps.uploads ? { service: deps.uploads } : {}) },
  });
  // Without its own open_id the bot answers any @-mention in a group; keep asking until Feishu answers.
  let whoTimer: NodeJS.Timeout | undefined;
  const askAgain = () => {
    whoTimer = setTimeout(() => {
      api.botOpenId().then(
        (id) => {
          handler.setBotOpenId(id);
          log.info({ botOpenId: id }, 'feishu bot info obtained');
        },
        () => askAgain(),
      );
    }, 60_000);
    whoTimer.unref();
  };
  if (!botOpenId) askAgain();
  const dispatcher = new lark.EventDispatcher({
    logger,
    loggerLevel,
    ...(webhook && cfg.FEISHU_ENCRYPT_KEY ? { encryptKey: cfg.FEISHU_ENCRYPT_KEY } : {}),
    ...(webhook && cfg.FEISHU_VERIFICATION_TOKEN ? { verificationToken: cfg.FEISHU_VERIFICATION_TOKEN } : {}),
  }).register({
    'im.message.receive_v1': (data: MessageEvent) => {
      handler.onMessage(data);
    },
    // The SDK's typed handles do not list callbacks; card.action.trigger is routed like any event type.
    ...({ 'card.action.trigger': (data: CardActionEvent) => handler.onCardAction(data) } as object),
  });

  if (webhook) {
    const server = await startWebhook({
      dispatcher,
      path: cfg.FEISHU_WEBHOOK_PATH,
      port: options.port ?? cfg.FEISHU_WEBHOOK_PORT,
      ...(options.host ? { host: options.host } : {}),
      ...(cfg.FEISHU_ENCRYPT_KEY ? { encryptKey: cfg.FEISHU_ENCRYPT_KEY } : {}),
      ...(cfg.FEISHU_VERIFICATION_TOKEN ? { verificationToken: cfg.FEISHU_VERIFICATION_TOKEN } : {}),
      log,
    });
    log.info({ url: server.url, botOpenId }, 'feishu bot listening for event callbacks');
    return {
      webhookUrl: server.url,
      async stop() {
        clearTimeout(whoTimer);
        await server.close();
        await handler.idle();
      },
    };
  }

  let settle: (err?: Error) => void = () => {};
  const connected = new Promise<Error | undefined>((resolve) => (settle = resolve));
  const ws = new lark.WSClient({
    appId,
    appSecret,
    domain,
    logger,
    loggerLevel,
    onReady: () => settle(),
    onError: (err: Error) => settle(err),
    onReconnected: () => log.info('feishu long connection restored'),
    onReconnecting: () => log.warn('feishu long connection lost; reconnecting'),
  });
  await ws.start({ eventDispatcher: dispatcher });
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    connected,
    new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), options.connectWaitMs ?? 15_000))),
  ]);
  clearTimeout(timer);
  if (waited instanceof Error) {
    clearTimeout(whoTimer);
    ws.close({ force: true });
    throw new ConfigError(
      `Invalid configuration:\n  FEISHU_APP_ID / FEISHU_APP_SECRET: long connection refused (${waited.message})`,
    );
  }
  if (waited === 'timeout') log.warn('feishu long connection not up yet; still trying');
  else log.info({ botOpenId }, 'feishu bot connected (long connection)');
  return {
    async stop() {
      clearTimeout(whoTimer);
      ws.close({ force: true });
      await handler.idle();
    },
  };
}
