/**
 * Article + chunk drafts → Qdrant points: content-derived id, BM25 sparse vector and the citation payload
 * (ChunkPayload). Pure, so what gets stored for a report can be checked without a store.
 */
import type { Article, ChunkPayload } from '../src/types.js';
import { documentVector, headVector, type SparseVector } from '../src/text/sparse.js';
import type { ChunkDraft } from './types.js';
import { chunkPointId } from './ids.js';

export interface ChunkPoint {
  id: string;
  payload: ChunkPayload;
  /** Undefined when the chunk has no content token (BM25 has nothing to index). */
  sparse: SparseVector | undefined;
  /**
   * The article's headline terms (title, subtitle, byline, places), on its first chunk only: a name or a
   * headline finds the article, and the answer starts from its lead.
   */
  head?: SparseVector;
}

const rounded = (v: SparseVector): SparseVector | undefined =>
  v.indices.length > 0 ? { indices: v.indices, values: v.values.map(round6) } : undefined;

/**
 * Qdrant keeps sparse values as 32-bit floats (~7 digits); sending 6 decimals instead of 17 changes no score
 * that matters and cuts the JSON each point costs to send, parse and log by about a fifth.
 */
function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Points of one article; `ordinal` is the article's 0-based position in its document. */
export function articlePoints(
  article: Article,
  ordinal: number,
  drafts: ChunkDraft[],
  docHash: string,
  places: string[],
): ChunkPoint[] {
  const byNumber = new Map(article.paragraphs.map((p) => [p.n, p.text]));
  return drafts.map((d) => {
    const payload: ChunkPayload = {
      text: d.text,
      article_id: article.id,
      title: article.title,
      ...(article.subtitle ? { subtitle: article.subtitle } : {}),
      ...(article.byline ? { byline: article.byline } : {}),
      doc_id: article.docId,
      source: article.source,
      ...(article.url ? { url: article.url } : {}),
      ...(article.date ? { date: article.date } : {}),
      ...(article.page ? { page: article.page } : {}),
      paragraphs: d.paragraphs,
      paragraph_texts: d.paragraphs.map((n) => byNumber.get(n) ?? ''),
      paragraph_count: article.paragraphs.length,
      places,
      chunk_index: d.chunkIndex,
      doc_hash: docHash,
    };
    const point: ChunkPoint = {
      id: chunkPointId(article.docId, ordinal, d.chunkIndex),
      payload,
      sparse: rounded(documentVector(d.text)),
    };
    if (d.chunkIndex === 0) {
      const head = rounded(
        headVector([article.title, article.subtitle ?? '', article.byline ?? '', ...places]),
      );
      if (head) point.head = head;
    }
    return point;
  });
}
