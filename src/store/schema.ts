/**
 * The collection layout, in one place: collection and vector names, payload indexes, and the embedding
 * model the dense vectors were built with. Ingest creates it; the answer side reads the same names.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { Config } from '../config.js';

/** Named sparse vector: BM25 term weights (src/text/sparse.ts); the collection's `idf` modifier adds IDF. */
export const SPARSE_VECTOR = 'bm25';
/**
 * Named sparse vector on each article's first chunk: words and character bigrams of the title, subtitle, byline
 * and places (src/text/sparse.ts headVector), with IDF over articles. A collection built before it existed has
 * none; retrieval then searches the body only.
 */
export const HEAD_VECTOR = 'head';
/** Named dense vector: present only when an embeddings endpoint is configured. */
export const DENSE_VECTOR = 'dense';

/** Payload fields with an index, and their types (filters on these stay fast on a large collection). */
export const PAYLOAD_INDEXES = {
  doc_id: 'keyword',
  article_id: 'keyword',
  places: 'keyword',
  chunk_index: 'integer',
  /** The report's date (YYYY-MM-DD): questions with a period ("今年", "10月") filter on it as a datetime range. */
  date: 'datetime',
} as const;

/** The chunk collection (QDRANT_COLLECTION). */
export function chunkCollection(cfg: Pick<Config, 'QDRANT_COLLECTION'>): string {
  return cfg.QDRANT_COLLECTION;
}

/** The ingest manifest: one point per document (id, hash, counts), written after the document's chunks. */
export function manifestCollection(cfg: Pick<Config, 'QDRANT_COLLECTION'>): string {
  return `${cfg.QDRANT_COLLECTION}__docs`;
}

/** Cluster layout settings; missing ones take Qdrant's default (1). */
export type ClusterSettings = Partial<
  Pick<Config, 'QDRANT_SHARD_NUMBER' | 'QDRANT_REPLICATION_FACTOR' | 'QDRANT_WRITE_CONSISTENCY_FACTOR'>
>;

/**
 * How a new collection is spread over a Qdrant cluster: shards (spread data and search work over nodes),
 * replicas of each shard (survive a node going away), and how many replicas must acknowledge a write.
 */
export function clusterParams(cfg: ClusterSettings): {
  shard_number: number;
  replication_factor: number;
  write_consistency_factor: number;
} {
  return {
    shard_number: cfg.QDRANT_SHARD_NUMBER ?? 1,
    replication_factor: cfg.QDRANT_REPLICATION_FACTOR ?? 1,
    write_consistency_factor: cfg.QDRANT_WRITE_CONSISTENCY_FACTOR ?? 1,
  };
}

/** What the dense vectors of a collection were built with. */
export interface EmbedderInfo {
  model: string;
  dimensions: number;
}

/** The collection was built with another embedding set-up than the one configured now. */
export class SchemaMismatchError extends Error {
  override name = 'SchemaMismatchError';
}

/** Metadata key under which the embedding set-up is recorded in the collection. */
const META_KEY = 'embedding';

/** A collection's recorded set-up; `model` is missing when the store did not keep the metadata. */
export interface BuiltWith {
  model?: string;
  dimensions: number;
}

function describe(info: { model?: string; dimensions: number } | undefined): string {
  if (!info) return 'no embedding model (BM25 only)';
  return `model ${info.model ?? '(unrecorded)'} dim ${info.dimensions}`;
}

/** Reads what a collection was built with: the dense vector's size, and the model from its metadata. */
export function builtWith(info: Awaited<ReturnType<QdrantClient['getCollection']>>): BuiltWith | undefined {
  const vectors = info.config.params.vectors;
  const dense =
    vectors && typeof vectors === 'object' && DENSE_VECTOR in vectors
      ? (vectors as Record<string, { size?: number } | undefined>)[DENSE_VECTOR]
      : undefined;
  if (!dense?.size) return undefined;
  const meta = info.config.metadata?.[META_KEY];
  const model =
    meta && typeof meta === 'object' && 'model' in meta && typeof meta.model === 'string'
      ? meta.model
      : undefined;
  return { model, dimensions: dense.size };
}

/**
 * Creates the chunk collection (with payload indexes) when missing; when it exists, checks that it was
 * built with the configured embedding model and dimension, so a mismatch fails loudly instead of
 * mixing incomparable vectors. Returns whether it was created now, and whether it has the headline vector.
 */
export async function ensureCollection(
  client: QdrantClient,
  cfg: Pick<Config, 'QDRANT_COLLECTION'> & ClusterSettings,
  embedder?: EmbedderInfo,
): Promise<{ created: boolean; head: boolean }> {
  const name = chunkCollection(cfg);
  const { exists } = await client.collectionExists(name);
  if (exists) {
    const info = await client.getCollection(name);
    checkCompatible(name, builtWith(info), embedder);
    // Indexes added since the collection was built (the report date's) are created now; the data needs none.
    for (const [field, type] of Object.entries(PAYLOAD_INDEXES))
      if (info.payload_schema[field] === undefined)
        await client.createPayloadIndex(name, { field_name: field, field_schema: type, wait: true });
    // A collection built before the headline vector existed takes body vectors only (re-ingest into a new
    // collection to get headline search).
    return { created: false, head: HEAD_VECTOR in (info.config.params.sparse_vectors ?? {}) };
  }
  await client.createCollection(name, {
    ...clusterParams(cfg),
    ...(embedder ? { vectors: { [DENSE_VECTOR]: { size: embedder.dimensions, distance: 'Cosine' } } } : {}),
    sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' }, [HEAD_VECTOR]: { modifier: 'idf' } },
    metadata: { [META_KEY]: embedder ? { model: embedder.model, dimensions: embedder.dimensions } : null },
  });
  for (const [field, type] of Object.entries(PAYLOAD_INDEXES)) {
    await client.createPayloadIndex(name, { field_name: field, field_schema: type, wait: true });
  }
  return { created: true, head: true };
}

/** Throws SchemaMismatchError when the existing collection cannot take the configured vectors. */
export function checkCompatible(
  name: string,
  existing: BuiltWith | undefined,
  configured: EmbedderInfo | undefined,
): void {
  const compatible =
    existing === undefined
      ? configured === undefined
      : configured !== undefined &&
        existing.dimensions === configured.dimensions &&
        (existing.model === undefined || existing.model === configured.model);
  if (!compatible) {
    throw new SchemaMismatchError(
      `collection "${name}" was built with ${describe(existing)}; you configured ${describe(configured)} — ` +
        're-ingest into a new collection (set QDRANT_COLLECTION to a new name) or configure the original embedding set-up',
    );
  }
}
