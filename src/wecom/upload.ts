/**
 * Report files (PDF, Word, text) an admin sends the robot in a private chat: downloaded and decrypted (within
 * MAX_UPLOAD_MB), then read, saved and indexed by the upload service (src/app/uploads.ts). The progress is one
 * stream reply that grows in place ("正在下载" → "已读取 … 正在编入索引" → the result). WeCom says the file's name only
 * with the download, so the kind of file is checked after it. Anyone else gets "only admins can add reports".
 */
import { precheckUpload, type UploadService, type Uploader } from '../app/uploads.js';
import type { Logger } from '../log.js';
import { UPLOAD_TEXTS as uploadTexts, uploadEventText, uploadResultText } from '../present/upload-texts.js';
import { wecomPartialMarkdown } from '../present/wecom.js';
import { TooLargeError } from '../shared/download.js';
import { correlationId, logFailure } from '../shared/errors.js';
import type { Lang } from '../types.js';
import type { FileDownloader } from './files.js';
import type { FrameRef } from './message.js';
import type { WecomTransport } from './transport.js';

export interface WecomUploads {
  /** userids allowed to add reports. */
  admins: readonly string[];
  download: FileDownloader;
  /** Where files go; unset: uploads are off. */
  service?: UploadService;
}

export interface ReportFile {
  ref: FrameRef;
  userId: string;
  url: string;
  aesKey?: string;
}

export async function receiveReport(
  f: ReportFile,
  deps: { log: Logger; uploads: WecomUploads | undefined; transport: WecomTransport; streamId: string },
  lang: Lang = 'zh',
): Promise<void> {
  const { log, uploads, transport } = deps;
  const t = uploadTexts[lang];
  const frame = (content: string, finish: boolean) => ({
    msgtype: 'stream',
    stream: { id: deps.streamId, finish, content: wecomPartialMarkdown(content) },
  });
  const show = (text: string) => transport.replyIfIdle(f.ref, frame(text, false));
  const end = (text: string) => transport.reply(f.ref, frame(text, true));
  const who: Uploader = {
    frontEnd: 'wecom',
    userId: f.userId,
    admin: uploads?.admins.includes(f.userId) ?? false,
  };
  const service = uploads?.service;
  // The name is not known before the download: only who may send files, and whether uploads are on, is checked.
  const refused = precheckUpload(service, 'report.txt', who);
  if (refused || !service || !uploads) return end(uploadResultText(refused ?? { kind: 'unavailable' }, lang));

  await show(t.downloading(lang === 'en' ? 'the file' : '文件'));
  let file;
  try {
    file = await uploads.download(f.url, f.aesKey, service.maxBytes);
  } catch (err) {
    if (err instanceof TooLargeError)
      return end(
        uploadResultText({ kind: 'too-large', size: err.size ?? err.limit + 1, limit: err.limit }, lang),
      );
    const id = correlationId();
    logFailure(log, undefined, id, err, { platform: 'wecom', event: 'upload-download' });
    return end(t.downloadFailed(id));
  }
  let shown: Promise<void> = Promise.resolve();
  const result = await service.add({ bytes: file.bytes, name: file.name, who }, (e) => {
    shown = shown.then(() => show(uploadEventText(e, lang)));
  });
  await shown;
  return end(uploadResultText(result, lang));
}
