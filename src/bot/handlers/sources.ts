/**
 * Source buttons: open the cited paragraph (looked up in the store by article id + number, so buttons keep
 * working after a restart) as a quote, with previous/next buttons that page through the article in place.
 */
import { Composer } from 'grammy';
import { formatParagraph } from '../../present/telegram.js';
import type { BotContext } from '../context.js';
import { paragraphKeyboard } from '../keyboards.js';
import { editFormatted, sendFormatted } from '../send.js';
import type { BotServices } from '../services.js';

/** Sends paragraph `n` of an article as a new message; false when it no longer exists. */
export async function sendParagraph(
  ctx: BotContext,
  s: BotServices,
  chatId: number,
  articleId: string,
  n: number,
  replyTo?: number,
): Promise<boolean> {
  const view = await s.qa.paragraph(articleId, n);
  if (!view) return false;
  const kb = paragraphKeyboard(view, s.codec, ctx.t);
  await sendFormatted(ctx.api, chatId, formatParagraph(view, ctx.t), {
    ...(kb ? { keyboard: kb } : {}),
    ...(replyTo !== undefined ? { replyTo } : {}),
  });
  return true;
}

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
    const text = formatParagraph(view, ctx.t);
    const kb = paragraphKeyboard(view, s.codec, ctx.t);
    const o = kb ? { keyboard: kb } : {};
    if (action.edit) await editFormatted(ctx.api, msg.chat.id, msg.message_id, text, o);
    else await sendFormatted(ctx.api, msg.chat.id, text, { ...o, replyTo: msg.message_id });
  });
  return c;
}
