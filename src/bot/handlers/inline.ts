/**
 * Inline mode (`@bot 关键词` in any chat): matching paragraphs; choosing one posts the quote with its citation and
 * a button that opens the whole paragraph in the private chat with the bot (a `/start` deep link).
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { formatQuote } from '../../present/telegram.js';
import type { BotContext } from '../context.js';
import { startLink } from '../deep-link.js';
import type { BotServices } from '../services.js';

export const INLINE_RESULTS = 10;

export function inline(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim().slice(0, s.opts.maxQuestionChars);
    // Above the results: a way into the private chat for a full question.
    const button = { text: ctx.t.inlineAskPrivately, start_parameter: 'inline' };
    if (query === '') {
      await ctx.answerInlineQuery([], { cache_time: 0, button });
      return;
    }
    const hits = await s.qa.search(query, INLINE_RESULTS);
    const results: InlineQueryResultArticle[] = hits.map((c, i) => {
      const quote = formatQuote(c, ctx.t);
      const link = startLink(ctx.me.username, {
        kind: 'source',
        articleId: c.articleId,
        n: c.paragraphs[0] ?? 1,
      });
      return {
        type: 'article',
        id: `${i}:${c.pointId}`.slice(0, 64),
        title: `《${c.title}》${ctx.t.paragraphLabel(c.paragraphs)}`,
        description: (c.quote ?? c.paragraphTexts.join(' ')).slice(0, 200),
        input_message_content: {
          message_text: quote.text,
          entities: quote.entities,
          link_preview_options: { is_disabled: true },
        },
        ...(link ? { reply_markup: new InlineKeyboard().url(ctx.t.openInBot, link) } : {}),
      };
    });
    await ctx.answerInlineQuery(results, { cache_time: 30, is_personal: false, button });
  });
  return c;
}
