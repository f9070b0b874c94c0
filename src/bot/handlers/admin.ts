/** Admin-only commands (ADMIN_USER_IDS): /stats and /reindex with progress edited into one message. */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { correlationId, logFailure } from '../../shared/errors.js';
import type { BotServices } from '../services.js';
import { statusMessage } from '../status-message.js';
import { dayOf } from '../state.js';

/** Progress edits are throttled like streaming: one message, edited at most this often. */

export function admin(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  const isAdmin = (ctx: BotContext) => ctx.from !== undefined && s.adminIds.includes(ctx.from.id);

  c.command('stats', async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(ctx.t.adminOnly));
    const [stats, usage] = await Promise.all([s.qa.stats(), s.state.usage(dayOf(s.now()))]);
    await ctx.reply(ctx.t.stats(stats, usage));
  });

  c.command('reindex', async (ctx) => {
    if (!isAdmin(ctx)) return void (await ctx.reply(ctx.t.adminOnly));
    const reindex = s.reindex;
    if (!reindex) return void (await ctx.reply(ctx.t.reindexUnavailable));
    if (s.reindexing) return void (await ctx.reply(ctx.t.reindexBusy));
    s.reindexing = true;
    const chatId = ctx.chat.id;
    const status = await ctx.reply(
      ctx.t.reindexProgress({ phase: 'read', filesDone: 0, articles: 0, chunks: 0 }),
    );
    const { show, progress, settled } = statusMessage(ctx.api, chatId, status.message_id, s.log);
    const run = async () => {
      try {
        const summary = await reindex((p) => progress(ctx.t.reindexProgress(p)));
        show(ctx.t.reindexDone(summary));
        s.log.info({ event: 'reindex', ...summary, skipped: summary.skipped.length }, 'reindex done');
      } catch (e) {
        const id = correlationId();
        logFailure(s.log, s.token, id, e, { event: 'reindex' });
        show(ctx.t.reindexFailed(id));
      } finally {
        s.reindexing = false;
        await settled();
      }
    };
    await s.inflight.track(run());
  });
  return c;
}
