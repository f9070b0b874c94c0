/**
 * Reports added from the chat: where they are kept, which folders an ingest covers, a safe name to keep one under,
 * and a first read of a file that tells the admin what it holds (or why it cannot be read) before it is indexed.
 * The flow itself (checks, queue, save, index) is the app's upload service (src/app/uploads.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config.js';
import { parseDocument } from './parse.js';
import { readDocuments } from './read.js';
import type { ReportCheck } from '../src/types.js';

/** Uploaded reports live under DATA_DIR (the reports folder may be mounted read-only). */
export function uploadsDir(cfg: Pick<Config, 'DATA_DIR'>): string {
  return path.join(cfg.DATA_DIR, 'uploads');
}

/** What an ingest of "the reports" covers: the reports folder, and the uploads folder once it exists. */
export function reportPaths(cfg: Pick<Config, 'DATA_DIR' | 'REPORTS_DIR'>): string[] {
  const up = uploadsDir(cfg);
  return existsSync(up) ? [cfg.REPORTS_DIR, up] : [cfg.REPORTS_DIR];
}

export type { ReportCheck };

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
