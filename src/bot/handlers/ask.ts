/**
 * Questions: any text in a private chat; in groups a mention, a reply to the bot, or /ask. Summaries asked in
 * plain words ("总结一下深圳市政协…") go the same way: the answer core recognises them.
 */
import { Composer } from 'grammy';
import { addressedQuestion, conversationKey, isGroup } from '../address.js';
import { deliverAnswer } from '../answer-flow.js';
import type { BotContext } from '../context.js';
import type { BotServices } from '../services.js';

async function ask(ctx: BotContext, s: BotServices, question: string): Promise<void> {
  const msg = ctx.message;
  if (!msg) return;
  if (question === '') {
    await ctx.reply(ctx.t.emptyQuestion, { reply_parameters: { message_id: msg.message_id } });
    return;
  }
  await s.inflight.track(
    deliverAnswer(ctx, s, {
      question,
      chatId: msg.chat.id,
      replyTo: msg.message_id,
      threadId: msg.is_topic_message ? msg.message_thread_id : undefined,
      group: isGroup(msg.chat.type),
      convKey: conversationKey(msg, s.convs),
    }),
  );
}

export function questions(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command('ask', (ctx) => ask(ctx, s, ctx.match.trim()));
  c.on('message:text', async (ctx, next) => {
    if (ctx.message.entities?.some((e) => e.type === 'bot_command' && e.offset === 0)) return next();
    const q = addressedQuestion(ctx.message, ctx.me);
    if (q === undefined) return next();
    await ask(ctx, s, q);
  });
  return c;
}
