/**
 * Source buttons: open the cited paragraph (looked up in the store by article id + number, so buttons keep
 * working after a restart) as a quote, with previous/next buttons that page through the article in place.
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { formatParagraph } from '../format.js';
import { paragraphKeyboard } from '../keyboards.js';
import { editHtml, sendHtml } from '../send.js';
import type { BotServices } from '../services.js';

export function sources(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.callbackQuery(/^(src|par)[:~]/, async (ctx) => {
    const action = s.codec.decode(ctx.callbackQuery.data);
    const view = action?.kind === 'source' ? await s.qa.paragraph(action.articleId, action.n) : undefined;
    const msg = ctx.callbackQuery.message;
    if (!view || action?.kind !== 'source' || !msg) {
      await ctx.answerCallbackQuery({ text: ctx.t.sourceGone, show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const html = formatParagraph(view, ctx.t);
    const kb = paragraphKeyboard(view, s.codec, ctx.t);
    const o = kb ? { keyboard: kb } : {};
    if (action.edit) await editHtml(ctx.api, msg.chat.id, msg.message_id, html, o);
    else await sendHtml(ctx.api, msg.chat.id, html, { ...o, replyTo: msg.message_id });
  });
  return c;
}
