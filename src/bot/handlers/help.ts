/** /start and /help: two lines on what the bot knows (from the store's stats) and how to ask. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { escapeHtml } from '../escape.js';
import type { BotServices } from '../services.js';

export function help(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command(['start', 'help'], async (ctx) => {
    const stats = await s.qa.stats().catch((e: unknown) => {
      s.log.warn({ err: String(e) }, 'stats unavailable for /help');
      return undefined;
    });
    await ctx.reply(escapeHtml(ctx.t.help(stats, ctx.me.username)), { parse_mode: 'HTML' });
  });
  return c;
}

/** An unknown /command in a private chat: show the help instead of ignoring it. */
export function unknownCommand(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.chatType('private').on('message:text', async (ctx) => {
    const stats = await s.qa.stats().catch(() => undefined);
    await ctx.reply(escapeHtml(ctx.t.help(stats, ctx.me.username)), { parse_mode: 'HTML' });
  });
  return c;
}
