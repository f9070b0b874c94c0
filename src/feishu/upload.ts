/**
 * Report files (PDF, Word, text) an admin sends the bot in a private chat: checked by the upload service before
 * anything is downloaded, downloaded through the message resource API (within MAX_UPLOAD_MB), then read, saved and
 * indexed by the service (src/app/uploads.ts), with its events and result in one card updated in place. Anyone
 * else gets the polite "only admins can add reports". Texts are every front end's (present/upload-texts.ts).
 */
import { precheckUpload, type UploadService, type Uploader } from '../app/uploads.js';
import type { Logger } from '../log.js';
import { noticeCard } from '../present/feishu-card.js';
import { UPLOAD_TEXTS as uploadTexts, uploadEventText, uploadResultText } from '../present/upload-texts.js';
import { TooLargeError } from '../shared/download.js';
import { correlationId } from '../shared/errors.js';
import type { Lang } from '../types.js';
import type { FeishuApi } from './api.js';
import { describe } from './retry.js';

const PROGRESS_EDIT_MS = 2000;

export interface FeishuUploads {
  /** open_ids allowed to add reports. */
  admins: readonly string[];
  /** Where files go; unset: uploads are off. */
  service?: UploadService;
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
  const who: Uploader = {
    frontEnd: 'feishu',
    userId: f.senderId ?? '',
    admin: f.senderId !== undefined && (uploads?.admins.includes(f.senderId) ?? false),
  };
  const service = uploads?.service;
  const refused = precheckUpload(service, f.fileName, who);
  if (refused || !service)
    return void (await say(uploadResultText(refused ?? { kind: 'unavailable' }, lang)));

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
      bytes = await api.downloadFile(f.messageId, f.fileKey, service.maxBytes);
    } catch (err) {
      if (err instanceof TooLargeError)
        return show(
          uploadResultText({ kind: 'too-large', size: err.size ?? err.limit + 1, limit: err.limit }, lang),
        );
      const id = correlationId();
      log.error({ ...context, correlationId: id, err: describe(err) }, 'feishu file download failed');
      return show(t.downloadFailed(id));
    }
    let lastEdit = Date.now();
    const result = await service.add({ bytes, name: f.fileName, who }, (e) => {
      if (e.kind === 'progress') {
        if (Date.now() - lastEdit < PROGRESS_EDIT_MS) return;
        lastEdit = Date.now();
      }
      show(uploadEventText(e, lang));
    });
    show(uploadResultText(result, lang));
  } finally {
    await updating;
  }
}
