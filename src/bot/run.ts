/**
 * Running the bot: long polling through @grammyjs/runner (updates of one chat in order, chats concurrent), or a
 * webhook server that acknowledges each update at once and answers asynchronously (Telegram gives up after
 * ~10 s). Stopping waits for answers in flight so nobody is left without one.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Update } from 'grammy/types';
import { redactToken } from '../log.js';
import type { CreatedBot } from './bot.js';
import { setCommandMenu } from './commands.js';

export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query'] as const;

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
  await setCommandMenu(bot.api).catch((e: unknown) =>
    s.log.warn({ err: redactToken(String(e), bot.token) }, 'could not set the command menu'),
  );
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
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200).end('ok');
      return;
    }
    if (
      req.method !== 'POST' ||
      req.url !== path ||
      req.headers['x-telegram-bot-api-secret-token'] !== secret
    ) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      let update: Update;
      try {
        update = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update;
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200).end();
      // Acknowledged: now answer at leisure. sequentialize (inside the bot) keeps each chat in order.
      void s.inflight.track(
        bot.handleUpdate(update).catch((e: unknown) => {
          s.log.error({ err: redactToken(String(e), bot.token) }, 'webhook update failed');
        }),
      );
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
