/**
 * Reports uploaded in the console, in two steps so several files make one re-index: each file is checked
 * (type, size, a first read as the ingest will read it) into a staging folder, then the accepted ones are moved
 * into the uploads folder together and indexed once. The building blocks are the chat uploads' (ingest/upload.ts:
 * the uploads folder, safe kept names, `inspectReport`, the same re-index of reports + uploads).
 * `stageUpload` / `indexStaged` are the one seam to the app's upload service once every front end shares one.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inputKind } from '../../ingest/read.js';
import { inspectReport, uploadName, type ReportCheck } from '../../ingest/upload.js';
import type { IngestProgress, IngestSummary } from '../types.js';
import type { UploadLog } from './upload-log.js';

/** The types the console takes (the ingest reads these). */
export const UPLOAD_TYPES = ['.pdf', '.docx', '.txt', '.md', '.html', '.htm', '.jsonl'] as const;

export interface StagedUpload {
  token: string;
  /** The name as uploaded (display only; never a path). */
  name: string;
  /** The name it will be kept under. */
  kept: string;
  file: string;
  check: ReportCheck;
  at: number;
}

export type StageResult =
  | { ok: true; staged: StagedUpload }
  | { ok: false; reason: 'type' | 'content' | 'unreadable'; detail: string[] };

/** Magic bytes of the binary formats: a file named .pdf that is no PDF is refused before any reader sees it. */
function contentMismatch(name: string, bytes: Buffer): boolean {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.pdf') return !bytes.subarray(0, 1024).includes('%PDF-');
  if (ext === '.docx') return !(bytes[0] === 0x50 && bytes[1] === 0x4b);
  // Text formats: a NUL byte early on means a binary file under a text name (UTF-16 has a BOM the reader knows).
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  return !bom16 && bytes.subarray(0, 4096).includes(0);
}

/** The file name without any folder part, as a browser or a hostile client may send it. */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop()?.trim() ?? '';
}

export class ConsoleUploads {
  private readonly staged = new Map<string, StagedUpload>();

  constructor(
    private readonly dir: string,
    private readonly log: UploadLog,
  ) {}

  private get incoming(): string {
    return path.join(this.dir, '.incoming');
  }

  /** Checks one file and keeps it aside; nothing reaches the index until `indexStaged`. */
  async stageUpload(rawName: string, bytes: Buffer, now = new Date()): Promise<StageResult> {
    const name = baseName(rawName);
    const ext = path.extname(name).toLowerCase();
    if (!(UPLOAD_TYPES as readonly string[]).includes(ext) || inputKind(name) === undefined)
      return { ok: false, reason: 'type', detail: [name || '—'] };
    if (contentMismatch(name, bytes)) return { ok: false, reason: 'content', detail: [name] };
    const token = randomBytes(12).toString('base64url');
    // uploadName drops folders and characters no file system takes; the token keeps staged files apart.
    const kept = uploadName(name, now);
    const file = path.join(this.incoming, `${token}-${kept}`);
    await mkdir(this.incoming, { recursive: true });
    await writeFile(file, bytes);
    let check: ReportCheck;
    try {
      check = await inspectReport(file, name);
    } catch (e) {
      await rm(file, { force: true });
      return { ok: false, reason: 'unreadable', detail: [e instanceof Error ? e.message : String(e)] };
    }
    if (check.articles.length === 0) {
      await rm(file, { force: true });
      return { ok: false, reason: 'unreadable', detail: check.skipped.length > 0 ? check.skipped : ['—'] };
    }
    const staged: StagedUpload = { token, name, kept, file, check, at: now.getTime() };
    this.staged.set(token, staged);
    return { ok: true, staged };
  }

  /** Staged files by token (unknown tokens are left out). */
  find(tokens: readonly string[]): StagedUpload[] {
    return tokens.flatMap((t) => this.staged.get(t) ?? []);
  }

  /** Moves the staged files into the uploads folder, logs who added them, and re-indexes once. */
  async indexStaged(
    files: readonly StagedUpload[],
    who: { channel: string; by?: string },
    reindex: (onProgress?: (p: IngestProgress) => void) => Promise<IngestSummary>,
    onProgress?: (p: IngestProgress) => void,
  ): Promise<IngestSummary> {
    for (const f of files) {
      this.staged.delete(f.token);
      await rename(f.file, path.join(this.dir, f.kept));
      await this.log.add({
        kept: f.kept,
        name: f.name,
        channel: who.channel,
        at: f.at,
        ...(who.by ? { by: who.by } : {}),
      });
    }
    return reindex(onProgress);
  }

  /** Forgets staged files older than `maxAgeMs` (a page closed between the two steps). */
  async sweep(maxAgeMs: number, now = Date.now()): Promise<void> {
    for (const [t, s] of this.staged) {
      if (now - s.at < maxAgeMs) continue;
      this.staged.delete(t);
      await rm(s.file, { force: true });
    }
  }
}
