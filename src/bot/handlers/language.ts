/** Picks the reply language for this update from what the user wrote, else their Telegram language. */
import type { NextFunction } from 'grammy';
import type { BotContext } from '../context.js';
import { detectLang } from '../../present/lang.js';
import { texts } from '../../present/texts.js';

export async function language(ctx: BotContext, next: NextFunction): Promise<void> {
  const written = ctx.msg?.text ?? ctx.msg?.caption ?? ctx.inlineQuery?.query;
  ctx.lang = detectLang(written, ctx.from?.language_code);
  ctx.t = texts(ctx.lang);
  await next();
}
