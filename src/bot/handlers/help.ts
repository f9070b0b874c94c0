/**
 * /start and /help: two lines on what the bot knows (from the store's stats) and how to ask. `/start <payload>`
 * from a deep link opens a place's summary or a source paragraph instead (src/bot/deep-link.ts).
 */
import { Composer } from 'grammy';
import { conversationKey, isGroup } from '../address.js';
import { deliverAnswer } from '../answer-flow.js';
import type { BotContext } from '../context.js';
import { decodeStart } from '../deep-link.js';
import type { BotServices } from '../services.js';
import { sendParagraph } from './sources.js';

async function replyHelp(ctx: BotContext, s: BotServices): Promise<void> {
  const stats = await s.qa.stats().catch((e: unknown) => {
    s.log.warn({ err: String(e) }, 'stats unavailable for /help');
    return undefined;
  });
  await ctx.reply(ctx.t.help(stats, ctx.me.username));
}

export function help(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command('start', async (ctx) => {
    const msg = ctx.message;
    const link = decodeStart(ctx.match.trim());
    if (!msg || !link || isGroup(msg.chat.type)) return replyHelp(ctx, s);
    s.log.info({ event: 'deep_link', kind: link.kind, chatId: msg.chat.id }, 'deep link');
    if (link.kind === 'summary') {
      await s.inflight.track(
        deliverAnswer(ctx, s, {
          question: '',
          place: link.place,
          chatId: msg.chat.id,
          replyTo: msg.message_id,
          group: false,
          convKey: conversationKey(msg, s.convs),
        }),
      );
      return;
    }
    if (!(await sendParagraph(ctx, s, msg.chat.id, link.articleId, link.n, msg.message_id))) {
      await ctx.reply(ctx.t.sourceGone);
    }
  });
  c.command('help', (ctx) => replyHelp(ctx, s));
  return c;
}

/** An unknown /command in a private chat: show the help instead of ignoring it. */
export function unknownCommand(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.chatType('private').on('message:text', (ctx) => replyHelp(ctx, s));
  return c;
}
