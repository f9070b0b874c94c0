/**
 * The indexed documents as the console lists them: one row per report file (a PDF's pages, indexed as
 * `file.pdf#p2` …, fold into their file), or per JSONL record, built from the ingest manifest (one small entry
 * per indexed document: its counts; read through the app layer, src/app/reports.ts) and the two folders an ingest
 * covers (REPORTS_DIR and the uploads folder). The manifest is read once and kept until its entry count changes,
 * so a page of the list costs a count, a filter and a slice, not a scan, even with tens of thousands of documents.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { QdrantClient } from '@qdrant/js-client-rest';
import {
  IndexedDocuments,
  insideFolders,
  reportFolders,
  reportKind,
  uploadsDir,
  type IndexedDocument,
} from '../app/reports.js';
import type { UploadEntry } from '../app/upload-log.js';
import type { Config } from '../config.js';

/** Who added uploaded files, as the upload service keeps it. */
export type UploadHistory = () => Promise<UploadEntry[]>;

/** The front end name the web console uploads under (the upload log's channel). */
export const WEB_CONSOLE = 'admin';

export type Channel = 'folder' | 'console' | 'chat' | 'record';

export interface DocumentRow {
  /** The file's document id (its path under the folder it was found in), or a JSONL record's id. */
  id: string;
  /** What people call it: the file name as uploaded, or the id. */
  name: string;
  /** pdf, docx, txt, md, html, or jsonl for a record. */
  format: string;
  /** Pages indexed separately (PDF), else 1. */
  pages: number;
  articles: number;
  paragraphs: number;
  chunks: number;
  /** Document ids in the store (a PDF's pages), for filters and removal. */
  docIds: string[];
}

/** What the console adds to a row when it is shown: where it lives, when and how it came. */
export interface DocumentDetails extends DocumentRow {
  channel: Channel;
  /** The chat front end it was sent through (telegram, feishu …), for chat uploads. */
  via?: string;
  /** Who uploaded it (the user's id on that front end), when known. */
  by?: string;
  /** When it was added (ms since the epoch): upload time, else the file's modification time. */
  addedAt?: number;
  /** Earliest and latest article dates. */
  dates?: [string, string];
  /** The file can be removed (it lies in one of the folders). */
  file?: string;
}

const PAGE_SUFFIX = /#p\d+$/;

/** A PDF page's document id → its file's. */
export const fileOf = (docId: string): string => docId.replace(PAGE_SUFFIX, '');

function formatOf(id: string): string {
  if (reportKind(id) !== 'page') return 'jsonl';
  const ext = path.extname(id).slice(1).toLowerCase();
  return ext === 'htm' ? 'html' : ext === 'markdown' ? 'md' : ext;
}

/** Manifest entries → rows, one per file, sorted by id (pure). */
export function rowsOf(
  entries: Iterable<IndexedDocument>,
  names: ReadonlyMap<string, string>,
): DocumentRow[] {
  const byFile = new Map<string, DocumentRow>();
  for (const e of entries) {
    const id = fileOf(e.doc_id);
    let row = byFile.get(id);
    if (!row) {
      row = {
        id,
        name: names.get(id) ?? id,
        format: formatOf(id),
        pages: 0,
        articles: 0,
        paragraphs: 0,
        chunks: 0,
        docIds: [],
      };
      byFile.set(id, row);
    }
    row.pages++;
    row.articles += e.articles;
    row.paragraphs += e.paragraphs;
    row.chunks += e.chunks;
    row.docIds.push(e.doc_id);
  }
  return [...byFile.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A path lies inside one of the folders an ingest covers (ids come from the store: trust, but check). */
export function inside(file: string, cfg: Pick<Config, 'DATA_DIR' | 'REPORTS_DIR'>): boolean {
  return insideFolders(file, reportFolders(cfg));
}

export class DocumentList {
  private readonly indexed: IndexedDocuments;
  private cached:
    | {
        entries: number;
        rows: DocumentRow[];
        byId: Map<string, DocumentRow>;
        /** Each row's name and id in lower case, for searches (made once per load, not per request). */
        keys: string[];
      }
    | undefined;

  constructor(
    client: QdrantClient,
    private readonly cfg: Config,
    private readonly history: UploadHistory,
  ) {
    this.indexed = new IndexedDocuments(client, cfg);
  }

  /** Every row, newest upload first, then by id; reloaded when the manifest changed. */
  async all(): Promise<DocumentRow[]> {
    const entries = await this.indexed.count();
    if (this.cached && this.cached.entries === entries) return this.cached.rows;
    const loaded = entries > 0 ? await this.indexed.all() : [];
    const uploads = await this.history();
    const names = new Map(uploads.map((u) => [u.kept, u.name]));
    const order = new Map(uploads.map((u, i) => [u.kept, i]));
    const rows = rowsOf(loaded, names).sort((a, b) => (order.get(b.id) ?? -1) - (order.get(a.id) ?? -1));
    this.cached = {
      entries,
      rows,
      byId: new Map(rows.map((r) => [r.id, r])),
      keys: rows.map((r) => `${r.name}\n${r.id}`.toLowerCase()),
    };
    return rows;
  }

  /** The rows whose name or id holds `q` (any case), in list order; every row for an empty query. */
  async matching(q: string): Promise<DocumentRow[]> {
    const rows = await this.all();
    const needle = q.trim().toLowerCase();
    const keys = this.cached?.keys;
    if (needle === '' || !keys) return rows;
    return rows.filter((_, i) => keys[i]?.includes(needle) === true);
  }

  /** Drops the cache (after this process changed the manifest or the upload log). */
  forget(): void {
    this.cached = undefined;
  }

  async get(id: string): Promise<DocumentRow | undefined> {
    await this.all();
    return this.cached?.byId.get(id);
  }

  /** Where a row's file lies and how it came, for the rows on screen. */
  async details(row: DocumentRow): Promise<DocumentDetails> {
    const upload = (await this.history()).find((u) => u.kept === row.id);
    // A file in the uploads folder came through a front end (the log says which; files kept before it existed
    // came from a chat); one in the reports folder was put there by hand.
    const candidates: [string, Channel][] = [
      [path.join(uploadsDir(this.cfg), row.id), upload?.channel === WEB_CONSOLE ? 'console' : 'chat'],
      [path.join(this.cfg.REPORTS_DIR, row.id), 'folder'],
    ];
    for (const [file, channel] of candidates) {
      if (row.format === 'jsonl' || !inside(file, this.cfg)) continue;
      const st = await stat(file).catch(() => undefined);
      if (!st?.isFile()) continue;
      const uploaded = channel === 'folder' ? undefined : upload;
      return {
        ...row,
        channel,
        file,
        addedAt: uploaded?.at ?? st.mtimeMs,
        ...(channel === 'chat' && uploaded ? { via: uploaded.channel } : {}),
        ...(uploaded?.by ? { by: uploaded.by } : {}),
      };
    }
    return { ...row, channel: row.format === 'jsonl' ? 'record' : 'folder' };
  }
}
