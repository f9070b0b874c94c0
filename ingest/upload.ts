/**
 * Reports added from the chat: where they are kept, which folders an ingest covers, and a first read of a file
 * that tells the admin what it holds (or why it cannot be read) before it is indexed.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../src/config.js';
import { parseDocument } from './parse.js';
import { readDocuments } from './read.js';
import type { IngestProgress, IngestSummary } from './types.js';

/** Uploaded reports live under DATA_DIR (the reports folder may be mounted read-only). */
export function uploadsDir(cfg: Pick<Config, 'DATA_DIR'>): string {
  return path.join(cfg.DATA_DIR, 'uploads');
}

/** What an ingest of "the reports" covers: the reports folder, and the uploads folder once it exists. */
export function reportPaths(cfg: Pick<Config, 'DATA_DIR' | 'REPORTS_DIR'>): string[] {
  const up = uploadsDir(cfg);
  return existsSync(up) ? [cfg.REPORTS_DIR, up] : [cfg.REPORTS_DIR];
}

export interface ReportCheck {
  name: string;
  /** PDF pages read (0 for other files). */
  pages: number;
  articles: { title: string; page?: string; paragraphs: number }[];
  /** Reasons for what could not be read ("scan.pdf#p2: no text layer: needs OCR"). */
  skipped: string[];
}

/** Read a file once, the way the ingest will, and say what is in it. */
export async function inspectReport(file: string, name: string): Promise<ReportCheck> {
  const check: ReportCheck = { name, pages: 0, articles: [], skipped: [] };
  const root = path.dirname(file);
  const own = path.basename(file);
  const onSkip = (s: { path: string; reason: string }): void => {
    check.skipped.push(`${s.path.replace(own, name)}: ${s.reason}`);
  };
  for await (const doc of readDocuments(file, root, { onSkip })) {
    if (doc.page !== undefined) check.pages++;
    for (const a of parseDocument(doc)) {
      check.articles.push({
        title: a.title,
        ...(a.page ? { page: a.page } : {}),
        paragraphs: a.paragraphs.length,
      });
    }
  }
  return check;
}

/** What became of a report added from a chat. */
export type AddedReport =
  | { kind: 'busy' }
  | { kind: 'unreadable'; reasons: string[] }
  | { kind: 'done'; check: ReportCheck; summary: IngestSummary }
  | { kind: 'failed'; error: unknown };

export interface AddReportOptions {
  /** The uploads folder. */
  dir: string;
  /** The name the file is kept under (unique, safe: see uploadName in the Telegram handler). */
  keptName: string;
  reindex(onProgress?: (p: IngestProgress) => void): Promise<IngestSummary>;
  /** The file was read: it holds these articles and is being indexed. */
  onFound?(check: ReportCheck): void;
  onProgress?(p: IngestProgress): void;
}

// One import at a time across the front ends of this process that add reports through here.
let adding = false;

/**
 * The platform-neutral part of a report added from a chat: read the downloaded bytes once (nothing is kept when
 * nothing can be read), keep the file in the uploads folder and re-index, so it can be asked about at once.
 */
export async function addReport(bytes: Buffer, name: string, o: AddReportOptions): Promise<AddedReport> {
  if (adding) return { kind: 'busy' };
  adding = true;
  const staging = path.join(o.dir, '.incoming', o.keptName);
  try {
    await mkdir(path.dirname(staging), { recursive: true });
    await writeFile(staging, bytes);
    const check = await inspectReport(staging, name);
    if (check.articles.length === 0) {
      return { kind: 'unreadable', reasons: check.skipped.length > 0 ? check.skipped : ['—'] };
    }
    o.onFound?.(check);
    await rename(staging, path.join(o.dir, o.keptName));
    try {
      const summary = await o.reindex(o.onProgress);
      return { kind: 'done', check, summary };
    } catch (error) {
      return { kind: 'failed', error };
    }
  } finally {
    await rm(staging, { force: true }).catch(() => undefined);
    adding = false;
  }
}

/** Thrown when a download goes over the size limit (the platform did not say the size beforehand). */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
  constructor(
    readonly limit: number,
    /** The size, when the platform said it. */
    readonly size?: number,
  ) {
    super(`file ${size ?? 'of unknown size'} over the limit of ${limit} bytes`);
  }
}

/** Reads a download into memory, stopping as soon as it passes `limit` bytes. */
export async function readCapped(
  stream: AsyncIterable<Uint8Array>,
  limit: number,
  declaredSize?: number,
): Promise<Buffer> {
  if (declaredSize !== undefined && declaredSize > limit) throw new TooLargeError(limit, declaredSize);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new TooLargeError(limit);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

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
