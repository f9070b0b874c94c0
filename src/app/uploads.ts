/**
 * The one upload service every front end gets (FrontEndDeps.uploads): a report file's bytes, its name and who sent
 * it → checked (admin, kind of file, size), read once to say what it holds, saved in the uploads folder and
 * indexed, with progress events → a result the front end renders. Front ends only download and show progress;
 * none of them touches `ingest/`.
 *
 * One queue per process: an import (an upload or an admin re-index) from any front end waits for the one running,
 * because two ingests over the same folders at once would index the same files twice and race on the manifest.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inputKind } from '../../ingest/read.js';
import { inspectReport, uploadName, uploadsDir } from '../../ingest/upload.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { correlationId, logFailure } from '../shared/errors.js';
import type {
  IngestProgress,
  IngestSummary,
  Uploader,
  UploadEvent,
  UploadRefusal,
  UploadResult,
} from '../types.js';

export type { Uploader, UploadEvent, UploadRefusal, UploadResult };

export interface UploadRequest {
  bytes: Buffer;
  /** The name the user gave the file (shown back to them; never used as a path). */
  name: string;
  who: Uploader;
}

export type Reindex = (onProgress?: (p: IngestProgress) => void) => Promise<IngestSummary>;

export interface UploadService {
  /** The size cap (MAX_UPLOAD_MB): front ends stop downloads past it. */
  readonly maxBytes: number;
  /** Before downloading: may this person add a file of this name (and declared size)? Undefined = yes. */
  precheck(name: string, who: Uploader, size?: number): UploadRefusal | undefined;
  /** Checks again, waits its turn, reads, saves and indexes the file. Never throws. */
  add(req: UploadRequest, onEvent?: (e: UploadEvent) => void): Promise<UploadResult>;
  /** Re-indexes all reports (admin /reindex) in the same queue as uploads. */
  reindex: Reindex;
  /** Imports running or waiting. */
  readonly pending: number;
}

export interface UploadServiceOptions {
  /** The uploads folder (covered by every re-index). */
  dir: string;
  maxBytes: number;
  /** The re-index of reports folder + uploads folder (the core's). */
  reindex: Reindex;
  log: Logger;
}

/** The name shown back to the user: its last path part, without control characters, at most 120 characters. */
export function shownName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const clean = [...last]
    .filter((ch) => ch >= ' ' && ch !== '\u007f')
    .join('')
    .trim();
  return clean.slice(-120) || 'report';
}

/** The same refusal for a front end that has no upload service (tests, a front end started alone). */
export function precheckUpload(
  service: UploadService | undefined,
  name: string,
  who: Uploader,
  size?: number,
): UploadRefusal | undefined {
  if (!who.admin) return { kind: 'admin-only' };
  if (!service) return { kind: 'unavailable' };
  return service.precheck(name, who, size);
}

export function createUploadService(o: UploadServiceOptions): UploadService {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;

  /** Runs `job` after every import queued before it; `onQueued` hears how many are ahead. */
  const inTurn = <T>(job: () => Promise<T>, onQueued?: (ahead: number) => void): Promise<T> => {
    const ahead = pending;
    pending++;
    if (ahead > 0) onQueued?.(ahead);
    const run = tail.then(job);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run.finally(() => pending--);
  };

  const precheck = (name: string, who: Uploader, size?: number): UploadRefusal | undefined => {
    if (!who.admin) return { kind: 'admin-only' };
    const shown = shownName(name);
    if (inputKind(shown) !== 'page') return { kind: 'file-kind', name: shown };
    if (size !== undefined && size > o.maxBytes) return { kind: 'too-large', size, limit: o.maxBytes };
    return undefined;
  };

  const importFile = async (
    bytes: Buffer,
    name: string,
    who: Uploader,
    onEvent: (e: UploadEvent) => void,
  ): Promise<UploadResult> => {
    const kept = uploadName(name);
    const staging = path.join(o.dir, '.incoming', kept);
    try {
      await mkdir(path.dirname(staging), { recursive: true });
      await writeFile(staging, bytes);
      const check = await inspectReport(staging, name);
      if (check.articles.length === 0) {
        return { kind: 'unreadable', name, reasons: check.skipped.length > 0 ? check.skipped : ['—'] };
      }
      onEvent({ kind: 'found', check });
      await rename(staging, path.join(o.dir, kept));
      try {
        const summary = await o.reindex((progress) => onEvent({ kind: 'progress', progress }));
        o.log.info(
          {
            event: 'upload',
            frontEnd: who.frontEnd,
            user: who.userId,
            file: name,
            articles: check.articles.length,
          },
          'report uploaded',
        );
        return { kind: 'done', check, summary };
      } catch (e) {
        const ref = correlationId();
        logFailure(o.log, undefined, ref, e, { event: 'upload-index', frontEnd: who.frontEnd, file: name });
        return { kind: 'failed', ref, saved: true };
      }
    } finally {
      await rm(staging, { force: true }).catch(() => undefined);
    }
  };

  return {
    maxBytes: o.maxBytes,
    precheck,
    get pending() {
      return pending;
    },
    async add(req, onEvent = () => undefined) {
      const refused = precheck(req.name, req.who, req.bytes.length);
      if (refused) return refused;
      const name = shownName(req.name);
      // A front end's progress renderer failing must not fail the import.
      const emit = (e: UploadEvent) => {
        try {
          onEvent(e);
        } catch (err) {
          o.log.warn({ frontEnd: req.who.frontEnd, err: String(err) }, 'upload progress not shown');
        }
      };
      try {
        return await inTurn(
          () => importFile(req.bytes, name, req.who, emit),
          (ahead) => emit({ kind: 'queued', ahead }),
        );
      } catch (e) {
        // Saving failed (disk full, folder not writable): nothing was kept.
        const ref = correlationId();
        logFailure(o.log, undefined, ref, e, {
          event: 'upload-save',
          frontEnd: req.who.frontEnd,
          file: name,
        });
        return { kind: 'failed', ref, saved: false };
      }
    },
    reindex: (onProgress) => inTurn(() => o.reindex(onProgress)),
  };
}

/** The service `npm start` gives every front end: DATA_DIR/uploads, MAX_UPLOAD_MB, the core's re-index. */
export function uploadServiceFor(
  cfg: Pick<Config, 'DATA_DIR' | 'MAX_UPLOAD_MB'>,
  reindex: Reindex,
  log: Logger,
): UploadService {
  return createUploadService({
    dir: uploadsDir(cfg),
    maxBytes: cfg.MAX_UPLOAD_MB * 1024 * 1024,
    reindex,
    log,
  });
}
