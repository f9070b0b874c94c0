/**
 * The one upload service every front end gets (FrontEndDeps.uploads), the web console included: a report file's
 * bytes, its name and who sent it → checked (admin, kind of file, size, content matching its kind), read once to
 * say what it holds, saved in the uploads folder (with who added it, `.uploads.jsonl`) and indexed, with progress
 * events → a result the front end renders. Front ends only download and show progress; none of them touches
 * `ingest/`.
 *
 * One queue per process: an import (an upload, an admin re-index, a removal) from any front end waits for the
 * one running, because two ingests over the same folders at once would index the same files twice and race on the
 * manifest. The web console adds several files as one import: each is checked and read first (`stage`, outside
 * the queue: it touches only a private staging folder), then `commit` keeps them all and indexes once.
 */
import { randomBytes } from 'node:crypto';
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
  ReportCheck,
  Uploader,
  UploadEvent,
  UploadRefusal,
  UploadResult,
} from '../types.js';
import { insideFolders } from './reports.js';
import { UploadLog, type UploadEntry } from './upload-log.js';

export type { Uploader, UploadEvent, UploadRefusal, UploadResult, UploadEntry };

export interface UploadRequest {
  bytes: Buffer;
  /** The name the user gave the file (shown back to them; never used as a path). */
  name: string;
  who: Uploader;
}

export type Reindex = (onProgress?: (p: IngestProgress) => void) => Promise<IngestSummary>;

/** Takes documents (by id) out of the index: their chunks and manifest entries. */
export type Unindex = (docIds: readonly string[]) => Promise<void>;

/** A file checked and read, waiting in the staging folder for `commit`. */
export interface StagedUpload {
  token: string;
  /** The name as sent (display only; never a path). */
  name: string;
  check: ReportCheck;
  who: Uploader;
  /** ms since the epoch. */
  at: number;
}

/** What `stage` says about one file: kept aside (with what it holds), or why not. */
export type StageResult =
  | { kind: 'staged'; staged: StagedUpload }
  | Extract<UploadResult, { kind: UploadRefusal['kind'] | 'content' | 'unreadable' }>
  | { kind: 'failed'; ref: string; saved: false };

/** What `commit` did: all kept and indexed once, not indexed (`saved`: kept for the next re-index), or none waited. */
export type CommitResult =
  | { kind: 'done'; files: StagedUpload[]; summary: IngestSummary }
  | { kind: 'failed'; ref: string; saved: boolean }
  | { kind: 'nothing' };

/** A document to take out: its ids in the store and, when it has one, its file in a reports folder. */
export interface Removal {
  docIds: readonly string[];
  file?: string;
}

export interface UploadService {
  /** The size cap (MAX_UPLOAD_MB): front ends stop downloads past it. */
  readonly maxBytes: number;
  /** Before downloading: may this person add a file of this name (and declared size)? Undefined = yes. */
  precheck(name: string, who: Uploader, size?: number): UploadRefusal | undefined;
  /** Checks again, waits its turn, reads, saves and indexes the file. Never throws. */
  add(req: UploadRequest, onEvent?: (e: UploadEvent) => void): Promise<UploadResult>;
  /** Re-indexes all reports (admin /reindex) in the same queue as uploads. */
  reindex: Reindex;
  /** Checks and reads one file into the staging folder, outside the queue; `commit` indexes it. Never throws. */
  stage(req: UploadRequest): Promise<StageResult>;
  /** The staged files still waiting, of these tokens (unknown or expired ones left out). */
  staged(tokens: readonly string[]): StagedUpload[];
  /** Keeps the staged files in the uploads folder and indexes them once, in the queue. Never throws. */
  commit(tokens: readonly string[], onEvent?: (e: UploadEvent) => void): Promise<CommitResult>;
  /** Deletes a document's file (inside the reports folders only) and takes it out of the index, in the queue. */
  remove(doc: Removal, who: Uploader): Promise<void>;
  /** Who added which file, oldest first. */
  history(): Promise<UploadEntry[]>;
  /** Imports running or waiting. */
  readonly pending: number;
}

export interface UploadServiceOptions {
  /** The uploads folder (covered by every re-index). */
  dir: string;
  maxBytes: number;
  /** The re-index of reports folder + uploads folder (the core's). */
  reindex: Reindex;
  /** Removal from the index (the core's); without it `remove` fails. */
  unindex?: Unindex;
  /** Folders whose files `remove` may delete (the uploads folder always). */
  folders?: readonly string[];
  log: Logger;
  now?: () => Date;
}

