/**
 * Report files (PDF, Word, text) an admin sends the bot in a private chat: downloaded through the message
 * resource API (within MAX_UPLOAD_MB), read, kept in the uploads folder and indexed (ingest/upload.ts), with the
 * progress in one card that is updated in place. Anyone else gets the polite "only admins can add reports".
 * Texts are the Telegram handler's, so every front end says the same.
 */
import type { IngestProgress, IngestSummary } from '../../ingest/types.js';
import { inputKind } from '../../ingest/read.js';
import { addReport, TooLargeError, uploadName } from '../../ingest/upload.js';
import { UPLOAD_TEXTS as uploadTexts } from '../present/upload-texts.js';
import { correlationId } from '../shared/errors.js';
import type { Logger } from '../log.js';
import { noticeCard } from '../present/feishu-card.js';
import type { Lang } from '../types.js';
import type { FeishuApi } from './api.js';
import { describe } from './retry.js';

const PROGRESS_EDIT_MS = 2000;

export interface FeishuUploads {
  /** open_ids allowed to add reports. */
  admins: readonly string[];
  /** The uploads folder. */
  dir: string;
  maxBytes: number;
  /** Re-indexes the reports; unset: uploads are off. */
  reindex?: (onProgress?: (p: IngestProgress) => void) => Promise<IngestSummary>;
}

export interface ReportFile {
  messageId: string;
  senderId: string | undefined;
  fileKey: string;
  fileName: string;
}

export async function receiveReport(
  f: ReportFile,
  deps: { api: FeishuApi; log: Logger; uploads: FeishuUploads | undefined },
  lang: Lang = 'zh',
): Promise<void> {
  const { api, log, uploads } = deps;
  const t = uploadTexts[lang];
  const context = { messageId: f.messageId, file: f.fileName };
  const say = (text: string) => api.replyCard(f.messageId, noticeCard(text));
  if (!uploads || !f.senderId || !uploads.admins.includes(f.senderId)) return void (await say(t.adminOnly));
  const reindex = uploads.reindex;
  if (!reindex) return void (await say(t.unavailable));
  if (inputKind(f.fileName) !== 'page') return void (await say(t.kind(f.fileName)));

  const status = await say(t.downloading(f.fileName));
  let last = '';
  let updating: Promise<unknown> = Promise.resolve();
  const show = (text: string) => {
    if (text === last) return;
    last = text;
    updating = updating
      .then(() => api.updateCard(status, noticeCard(text)))
      .catch((err: unknown) => log.warn({ ...context, err: describe(err) }, 'upload status not updated'));
  };
  try {
    let bytes: Buffer;
    try {
      bytes = await api.downloadFile(f.messageId, f.fileKey, uploads.maxBytes);
    } catch (err) {
      if (err instanceof TooLargeError)
        return show(t.tooLarge(err.size ?? uploads.maxBytes + 1, uploads.maxBytes));
      const id = correlationId();
      log.error({ ...context, correlationId: id, err: describe(err) }, 'feishu file download failed');
      return show(t.downloadFailed(id));
    }
    let lastEdit = Date.now();
    const added = await addReport(bytes, f.fileName, {
      dir: uploads.dir,
      keptName: uploadName(f.fileName),
      reindex,
      onFound: (check) => show(t.found(check)),
      onProgress: (p) => {
        if (Date.now() - lastEdit < PROGRESS_EDIT_MS) return;
        lastEdit = Date.now();
        show(t.progress(p));
      },
    });
    if (added.kind === 'busy') return show(t.busy);
    if (added.kind === 'unreadable') return show(t.unreadable(f.fileName, added.reasons));
    if (added.kind === 'done') {
      log.info({ ...context, event: 'upload', articles: added.check.articles.length }, 'report uploaded');
      return show(t.done(added.check, added.summary));
    }
    const id = correlationId();
    log.error({ ...context, correlationId: id, err: describe(added.error) }, 'uploaded report not indexed');
    show(t.failed(id));
  } finally {
    await updating;
  }
}
