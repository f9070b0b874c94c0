/** 👍/👎 under an answer: logged with the question, the answer and its sources, for later review. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import type { BotServices } from '../services.js';

export function feedback(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.callbackQuery(/^fb:/, async (ctx) => {
    const action = s.codec.decode(ctx.callbackQuery.data);
    if (action?.kind !== 'feedback') return ctx.answerCallbackQuery();
    const record = s.feedback.get(action.key);
    const msg = ctx.callbackQuery.message;
    s.log.info(
      {
        event: 'feedback',
        vote: action.vote,
        chatId: msg?.chat.id,
        messageId: msg?.message_id,
        // After a restart the record is gone; the shown text is the next best thing.
        ...(record ?? { answer: msg && 'text' in msg ? msg.text : undefined }),
      },
      'feedback',
    );
    await ctx.answerCallbackQuery({ text: ctx.t.thanks });
  });
  return c;
}
