/**
 * Running the bot: long polling through @grammyjs/runner (updates of one chat in order, chats concurrent), or
 * grammY's `webhookCallback` behind a small HTTP server (/healthz beside it). Webhook updates are acknowledged at
 * once and answered asynchronously: Telegram re-sends an update it has not had a 200 for within its timeout.
 * Stopping waits for answers in flight so nobody is left without one.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { webhookCallback } from 'grammy';
import { redactToken } from '../log.js';
import type { CreatedBot } from './bot.js';
import { setCommandMenu, setDescriptions } from './commands.js';

export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'inline_query'] as const;

/** Telegram sends updates of a few KB; anything far larger is not from Telegram. */
const MAX_UPDATE_BYTES = 1_000_000;

export interface RunOptions {
  mode: 'polling' | 'webhook';
  webhookUrl?: string;
  port?: number;
  /** Loopback for tests; all interfaces in a container. */
  host?: string;
  /** How long shutdown waits for answers in flight. */
  drainMs?: number;
}

export interface RunningBot {
  /** The webhook server's port (webhook mode). */
  port?: number;
  /** Settles when polling ends; rejects when it fails for good (e.g. the token was revoked). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export async function runBot({ bot, services: s }: CreatedBot, o: RunOptions): Promise<RunningBot> {
  await bot.init();
  const warn = (what: string) => (e: unknown) =>
    s.log.warn({ err: redactToken(String(e), bot.token) }, `could not set the ${what}`);
  await setCommandMenu(bot.api, s.adminIds).catch(warn('command menu'));
  await setDescriptions(bot.api).catch(warn('bot description'));
  const drainMs = o.drainMs ?? 60_000;
  s.log.info({ mode: o.mode, username: bot.botInfo.username }, 'bot starting');
  if (o.mode === 'polling') {
    await bot.api.deleteWebhook();
    const handle: RunnerHandle = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
    return {
      done: handle.task() ?? Promise.resolve(),
      stop: async () => {
        if (handle.isRunning()) await handle.stop();
        await s.inflight.drain(drainMs);
        s.log.info('bot stopped');
      },
    };
  }
  if (!o.webhookUrl) throw new Error('webhook mode needs a WEBHOOK_URL');
  const path = new URL(o.webhookUrl).pathname;
  // Telegram echoes this header on every call, so strangers cannot post fake updates to our URL.
  const secret = createHash('sha256').update(bot.token).digest('hex').slice(0, 32);
  // Answer at leisure: the 200 goes out at once, the update keeps running (tracked for shutdown by the bot's
  // first middleware; sequentialize keeps each chat in order).
  const callback = webhookCallback(bot, 'http', {
    secretToken: secret,
    onTimeout: 'return',
    timeoutMilliseconds: 0,
  });
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200).end('ok');
      return;
    }
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_UPDATE_BYTES) {
      res.writeHead(413).end();
      return;
    }
    callback(req, res).catch(() => {
      // Only a body that is not JSON gets here; handler errors are caught inside the bot.
      if (!res.headersSent) res.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 8080, o.host ?? '0.0.0.0', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  await bot.api.setWebhook(o.webhookUrl, { secret_token: secret, allowed_updates: ALLOWED_UPDATES });
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  return {
    port,
    done: closed,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await s.inflight.drain(drainMs);
      s.log.info('bot stopped');
    },
  };
}
