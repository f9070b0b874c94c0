/**
 * The ingest manifest: a small side collection with one point per document (doc id, content hash, counts).
 * An entry is written only after all of the document's chunks are stored and its stale chunks deleted, so
 * "in the manifest with this hash" means "fully indexed" — an interrupted run redoes exactly the rest.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';
import { clusterParams, manifestCollection, type ClusterSettings } from '../src/store/schema.js';
import type { Config } from '../src/config.js';
import { manifestPointId } from './ids.js';

export interface ManifestEntry {
  doc_id: string;
  doc_hash: string;
  articles: number;
  paragraphs: number;
  chunks: number;
}

/** The manifest holds no searchable vectors; a constant 1-d vector keeps it valid on any Qdrant. */
const MARKER_VECTOR = 'marker';

export class Manifest {
  readonly name: string;
  private readonly cluster: ClusterSettings;

  constructor(
    private readonly client: QdrantClient,
    cfg: Pick<Config, 'QDRANT_COLLECTION'> & ClusterSettings,
  ) {
    this.name = manifestCollection(cfg);
    this.cluster = cfg;
  }

  /** Creates the manifest collection when missing; `reset` empties it (its chunk collection is new). */
  async ensure(reset: boolean): Promise<void> {
    const { exists } = await this.client.collectionExists(this.name);
    if (exists && reset) await this.client.deleteCollection(this.name);
    if (!exists || reset) {
      // Small, but as replicated as the chunks: without it a node loss would make ingest redo everything.
      await this.client.createCollection(this.name, {
        ...clusterParams(this.cluster),
        vectors: { [MARKER_VECTOR]: { size: 1, distance: 'Dot' } },
      });
      await this.client.createPayloadIndex(this.name, {
        field_name: 'doc_id',
        field_schema: 'keyword',
        wait: true,
      });
    }
  }

  /** All entries by doc id (one small payload per document: fine for hundreds of thousands). */
  async load(): Promise<Map<string, ManifestEntry>> {
    const out = new Map<string, ManifestEntry>();
    let offset: string | number | null | undefined = undefined;
    do {
      const page: Awaited<ReturnType<QdrantClient['scroll']>> = await this.client.scroll(this.name, {
        limit: 5000,
        with_payload: true,
        with_vector: false,
        ...(offset !== undefined ? { offset } : {}),
      });
      for (const p of page.points) {
        const e = toEntry(p.payload);
        if (e) out.set(e.doc_id, e);
      }
      const next = page.next_page_offset;
      offset = typeof next === 'string' || typeof next === 'number' ? next : null;
    } while (offset !== null && offset !== undefined);
    return out;
  }

  async write(entries: ManifestEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.client.upsert(this.name, {
      wait: true,
      points: entries.map((e) => ({
        id: manifestPointId(e.doc_id),
        vector: { [MARKER_VECTOR]: [1] },
        payload: { ...e },
      })),
    });
  }

  async remove(docIds: string[]): Promise<void> {
    if (docIds.length === 0) return;
    await this.client.delete(this.name, { wait: true, points: docIds.map(manifestPointId) });
  }
}

function toEntry(p: Record<string, unknown> | null | undefined): ManifestEntry | undefined {
  if (!p || typeof p.doc_id !== 'string' || typeof p.doc_hash !== 'string') return undefined;
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    doc_id: p.doc_id,
    doc_hash: p.doc_hash,
    articles: n(p.articles),
    paragraphs: n(p.paragraphs),
    chunks: n(p.chunks),
  };
}
