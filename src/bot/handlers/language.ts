/** Picks the reply language for this update from what the user wrote, else their Telegram language. */
import type { NextFunction } from 'grammy';
import { detectLang } from '../../present/lang.js';
import { texts } from '../../present/texts.js';
import type { BotContext } from '../context.js';

export async function language(ctx: BotContext, next: NextFunction): Promise<void> {
  const written = ctx.msg?.text ?? ctx.msg?.caption ?? ctx.inlineQuery?.query;
  // A deep link's payload (`/start sum_5rex…`) is encoded, not words the user wrote.
  const words = written?.replace(/^\/start(@\S+)?\s+\S+$/, '/start');
  ctx.lang = detectLang(words, ctx.from?.language_code);
  ctx.t = texts(ctx.lang);
  await next();
}
