/**
 * Stored payloads come back as untyped JSON; this checks the fields the answer core relies on, so a malformed
 * point is skipped instead of producing a citation to nothing.
 */
import type { ChunkPayload } from '../types.js';

const isStr = (v: unknown): v is string => typeof v === 'string';
const isStrArr = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);
const isNumArr = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number');

export function toChunkPayload(p: unknown): ChunkPayload | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const r = p as Record<string, unknown>;
  if (!isStr(r.text) || !isStr(r.article_id) || !isNumArr(r.paragraphs) || !isStrArr(r.paragraph_texts)) {
    return undefined;
  }
  if (r.paragraphs.length !== r.paragraph_texts.length) return undefined;
  const out: ChunkPayload = {
    text: r.text,
    article_id: r.article_id,
    title: isStr(r.title) ? r.title : '',
    doc_id: isStr(r.doc_id) ? r.doc_id : '',
    source: isStr(r.source) ? r.source : '',
    paragraphs: r.paragraphs,
    paragraph_texts: r.paragraph_texts,
    paragraph_count: typeof r.paragraph_count === 'number' ? r.paragraph_count : Math.max(0, ...r.paragraphs),
    places: isStrArr(r.places) ? r.places : [],
    chunk_index: typeof r.chunk_index === 'number' ? r.chunk_index : 0,
    doc_hash: isStr(r.doc_hash) ? r.doc_hash : '',
  };
  if (isStr(r.subtitle)) out.subtitle = r.subtitle;
  if (isStr(r.byline)) out.byline = r.byline;
  if (isStr(r.url)) out.url = r.url;
  if (isStr(r.date)) out.date = r.date;
  if (isStr(r.page)) out.page = r.page;
  return out;
}
