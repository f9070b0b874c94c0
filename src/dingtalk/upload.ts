/**
 * Report files (PDF, Word, text) an admin sends the robot in a private chat: downloaded (within MAX_UPLOAD_MB),
 * read, kept in the uploads folder and indexed (ingest/upload.ts). A robot cannot edit its replies, so the chat
 * gets "downloading", "read: N articles, indexing" and the result as separate messages. Anyone else gets the
 * polite "only admins can add reports". Texts are the Telegram handler's, so every front end says the same.
 */
import type { IngestProgress, IngestSummary } from '../../ingest/types.js';
import { inputKind } from '../../ingest/read.js';
import { addReport, TooLargeError, uploadName } from '../../ingest/upload.js';
import { UPLOAD_TEXTS as uploadTexts } from '../present/upload-texts.js';
import { correlationId, logFailure } from '../shared/errors.js';
import type { Logger } from '../log.js';
import { dingtalkNotice, type DingtalkMessage } from '../present/dingtalk.js';
import type { Lang } from '../types.js';
import { DownloadPermissionError, type FileDownloader } from './files.js';
import { dingtalkTexts } from './texts.js';

export interface DingtalkUploads {
  /** Staff userIds (senderStaffId) allowed to add reports. */
  admins: readonly string[];
  /** The uploads folder. */
  dir: string;
  maxBytes: number;
  files: FileDownloader;
  /** Re-indexes the reports; unset: uploads are off. */
  reindex?: (onProgress?: (p: IngestProgress) => void) => Promise<IngestSummary>;
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
  if (!uploads || !f.senderStaffId || !uploads.admins.includes(f.senderStaffId)) return say(t.adminOnly);
  const reindex = uploads.reindex;
  if (!reindex) return say(t.unavailable);
  if (inputKind(f.fileName) !== 'page') return say(t.kind(f.fileName));

  await say(t.downloading(f.fileName));
  let bytes: Buffer;
  try {
    bytes = await uploads.files.download(f.downloadCode, f.robotCode, uploads.maxBytes);
  } catch (err) {
    if (err instanceof TooLargeError)
      return say(t.tooLarge(err.size ?? uploads.maxBytes + 1, uploads.maxBytes));
    if (err instanceof DownloadPermissionError) {
      log.warn({ platform: 'dingtalk', err: err.message }, 'dingtalk: file download refused (permission)');
      return say(dingtalkTexts(lang).noFilePermission);
    }
    const id = correlationId();
    logFailure(log, undefined, id, err, { platform: 'dingtalk', event: 'upload-download' });
    return say(t.downloadFailed(id));
  }
  let found: Promise<void> = Promise.resolve();
  const added = await addReport(bytes, f.fileName, {
    dir: uploads.dir,
    keptName: uploadName(f.fileName),
    reindex,
    onFound: (check) => {
      found = say(t.found(check)).catch((e: unknown) =>
        log.warn({ platform: 'dingtalk', err: String(e) }, 'dingtalk: upload progress not sent'),
      );
    },
  });
  await found;
  if (added.kind === 'busy') return say(t.busy);
  if (added.kind === 'unreadable') return say(t.unreadable(f.fileName, added.reasons));
  if (added.kind === 'done') {
    log.info(
      { platform: 'dingtalk', event: 'upload', file: f.fileName, articles: added.check.articles.length },
      'report uploaded',
    );
    return say(t.done(added.check, added.summary));
  }
  const id = correlationId();
  logFailure(log, undefined, id, added.error, { platform: 'dingtalk', event: 'upload-index' });
  return say(t.failed(id));
}
