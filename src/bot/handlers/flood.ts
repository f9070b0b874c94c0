/** Incoming flood control per user: over the limit, one polite note per window instead of silence. */
import { limit } from '@grammyjs/ratelimiter';
import type { BotContext } from '../context.js';
import type { BotServices } from '../services.js';

export function floodControl(s: BotServices) {
  return limit<BotContext, never>({
    timeFrame: s.opts.rateLimit.windowMs,
    limit: s.opts.rateLimit.limit,
    // Only messages count; button taps and inline lookups are cheap and expected in bursts.
    keyGenerator: (ctx) => (ctx.message && ctx.from ? String(ctx.from.id) : undefined),
    onLimitExceeded: (ctx) => {
      s.log.warn({ event: 'rate_limited', chatId: ctx.chat?.id }, 'flood');
      if (!ctx.chat) return;
      const replyTo = ctx.msgId;
      ctx
        .reply(
          ctx.t.rateLimited,
          replyTo !== undefined
            ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
            : {},
        )
        .catch((e: unknown) => s.log.warn({ err: String(e) }, 'rate-limit note failed'));
    },
  });
}
