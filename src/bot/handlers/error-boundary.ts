/** Last line of defence: any handler failure becomes a friendly reply with a reference, and one log line. */
import type { NextFunction } from 'grammy';
import { texts } from '../../present/texts.js';
import type { BotContext } from '../context.js';
import { correlationId, logFailure } from '../../shared/errors.js';
import type { BotServices } from '../services.js';

export function errorBoundary(s: BotServices) {
  return async (ctx: BotContext, next: NextFunction): Promise<void> => {
    try {
      await next();
    } catch (e) {
      const id = correlationId();
      logFailure(s.log, s.token, id, e, { updateId: ctx.update.update_id, chatId: ctx.chat?.id });
      const t = ctx.t ?? texts('zh');
      try {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: t.error(id), show_alert: true });
        else if (ctx.inlineQuery) await ctx.answerInlineQuery([], { cache_time: 0 });
        else if (ctx.chat) await ctx.reply(t.error(id));
      } catch (e2) {
        logFailure(s.log, s.token, id, e2, { stage: 'error reply' });
      }
    }
  };
}
