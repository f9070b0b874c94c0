/**
 * Questions: any text in a private chat; in groups a mention, a reply to the bot, or /ask. Summaries asked in
 * plain words ("总结一下深圳市政协…") go the same way: the answer core recognises them. An edited question is
 * answered again, replacing the earlier reply.
 */
import { Composer } from 'grammy';
import type { Message } from 'grammy/types';
import { addressedQuestion, conversationKey, isGroup } from '../address.js';
import { deliverAnswer, replyKey } from '../answer-flow.js';
import type { BotContext } from '../context.js';
import type { BotServices } from '../services.js';

async function ask(
  ctx: BotContext,
  s: BotServices,
  msg: Message,
  question: string,
  replace?: number[],
): Promise<void> {
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
      ...(replace ? { replace } : {}),
    }),
  );
}

const isCommand = (msg: Message) => msg.entities?.some((e) => e.type === 'bot_command' && e.offset === 0);

/** The question in `/ask …` when this message is an /ask for this bot. */
function askCommand(msg: Message, username: string): string | undefined {
  const m = /^\/ask(?:@(\S+))?(?:\s+([\s\S]*))?$/i.exec(msg.text ?? '');
  if (!m || !isCommand(msg)) return undefined;
  if (m[1] !== undefined && m[1].toLowerCase() !== username.toLowerCase()) return undefined;
  return (m[2] ?? '').trim();
}

export function questions(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.command('ask', (ctx) => (ctx.message ? ask(ctx, s, ctx.message, ctx.match.trim()) : undefined));
  c.on('message:text', async (ctx, next) => {
    if (isCommand(ctx.message)) return next();
    const q = addressedQuestion(ctx.message, ctx.me);
    if (q === undefined) return next();
    await ask(ctx, s, ctx.message, q);
  });
  c.on('edited_message:text', async (ctx) => {
    const msg = ctx.editedMessage;
    const q = isCommand(msg) ? askCommand(msg, ctx.me.username) : addressedQuestion(msg, ctx.me);
    if (q === undefined || q === '') return;
    const earlier = s.replies.get(replyKey(msg.chat.id, msg.message_id));
    await ask(ctx, s, msg, q, earlier);
  });
  return c;
}
