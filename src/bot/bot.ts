/**
 * The composition root of the Telegram bot: small middleware, one concept each, in the order they must run.
 * Handlers talk to the QaService only; nothing here knows about Qdrant or the LLM.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotContext, BotDeps } from './context.js';
import { admin } from './handlers/admin.js';
import { errorBoundary } from './handlers/error-boundary.js';
import { feedback } from './handlers/feedback.js';
import { floodControl } from './handlers/flood.js';
import { help, unknownCommand } from './handlers/help.js';
import { inline } from './handlers/inline.js';
import { language } from './handlers/language.js';
import { questions } from './handlers/ask.js';
import { sources } from './handlers/sources.js';
import { summary } from './handlers/summary.js';
import { unsupported } from './handlers/unsupported.js';
import { uploads } from './handlers/upload.js';
import { createServices, type BotServices } from './services.js';
import { redactToken } from '../log.js';

export interface CreateBotOptions {
  apiRoot?: string;
  /** Skips getMe (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** Installed closest to the network, below auto-retry (tests use this to fake the Bot API). */
  transformers?: Transformer[];
  /** auto-retry limits; the default waits as long as Telegram asks so a final answer is never dropped. */
  retry?: { maxRetryAttempts?: number; maxDelaySeconds?: number };
}

export interface CreatedBot {
  bot: Bot<BotContext>;
  services: BotServices;
}

/** Updates of one chat are handled in order; other chats run concurrently. */
export function chatConstraint(ctx: BotContext): string | undefined {
  return ctx.chat?.id.toString();
}

export function createBot(token: string, deps: BotDeps, o: CreateBotOptions = {}): CreatedBot {
  const bot = new Bot<BotContext>(token, {
    ...(o.botInfo ? { botInfo: o.botInfo } : {}),
    client: { ...(o.apiRoot ? { apiRoot: o.apiRoot } : {}) },
  });
  for (const t of o.transformers ?? []) bot.api.config.use(t);
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: o.retry?.maxRetryAttempts ?? 10,
      maxDelaySeconds: o.retry?.maxDelaySeconds ?? 3600,
    }),
  );
  const s = createServices({ ...deps, token });
  if (deps.uploads) s.uploads = { service: deps.uploads, apiRoot: o.apiRoot ?? 'https://api.telegram.org' };

  // Every update is tracked while it runs (shutdown waits for it) and its failures logged here: in webhook mode
  // the HTTP reply has gone out before the update finishes, so nobody else would see them.
  bot.use(async (_ctx, next) => {
    await s.inflight.track(
      next().catch((e: unknown) =>
        s.log.error({ err: redactToken(String(e), token) }, 'unhandled bot error'),
      ),
    );
  });
  bot.use(language);
  bot.use(floodControl(s));
  bot.use(sequentialize(chatConstraint));
  bot.use(errorBoundary(s));
  bot.use(help(s));
  bot.use(admin(s));
  bot.use(uploads(s));
  bot.use(summary(s));
  bot.use(sources(s));
  bot.use(feedback(s));
  bot.use(inline(s));
  bot.use(questions(s));
  bot.use(unsupported());
  bot.use(unknownCommand(s));

  bot.catch((err) => {
    s.log.error(
      { updateId: err.ctx.update.update_id, err: redactToken(String(err.error), token) },
      'unhandled bot error',
    );
  });
  return { bot, services: s };
}
