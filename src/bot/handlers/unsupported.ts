/** Stickers, photos, voice and the like: a short explanation instead of silence (groups: only when replied to). */
import { Composer } from 'grammy';
import { isGroup } from '../address.js';
import type { BotContext } from '../context.js';

export function unsupported(): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.on(
    [
      'message:sticker',
      'message:photo',
      'message:voice',
      'message:video',
      'message:video_note',
      'message:audio',
      'message:document',
      'message:animation',
      'message:location',
      'message:contact',
      'message:poll',
    ],
    async (ctx) => {
      if (isGroup(ctx.chat.type) && ctx.message.reply_to_message?.from?.id !== ctx.me.id) return;
      await ctx.reply(ctx.t.unsupported, {
        reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
      });
    },
  );
  return c;
}
