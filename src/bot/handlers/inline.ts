/** Inline mode (`@bot 关键词` in any chat): matching paragraphs; choosing one posts the quote with its citation. */
import { Composer } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import type { BotContext } from '../context.js';
import { formatQuote } from '../format.js';
import type { BotServices } from '../services.js';

export const INLINE_RESULTS = 10;

export function inline(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim().slice(0, s.opts.maxQuestionChars);
    if (query === '') {
      await ctx.answerInlineQuery([], { cache_time: 0 });
      return;
    }
    const hits = await s.qa.search(query, INLINE_RESULTS);
    const results: InlineQueryResultArticle[] = hits.map((c, i) => ({
      type: 'article',
      id: `${i}:${c.pointId}`.slice(0, 64),
      title: `《${c.title}》${ctx.t.paragraphLabel(c.paragraphs)}`,
      description: (c.quote ?? c.paragraphTexts.join(' ')).slice(0, 200),
      input_message_content: {
        message_text: formatQuote(c, ctx.t),
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
      },
    }));
    await ctx.answerInlineQuery(results, { cache_time: 30, is_personal: false });
  });
  return c;
}
