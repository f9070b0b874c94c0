/** Contracts between ingestion stages: reading → parsing → chunking → indexing. */
import type { ArticleDraft } from './segment.js';

/** One document as read from disk, before segmentation: a whole file, or one JSONL record. */
export interface RawDoc {
  /** File path relative to the ingest root, or the JSONL record's `id`. Becomes `doc_id`. */
  docId: string;
  /** For people: the file path, or a JSONL record's `source`/`url`. */
  source: string;
  text: string;
  /** Given by structured inputs (JSONL, HTML <title>); page files leave it to segmentation. */
  title?: string;
  date?: string;
  url?: string;
  /** What kind of input it was; JSONL records are one article each, pages may hold several. */
  kind: 'page' | 'record';
  /** Articles already laid out by a reader that sees structure (PDF layout, Word headings): no segmentation. */
  articles?: ArticleDraft[];
  /** Where in the publication: the printed edition ("第3版") or the page of the file ("第3页"). */
  page?: string;
}

/** Why a file or record was skipped; the ingest goes on and reports it. */
export class SkipError extends Error {
  override name = 'SkipError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** A chunk before ids and vectors: whole paragraphs, or sentence-aligned pieces of one long paragraph. */
export interface ChunkDraft {
  text: string;
  /** 1-based paragraph numbers covered, ascending. */
  paragraphs: number[];
  chunkIndex: number;
}

/** Progress and summary types live with the other shared types, so front ends need not import ingest. */
export type { IngestProgress, IngestSummary } from '../src/types.js';
