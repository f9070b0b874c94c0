/**
 * Content-identity ids: the same report always maps to the same point ids, so re-ingesting it
 * overwrites in place instead of duplicating, and a changed report is recognised by its hash.
 */
import { createHash } from 'node:crypto';

/** Fixed namespace for this app's name-based UUIDs (any constant works; it only has to never change). */
const NAMESPACE = 'cppcc-report-qa/points/v1';

/** RFC 4122 version-5-style UUID (SHA-1 of namespace + name), lowercase hyphenated as Qdrant prints it. */
export function uuidFromName(name: string): string {
  const h = createHash('sha1').update(NAMESPACE).update('\u0000').update(name).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Point id of one chunk: document, article position within it, chunk position within the article. */
export function chunkPointId(docId: string, articleOrdinal: number, chunkIndex: number): string {
  return uuidFromName(`chunk\u0000${docId}\u0000${articleOrdinal}\u0000${chunkIndex}`);
}

/** Point id of a document's manifest entry. */
export function manifestPointId(docId: string): string {
  return uuidFromName(`doc\u0000${docId}`);
}

/**
 * Hash of a document's content. The doc id is hashed in too, so two documents with identical text never
 * share a hash — stale-chunk deletion ("doc_id = X and doc_hash ≠ new hash") then stays exact.
 */
export function docHash(docId: string, text: string, date?: string): string {
  const h = createHash('sha1').update(docId).update('\u0000').update(text);
  // A date given beside the text (a JSONL field, Word properties, a PDF running head) is content too: a corrected
  // date re-indexes the document. Undated documents keep the hash they always had.
  if (date !== undefined) h.update('\u0000date:').update(date);
  return h.digest('hex');
}
