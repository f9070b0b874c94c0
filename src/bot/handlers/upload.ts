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
import { inspectReport, type ReportCheck } from '../../../ingest/upload.js';
import type { IngestProgress, IngestSummary } from '../../../ingest/types.js';
import type { BotContext } from '../context.js';
import { correlationId, logFailure } from '../errors.js';
import type { BotServices } from '../services.js';
import type { Lang } from '../../types.js';

const PROGRESS_EDIT_MS = 2000;

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export const TEXTS = {
  zh: {
    adminOnly: '只有管理员可以添加报道。如需收录这份文件，请联系管理员。',
    unavailable: '这个机器人没有开启文件上传。',
    kind: (name: string) =>
      `暂不支持这种文件：${name}。请发送 PDF、Word（.docx）或文本（.txt .md .html）文件。`,
    tooLarge: (size: number, limit: number) => `文件太大（${mb(size)}），上限 ${mb(limit)}。`,
    busy: '正在导入其他报道，请稍后再发。',
    downloading: (name: string) => `正在下载 ${name} …`,
    unreadable: (name: string, reasons: string[]) =>
      `无法读取 ${name}：\n${reasons.map((r) => `· ${r}`).join('\n')}`,
    found: (c: ReportCheck) =>
      `已读取 ${c.name}：${c.articles.length} 篇报道${c.pages > 0 ? `，${c.pages} 页` : ''}，正在编入索引 …`,
    progress: (p: IngestProgress) =>
      `正在编入索引 … 已处理 ${p.filesDone}${p.filesTotal ? `/${p.filesTotal}` : ''} 个文档`,
    done: (c: ReportCheck, s: IngestSummary) =>
      [
        `✅ 已收录 ${c.name}（用时 ${s.seconds} 秒），现在就可以提问：`,
        ...c.articles
          .slice(0, 10)
          .map((a) => `· 《${a.title}》${a.page ? ` ${a.page}` : ''}（${a.paragraphs} 段）`),
        ...(c.articles.length > 10 ? [`… 共 ${c.articles.length} 篇`] : []),
        ...(c.skipped.length > 0 ? ['未能读取的部分：', ...c.skipped.map((r) => `· ${r}`)] : []),
      ].join('\n'),
    failed: (id: string) => `导入失败，已记录（编号 ${id}）。文件已保存，可稍后用 /reindex 重试。`,
    downloadFailed: (id: string) => `下载文件失败，请稍后再试（编号 ${id}）。`,
  },
  en: {
    adminOnly: 'Only admins can add reports. Please ask an admin to add this file.',
    unavailable: 'File upload is not enabled for this bot.',
    kind: (name: string) =>
      `This kind of file is not supported: ${name}. Send a PDF, Word (.docx) or text file.`,
    tooLarge: (size: number, limit: number) =>
      `The file is too large (${mb(size)}); the limit is ${mb(limit)}.`,
    busy: 'Another import is running; please send it again in a moment.',
    downloading: (name: string) => `Downloading ${name} …`,
    unreadable: (name: string, reasons: string[]) =>
      `Cannot read ${name}:\n${reasons.map((r) => `· ${r}`).join('\n')}`,
    found: (c: ReportCheck) =>
      `Read ${c.name}: ${c.articles.length} article(s)${c.pages > 0 ? `, ${c.pages} page(s)` : ''}; indexing …`,
    progress: (p: IngestProgress) =>
      `Indexing … ${p.filesDone}${p.filesTotal ? `/${p.filesTotal}` : ''} documents`,
    done: (c: ReportCheck, s: IngestSummary) =>
      [
        `✅ Added ${c.name} (${s.seconds} s). Ask away:`,
        ...c.articles
          .slice(0, 10)
          .map((a) => `· 《${a.title}》${a.page ? ` ${a.page}` : ''} (${a.paragraphs} paragraphs)`),
        ...(c.articles.length > 10 ? [`… ${c.articles.length} in all`] : []),
        ...(c.skipped.length > 0 ? ['Parts that could not be read:', ...c.skipped.map((r) => `· ${r}`)] : []),
      ].join('\n'),
    failed: (id: string) => `Import failed and was logged (ref ${id}). The file is saved; /reindex retries.`,
    downloadFailed: (id: string) => `Could not download the file; please try again (ref ${id}).`,
  },
} satisfies Record<Lang, unknown>;

/** A file name safe to keep: no folders, no control characters, a time prefix so re-sent files never collide. */
export function uploadName(original: string, now = new Date()): string {
  // Control characters, path separators and characters Windows forbids are replaced.
  const base =
    [...path.basename(original)]
      .map((ch) => (ch < ' ' || '/\\:*?"<>|'.includes(ch) ? '_' : ch))
      .join('')
      .slice(-120) || 'report';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${stamp}-${base}`;
}

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
    let lastText = '';
    let editing: Promise<unknown> = Promise.resolve();
    const show = (text: string) => {
      if (text === lastText) return;
      lastText = text;
      editing = editing
        .then(() => ctx.api.editMessageText(chatId, status.message_id, text))
        .catch((e: unknown) => s.log.debug({ err: String(e) }, 'upload progress edit failed'));
    };
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
        let lastEdit = Date.now();
        try {
          const summary = await reindex((p) => {
            if (Date.now() - lastEdit < PROGRESS_EDIT_MS) return;
            lastEdit = Date.now();
            show(t.progress(p));
          });
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
        await editing;
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
