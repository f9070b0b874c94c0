/**
 * 👍/👎 under an answer: stored (so /stats counts it, across restarts and instances) and logged with the question,
 * the answer and its sources, for later review.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import type { BotServices } from '../services.js';
import { dayOf } from '../state.js';

export function feedback(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.callbackQuery(/^fb:/, async (ctx) => {
    const action = s.codec.decode(ctx.callbackQuery.data);
    if (action?.kind !== 'feedback') return ctx.answerCallbackQuery();
    const record = await s.state.answerFor(action.key).catch((e: unknown) => {
      s.log.warn({ err: String(e) }, 'feedback record unavailable');
      return undefined;
    });
    await s.state
      .vote(action.key, action.vote, ctx.from.id, dayOf(s.now()))
      .catch((e: unknown) => s.log.warn({ err: String(e) }, 'could not store the vote'));
    const msg = ctx.callbackQuery.message;
    s.log.info(
      {
        event: 'feedback',
        vote: action.vote,
        chatId: msg?.chat.id,
        messageId: msg?.message_id,
        // A record that is gone (or an old in-memory one): the shown text is the next best thing.
        ...(record ?? { answer: msg && 'text' in msg ? msg.text : undefined }),
      },
      'feedback',
    );
    await ctx.answerCallbackQuery({ text: ctx.t.thanks });
  });
  return c;
}
