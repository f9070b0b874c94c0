/**
 * The indexed reports as files, for the web console: the ingest manifest's entries (one small entry per indexed
 * document with its counts), the folders an ingest covers, what kind of report a name is, and taking documents
 * out of the index. The console reaches ingest/ only through here and the upload service
 * (test/app/layers.test.ts).
 */
import path from 'node:path';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { Manifest, type ManifestEntry } from '../../ingest/manifest.js';
import { inputKind } from '../../ingest/read.js';
import { uploadsDir } from '../../ingest/upload.js';
import type { Config } from '../config.js';
import { forgetCollectionStats } from '../rag/retrieve.js';
import { chunkCollection, manifestCollection } from '../store/schema.js';

/** One indexed document as the ingest recorded it: id (a PDF's pages are `file.pdf#p2` …), hash, counts. */
export type IndexedDocument = ManifestEntry;

export { uploadsDir };

/** What reader a file name needs: a page file (PDF, Word, text, HTML), JSONL records, or none (unknown). */
export function reportKind(name: string): 'page' | 'jsonl' | undefined {
  return inputKind(name);
}

/** The folders an ingest reads: the reports folder and the uploads folder. */
export function reportFolders(cfg: Pick<Config, 'DATA_DIR' | 'REPORTS_DIR'>): string[] {
  return [uploadsDir(cfg), cfg.REPORTS_DIR];
}

/** A path lies inside one of `folders` (ids come from the store and names from users: trust, but check). */
export function insideFolders(file: string, folders: readonly string[]): boolean {
  const f = path.resolve(file);
  return folders.some((d) => f.startsWith(path.resolve(d) + path.sep));
}

/** The ingest manifest, read-only: how many documents, and all of them. */
export class IndexedDocuments {
  private readonly manifest: Manifest;

  constructor(
    private readonly client: QdrantClient,
    private readonly cfg: Pick<Config, 'QDRANT_COLLECTION'>,
  ) {
    this.manifest = new Manifest(client, cfg);
  }

  /** Documents indexed (one exact count: cheap, so callers use it to know when to reload). */
  async count(): Promise<number> {
    const name = manifestCollection(this.cfg);
    if (!(await this.client.collectionExists(name)).exists) return 0;
    return (await this.client.count(name, { exact: true })).count;
  }

  async all(): Promise<IndexedDocument[]> {
    if ((await this.count()) === 0) return [];
    return [...(await this.manifest.load()).values()];
  }
}

/**
 * Takes documents out of the index: their chunks, then their manifest entries, then the answer core's cached
 * term statistics, so the next answer cannot cite them. (The upload service deletes the file first: a removal
 * cut short is finished by the next re-index, which prunes documents whose file is gone.)
 */
export async function unindexDocuments(
  client: QdrantClient,
  cfg: Pick<Config, 'QDRANT_COLLECTION'>,
  docIds: readonly string[],
): Promise<void> {
  if (docIds.length === 0) return;
  const collection = chunkCollection(cfg);
  await client.delete(collection, {
    wait: true,
    filter: { must: [{ key: 'doc_id', match: { any: [...docIds] } }] },
  });
  await new Manifest(client, cfg).remove([...docIds]);
  forgetCollectionStats(client, collection);
}
