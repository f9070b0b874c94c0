/**
 * Who added which report, when and through which front end: one JSON line per file the upload service keeps, in
 * the uploads folder (`.uploads.jsonl`; ingest skips dot files). Files in the folder without a line were kept
 * before the log existed, or copied there by hand.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface UploadEntry {
  /** The name the file is kept under in the uploads folder (its document id). */
  kept: string;
  /** The name it was uploaded with. */
  name: string;
  /** The front end it came through ("admin" for the web console, "telegram", "feishu" …). */
  channel: string;
  /** The user's id on that front end. */
  by?: string;
  /** ms since the epoch. */
  at: number;
}

export class UploadLog {
  private cache: UploadEntry[] | undefined;

  constructor(private readonly dir: string) {}

  private get file(): string {
    return path.join(this.dir, '.uploads.jsonl');
  }

  async all(): Promise<UploadEntry[]> {
    if (this.cache) return this.cache;
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const out: UploadEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        const e = JSON.parse(line) as Partial<UploadEntry>;
        if (typeof e.kept === 'string' && typeof e.name === 'string' && typeof e.at === 'number')
          out.push({
            kept: e.kept,
            name: e.name,
            channel: String(e.channel ?? 'admin'),
            at: e.at,
            ...(e.by ? { by: String(e.by) } : {}),
          });
      } catch {
        // A torn last line (a crash mid-write) loses that one entry, nothing else.
      }
    }
    this.cache = out;
    return out;
  }

  async add(entry: UploadEntry): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`);
    this.cache = undefined;
  }
}
