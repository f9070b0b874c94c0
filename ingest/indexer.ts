/**
 * Batched, crash-consistent writes of documents' chunks. Per flush, in this order:
 *   1. upsert the new chunks (wait=true), with dense vectors when an embedder is configured;
 *   2. delete the documents' chunks whose doc_hash is not the new one (a changed report's leftovers);
 *   3. write the documents' manifest entries.
 * A crash between any two steps leaves no entry for the documents, so the next run redoes them; since point
 * ids come from content identity, redoing overwrites instead of duplicating.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';
import { DENSE_VECTOR, HEAD_VECTOR, SPARSE_VECTOR } from '../src/store/schema.js';
import type { Manifest, ManifestEntry } from './manifest.js';
import type { ChunkPoint } from './points.js';
import { withRetry, type RetryOptions } from './retry.js';

/** The part of the embeddings client the indexer uses (src/llm/embeddings.ts provides it). */
export interface DenseEmbedder {
  model: string;
  dimensions(): Promise<number>;
  embed(texts: string[]): Promise<number[][]>;
}

export interface PendingDoc {
  entry: ManifestEntry;
  points: ChunkPoint[];
  /** False only when the document cannot have older chunks (fresh collection, first sight): saves a delete. */
  cleanup: boolean;
}

export interface IndexerOptions {
  batchSize: number;
  /** False for a collection built before the `head` vector existed: points go without it. */
  headVector?: boolean;
  embedder?: DenseEmbedder;
  retry?: RetryOptions;
  /** Called after each flush with the number of documents and points it stored. */
  onFlush?(docs: number, points: number): void;
}

export class Indexer {
  private pending: PendingDoc[] = [];
  private pendingPoints = 0;

  constructor(
    private readonly client: QdrantClient,
    private readonly collection: string,
    private readonly manifest: Manifest,
    private readonly opts: IndexerOptions,
  ) {}

  /** Queues a whole document; documents are never split across flushes, so each commits atomically. */
  async add(doc: PendingDoc): Promise<void> {
    this.pending.push(doc);
    this.pendingPoints += doc.points.length;
    if (this.pendingPoints >= this.opts.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    const docs = this.pending;
    if (docs.length === 0) return;
    this.pending = [];
    this.pendingPoints = 0;
    const points = docs.flatMap((d) => d.points);
    for (let i = 0; i < points.length; i += this.opts.batchSize) {
      await this.upsert(points.slice(i, i + this.opts.batchSize));
    }
    const cleanup = docs.filter((d) => d.cleanup);
    if (cleanup.length > 0) {
      await withRetry(
        () =>
          this.client.delete(this.collection, {
            wait: true,
            filter: {
              must: [{ key: 'doc_id', match: { any: cleanup.map((d) => d.entry.doc_id) } }],
              must_not: [{ key: 'doc_hash', match: { any: cleanup.map((d) => d.entry.doc_hash) } }],
            },
          }),
        this.opts.retry,
      );
    }
    await withRetry(() => this.manifest.write(docs.map((d) => d.entry)), this.opts.retry);
    this.opts.onFlush?.(docs.length, points.length);
  }

  private async upsert(batch: ChunkPoint[]): Promise<void> {
    const dense = this.opts.embedder
      ? await this.opts.embedder.embed(batch.map((p) => p.payload.text))
      : undefined;
    const points = batch.map((p, i) => {
      const vector: Record<string, number[] | { indices: number[]; values: number[] }> = {};
      if (p.sparse) vector[SPARSE_VECTOR] = p.sparse;
      if (p.head && this.opts.headVector !== false) vector[HEAD_VECTOR] = p.head;
      const d = dense?.[i];
      if (d) vector[DENSE_VECTOR] = d;
      return { id: p.id, vector, payload: { ...p.payload } };
    });
    await withRetry(() => this.client.upsert(this.collection, { wait: true, points }), this.opts.retry);
  }
}
