/** /summary <地名> → a cited summary; /summary alone → the places as paginated buttons. */
import { Composer } from 'grammy';
import { conversationKey, isGroup } from '../address.js';
import { deliverAnswer } from '../answer-flow.js';
import type { BotContext } from '../context.js';
import { placesKeyboard } from '../keyboards.js';
import type { BotServices } from '../services.js';

export function summary(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();

  c.command('summary', async (ctx) => {
    const msg = ctx.message;
    if (!msg) return;
    const place = ctx.match.trim();
    if (place !== '') {
      await s.inflight.track(
        deliverAnswer(ctx, s, {
          question: '',
          place,
          chatId: msg.chat.id,
          replyTo: msg.message_id,
          group: isGroup(msg.chat.type),
          convKey: conversationKey(msg, s.convs),
        }),
      );
      return;
    }
    const places = await s.qa.places();
    if (places.length === 0) {
      await ctx.reply(ctx.t.noPlaces);
      return;
    }
    await ctx.reply(ctx.t.choosePlace, {
      reply_markup: placesKeyboard(places, 0, s.codec),
      reply_parameters: { message_id: msg.message_id, allow_sending_without_reply: true },
    });
  });

  c.callbackQuery(/^pl:/, async (ctx) => {
    const action = s.codec.decode(ctx.callbackQuery.data);
    await ctx.answerCallbackQuery();
    if (action?.kind !== 'places') return;
    const places = await s.qa.places();
    await ctx
      .editMessageReplyMarkup({ reply_markup: placesKeyboard(places, action.page, s.codec) })
      .catch((e) => {
        // Tapping the current page number changes nothing; Telegram reports that as an error.
        s.log.debug({ err: String(e) }, 'places page unchanged');
      });
  });

  c.callbackQuery(/^sum:/, async (ctx) => {
    const action = s.codec.decode(ctx.callbackQuery.data);
    await ctx.answerCallbackQuery();
    const msg = ctx.callbackQuery.message;
    if (action?.kind !== 'summary' || !msg) return;
    await s.inflight.track(
      deliverAnswer(ctx, s, {
        question: '',
        place: action.place,
        chatId: msg.chat.id,
        replyTo: msg.message_id,
        group: isGroup(msg.chat.type),
        convKey: isGroup(msg.chat.type) ? `g:${msg.chat.id}:${msg.message_id}` : `p:${msg.chat.id}`,
      }),
    );
  });
  return c;
}
