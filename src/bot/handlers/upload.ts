/**
 * Reports sent to the bot as files (PDF, Word, text) in a private chat by an admin: checked by the upload service
 * before anything is downloaded, downloaded (getFile, within the size limit), then handed to the service, which
 * reads, saves and indexes it (src/app/uploads.ts); its events and result are edited into one status message.
 * Anyone else gets a polite "only admins can add reports". Documents in groups are left to the other handlers.
 */
import { Composer } from 'grammy';
import type { Document } from 'grammy/types';
import { precheckUpload, type Uploader } from '../../app/uploads.js';
import { UPLOAD_TEXTS as TEXTS, uploadEventText, uploadResultText } from '../../present/upload-texts.js';
import type { BotContext } from '../context.js';
import { correlationId, logFailure } from '../../shared/errors.js';
import type { BotServices } from '../services.js';
import { statusMessage } from '../status-message.js';

export function uploads(s: BotServices): Composer<BotContext> {
  const c = new Composer<BotContext>();
  c.chatType('private').on('message:document', async (ctx) => {
    const t = TEXTS[ctx.lang];
    const reply = (text: string) =>
      ctx.reply(text, {
        reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true },
      });
    const who: Uploader = {
      frontEnd: 'telegram',
      userId: String(ctx.from.id),
      admin: s.adminIds.includes(ctx.from.id),
    };
    const doc: Document = ctx.message.document;
    const name = doc.file_name ?? 'report';
    const service = s.uploads?.service;
    const refused = precheckUpload(service, name, who, doc.file_size);
    if (refused || !service)
      return void (await reply(uploadResultText(refused ?? { kind: 'unavailable' }, ctx.lang)));
    const status = await reply(t.downloading(name));
    const { show, progress, settled } = statusMessage(ctx.api, ctx.chat.id, status.message_id, s.log);
    const run = async (): Promise<void> => {
      try {
        let bytes: Buffer;
        try {
          bytes = await download(ctx, doc.file_id, s.token, s.uploads?.apiRoot ?? '', service.maxBytes);
        } catch (e) {
          const id = correlationId();
          logFailure(s.log, s.token, id, e, { event: 'upload-download' });
          return show(t.downloadFailed(id));
        }
        const result = await service.add({ bytes, name, who }, (e) =>
          e.kind === 'progress' ? progress(uploadEventText(e, ctx.lang)) : show(uploadEventText(e, ctx.lang)),
        );
        show(uploadResultText(result, ctx.lang));
      } finally {
        await settled();
      }
    };
    await s.inflight.track(run());
  });
  return c;
}

/** getFile, then the file itself from the Bot API file endpoint; refuses more than `limit` bytes. */
async function download(
  ctx: BotContext,
  fileId: string,
  token: string | undefined,
  apiRoot: string,
  limit: number,
): Promise<Buffer> {
  const file = await ctx.api.getFile(fileId);
  if (!file.file_path) throw new Error('getFile returned no file_path');
  if ((file.file_size ?? 0) > limit) throw new Error(`file of ${file.file_size} bytes over the limit`);
  const res = await fetch(`${apiRoot}/file/bot${token ?? ''}/${file.file_path}`, {
    signal: AbortSignal.timeout(120_000),
  });
  if (!res.ok) throw new Error(`file download failed: HTTP ${res.status}`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > limit) throw new Error(`file of ${buf.length} bytes over the limit`);
  return buf;
}
