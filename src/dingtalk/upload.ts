/**
 * Report files (PDF, Word, text) an admin sends the robot in a private chat: checked by the upload service before
 * anything is downloaded, downloaded (within MAX_UPLOAD_MB), then read, saved and indexed by the service
 * (src/app/uploads.ts). A robot cannot edit its replies, so the chat gets "downloading", "read: N articles,
 * indexing" (and "queued" when another import runs) and the result as separate messages; indexing progress is not
 * sent. Anyone else gets the polite "only admins can add reports". Texts are every front end's.
 */
import { precheckUpload, type UploadService, type Uploader } from '../app/uploads.js';
import type { Logger } from '../log.js';
import { dingtalkNotice, type DingtalkMessage } from '../present/dingtalk.js';
import { UPLOAD_TEXTS as uploadTexts, uploadEventText, uploadResultText } from '../present/upload-texts.js';
import { TooLargeError } from '../shared/download.js';
import { correlationId, logFailure } from '../shared/errors.js';
import type { Lang } from '../types.js';
import { DownloadPermissionError, type FileDownloader } from './files.js';
import { dingtalkTexts } from './texts.js';

export interface DingtalkUploads {
  /** Staff userIds (senderStaffId) allowed to add reports. */
  admins: readonly string[];
  files: FileDownloader;
  /** Where files go; unset: uploads are off. */
  service?: UploadService;
}

export interface ReportFile {
  senderStaffId: string | undefined;
  robotCode: string;
  downloadCode: string;
  fileName: string;
}

export async function receiveReport(
  f: ReportFile,
  deps: { log: Logger; uploads: DingtalkUploads | undefined; send(body: DingtalkMessage): Promise<void> },
  lang: Lang = 'zh',
): Promise<void> {
  const { log, uploads } = deps;
  const t = uploadTexts[lang];
  const say = (text: string) => deps.send(dingtalkNotice(text, text.split('\n')[0] ?? text));
  const who: Uploader = {
    frontEnd: 'dingtalk',
    userId: f.senderStaffId ?? '',
    admin: f.senderStaffId !== undefined && (uploads?.admins.includes(f.senderStaffId) ?? false),
  };
  const service = uploads?.service;
  const refused = precheckUpload(service, f.fileName, who);
  if (refused || !service || !uploads) return say(uploadResultText(refused ?? { kind: 'unavailable' }, lang));

  await say(t.downloading(f.fileName));
  let bytes: Buffer;
  try {
    bytes = await uploads.files.download(f.downloadCode, f.robotCode, service.maxBytes);
  } catch (err) {
    if (err instanceof TooLargeError)
      return say(
        uploadResultText({ kind: 'too-large', size: err.size ?? err.limit + 1, limit: err.limit }, lang),
      );
    if (err instanceof DownloadPermissionError) {
      log.warn({ platform: 'dingtalk', err: err.message }, 'dingtalk: file download refused (permission)');
      return say(dingtalkTexts(lang).noFilePermission);
    }
    const id = correlationId();
    logFailure(log, undefined, id, err, { platform: 'dingtalk', event: 'upload-download' });
    return say(t.downloadFailed(id));
  }
  // Messages go out in order; one that fails is logged and the import goes on.
  let said: Promise<void> = Promise.resolve();
  const result = await service.add({ bytes, name: f.fileName, who }, (e) => {
    if (e.kind === 'progress') return;
    said = said
      .then(() => say(uploadEventText(e, lang)))
      .catch((err: unknown) =>
        log.warn({ platform: 'dingtalk', err: String(err) }, 'dingtalk: upload progress not sent'),
      );
  });
  await said;
  return say(uploadResultText(result, lang));
}
