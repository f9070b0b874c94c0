/**
 * One document → its articles, chunk points and manifest entry. Pure CPU work (segmentation, jieba, BM25),
 * run inline for small ingests and in worker threads for large ones (ingest/pool.ts).
 */
import type { Article } from '../src/types.js';
import { placeNames } from '../src/text/places.js';
import type { RawDoc } from './types.js';
import { parseDocument } from './parse.js';
import { chunkArticle } from './chunk.js';
import type { ManifestEntry } from './manifest.js';
import { articlePoints, type ChunkPoint } from './points.js';

export interface ProcessedDoc {
  entry: ManifestEntry;
  points: ChunkPoint[];
  articles: Article[];
}

export function processDocument(raw: RawDoc, hash: string): ProcessedDoc {
  const articles = parseDocument(raw);
  const points = articles.flatMap((a, ordinal) =>
    articlePoints(a, ordinal, chunkArticle(a), hash, placeNames(a.places)),
  );
  return {
    entry: {
      doc_id: raw.docId,
      doc_hash: hash,
      articles: articles.length,
      paragraphs: articles.reduce((n, a) => n + a.paragraphs.length, 0),
      chunks: points.length,
    },
    points,
    articles,
  };
}
