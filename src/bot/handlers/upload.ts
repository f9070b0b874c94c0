/**
 * Reports sent to the bot as files (PDF, Word, text) in a private chat by an admin: checked, downloaded (getFile,
 * within the size limit), read once to tell the admin what is in it — or why it cannot be read — then saved in the
 * uploads folder and indexed with the rest (progress in one edited message), so it can be asked about at once.
 * Anyone else gets a polite "only admins can add reports". Documents in groups are left to the other handlers.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Composer } from 'grammy';
import type { Document } from 'grammy/types';
import { inputKind } from '../../../ingest/read.js';
import { inspectReport, uploadName } from '../../../ingest/upload.js';
import { UPLOAD_TEXTS as TEXTS } from '../../present/upload-texts.js';
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
    if (!s.adminIds.includes(ctx.from.id)) return void (await reply(t.adminOnly));
    const cfg = s.uploads;
    const reindex = s.reindex;
    if (!cfg || !reindex) return void (await reply(t.unavailable));
    const doc: Document = ctx.message.document;
    const name = doc.file_name ?? 'report';
    if (inputKind(name) !== 'page') return void (await reply(t.kind(name)));
    const limit = cfg.maxBytes;
    if ((doc.file_size ?? 0) > limit) return void (await reply(t.tooLarge(doc.file_size ?? 0, limit)));
    if (s.reindexing) return void (await reply(t.busy));
    s.reindexing = true;
    const status = await reply(t.downloading(name));
    const chatId = ctx.chat.id;
    const { show, progress, settled } = statusMessage(ctx.api, chatId, status.message_id, s.log);
    const run = async (): Promise<void> => {
      const staging = path.join(cfg.dir, '.incoming', uploadName(name));
      try {
        let bytes: Buffer;
        try {
          bytes = await download(ctx, doc.file_id, s.token, cfg.apiRoot, limit);
        } catch (e) {
          const id = correlationId();
          logFailure(s.log, s.token, id, e, { event: 'upload-download' });
          return show(t.downloadFailed(id));
        }
        await mkdir(path.dirname(staging), { recursive: true });
        await writeFile(staging, bytes);
        const check = await inspectReport(staging, name);
        if (check.articles.length === 0) {
          await rm(staging, { force: true });
          return show(t.unreadable(name, check.skipped.length > 0 ? check.skipped : ['—']));
        }
        show(t.found(check));
        await rename(staging, path.join(cfg.dir, path.basename(staging)));
        try {
          const summary = await reindex((p) => progress(t.progress(p)));
          show(t.done(check, summary));
          s.log.info({ event: 'upload', file: name, articles: check.articles.length }, 'report uploaded');
        } catch (e) {
          const id = correlationId();
          logFailure(s.log, s.token, id, e, { event: 'upload-index' });
          show(t.failed(id));
        }
      } finally {
        await rm(staging, { force: true }).catch(() => undefined);
        s.reindexing = false;
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