/** Staged files not committed within this time (a page closed between the two steps) are dropped. */
const STAGED_FOR_MS = 3_600_000;

/**
 * A file whose bytes are not what its name says is refused before any reader sees it: a .pdf without the PDF
 * signature, a .docx that is no ZIP, a text file with a NUL byte early on (a binary file under a text name;
 * UTF-16 text carries a BOM the reader knows). A .jsonl.gz must be gzip.
 */
export function contentMismatch(name: string, bytes: Buffer): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdf')) return !bytes.subarray(0, 1024).includes('%PDF-');
  if (lower.endsWith('.docx')) return !(bytes[0] === 0x50 && bytes[1] === 0x4b);
  if (lower.endsWith('.gz')) return !(bytes[0] === 0x1f && bytes[1] === 0x8b);
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return !bom16 && bytes.subarray(0, 4096).includes(0);
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
  const now = o.now ?? (() => new Date());
  const history = new UploadLog(o.dir);
  const folders = [o.dir, ...(o.folders ?? [])];
  const incoming = path.join(o.dir, '.incoming');
  const waiting = new Map<string, StagedUpload & { file: string; kept: string }>();
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
    if (inputKind(shown) === undefined) return { kind: 'file-kind', name: shown };
    if (size !== undefined && size > o.maxBytes) return { kind: 'too-large', size, limit: o.maxBytes };
    return undefined;
  };

  /** The checks that need the bytes: everything before a reader sees the file. */
  const check = (
    req: UploadRequest,
  ): Extract<UploadResult, { kind: UploadRefusal['kind'] | 'content' }> | undefined => {
    const refused = precheck(req.name, req.who, req.bytes.length);
    if (refused) return refused;
    const name = shownName(req.name);
    if (contentMismatch(name, req.bytes)) return { kind: 'content', name };
    return undefined;
  };

  /** Writes the file into the staging folder and reads it once; the staged file is deleted when nothing is in it. */
  const readIn = async (req: UploadRequest): Promise<StageResult> => {
    const name = shownName(req.name);
    const token = randomBytes(12).toString('base64url');
    const at = now();
    // uploadName drops folders and characters no file system takes; the token keeps staged files apart.
    const kept = uploadName(name, at);
    const file = path.join(incoming, `${token}-${kept}`);
    await mkdir(incoming, { recursive: true });
    await writeFile(file, req.bytes);
    let read: ReportCheck;
    try {
      read = await inspectReport(file, name);
    } catch (e) {
      await rm(file, { force: true });
      return { kind: 'unreadable', name, reasons: [e instanceof Error ? e.message : String(e)] };
    }
    if (read.articles.length === 0) {
      await rm(file, { force: true });
      return { kind: 'unreadable', name, reasons: read.skipped.length > 0 ? read.skipped : ['—'] };
    }
    const staged = { token, name, check: read, who: req.who, at: at.getTime(), file, kept };
    waiting.set(token, staged);
    return { kind: 'staged', staged: publicView(staged) };
  };

  /** Moves staged files into the uploads folder, notes who added them, and indexes once (in the queue). */
  const keepAndIndex = async (
    files: (StagedUpload & { file: string; kept: string })[],
    emit: (e: UploadEvent) => void,
  ): Promise<Exclude<CommitResult, { kind: 'nothing' }>> => {
    for (const f of files) {
      waiting.delete(f.token);
      await rename(f.file, path.join(o.dir, f.kept));
      await history
        .add({ kept: f.kept, name: f.name, channel: f.who.frontEnd, by: f.who.userId, at: f.at })
        .catch((e: unknown) => o.log.warn({ err: String(e), file: f.name }, 'upload not noted in the log'));
    }
    try {
      const summary = await o.reindex((progress) => emit({ kind: 'progress', progress }));
      for (const f of files)
        o.log.info(
          {
            event: 'upload',
            frontEnd: f.who.frontEnd,
            user: f.who.userId,
            file: f.name,
            articles: f.check.articles.length,
          },
          'report uploaded',
        );
      return { kind: 'done', files: files.map(publicView), summary };
    } catch (e) {
      const ref = correlationId();
      logFailure(o.log, undefined, ref, e, {
        event: 'upload-index',
        frontEnd: files[0]?.who.frontEnd,
        files: files.map((f) => f.name),
      });
      return { kind: 'failed', ref, saved: true };
    }
  };

  /** A front end's progress renderer failing must not fail the import. */
  const safe =
    (onEvent: (e: UploadEvent) => void, who: Uploader) =>
    (e: UploadEvent): void => {
      try {
        onEvent(e);
      } catch (err) {
        o.log.warn({ frontEnd: who.frontEnd, err: String(err) }, 'upload progress not shown');
      }
    };

  /** Saving failed (disk full, folder not writable): nothing was kept. */
  const saveFailed = (e: unknown, who: Uploader, name: string) => {
    const ref = correlationId();
    logFailure(o.log, undefined, ref, e, { event: 'upload-save', frontEnd: who.frontEnd, file: name });
    return { kind: 'failed' as const, ref, saved: false as const };
  };

  const sweep = async (): Promise<void> => {
    const before = now().getTime() - STAGED_FOR_MS;
    for (const [token, s] of waiting) {
      if (s.at >= before) continue;
      waiting.delete(token);
      await rm(s.file, { force: true }).catch(() => undefined);
    }
  };

  return {
    maxBytes: o.maxBytes,
    precheck,
    get pending() {
      return pending;
    },

    async add(req, onEvent = () => undefined) {
      const refused = check(req);
      if (refused) return refused;
      const emit = safe(onEvent, req.who);
      try {
        return await inTurn(
          async (): Promise<UploadResult> => {
            const r = await readIn(req);
            if (r.kind !== 'staged') return r;
            const staged = waiting.get(r.staged.token);
            if (!staged) return saveFailed(new Error('staged file lost'), req.who, r.staged.name);
            emit({ kind: 'found', check: r.staged.check });
            const done = await keepAndIndex([staged], emit);
            return done.kind === 'done'
              ? { kind: 'done', check: r.staged.check, summary: done.summary }
              : done;
          },
          (ahead) => emit({ kind: 'queued', ahead }),
        );
      } catch (e) {
        return saveFailed(e, req.who, shownName(req.name));
      }
    },

    async stage(req) {
      const refused = check(req);
      if (refused) return refused;
      try {
        await sweep();
        return await readIn(req);
      } catch (e) {
        return saveFailed(e, req.who, shownName(req.name));
      }
    },

    staged: (tokens) => tokens.flatMap((t) => waiting.get(t) ?? []).map(publicView),

    async commit(tokens, onEvent = () => undefined) {
      const files = [...new Set(tokens)].flatMap((t) => waiting.get(t) ?? []);
      const who = files[0]?.who ?? { frontEnd: 'unknown', userId: '', admin: false };
      const emit = safe(onEvent, who);
      // Taken out of the waiting list now: a second commit of the same tokens finds nothing to do.
      for (const f of files) waiting.delete(f.token);
      if (files.length === 0) return { kind: 'nothing' };
      try {
        return await inTurn(
          () => keepAndIndex(files, emit),
          (ahead) => emit({ kind: 'queued', ahead }),
        );
      } catch (e) {
        return saveFailed(e, who, files.map((f) => f.name).join(', '));
      }
    },

    reindex: (onProgress) => inTurn(() => o.reindex(onProgress)),

    remove: (doc, who) =>
      inTurn(async () => {
        if (!who.admin) throw new Error('only admins remove reports');
        if (!o.unindex) throw new Error('removal is not available here');
        // The file first: a re-index after a crash here would otherwise bring the document back.
        if (doc.file !== undefined) {
          if (!insideFolders(doc.file, folders)) throw new Error('the file lies outside the reports folders');
          await rm(doc.file, { force: true });
        }
        await o.unindex(doc.docIds);
        o.log.info(
          { event: 'remove', frontEnd: who.frontEnd, user: who.userId, docs: doc.docIds.length },
          'report removed',
        );
      }),

    history: () => history.all(),
  };
}

/** A staged file as callers see it (without where it lies). */
function publicView(s: StagedUpload): StagedUpload {
  return { token: s.token, name: s.name, check: s.check, who: s.who, at: s.at };
}

/** The service `npm start` gives every front end: DATA_DIR/uploads, MAX_UPLOAD_MB, the core's re-index and removal. */
export function uploadServiceFor(
  cfg: Pick<Config, 'DATA_DIR' | 'REPORTS_DIR' | 'MAX_UPLOAD_MB'>,
  reindex: Reindex,
  log: Logger,
  unindex?: Unindex,
): UploadService {
  return createUploadService({
    dir: uploadsDir(cfg),
    maxBytes: cfg.MAX_UPLOAD_MB * 1024 * 1024,
    reindex,
    folders: [cfg.REPORTS_DIR],
    log,
    ...(unindex ? { unindex } : {}),
  });
}
