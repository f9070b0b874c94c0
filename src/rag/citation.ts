/**
 * The one Passage → Citation builder: a citation is always stored paragraphs of a retrieved passage, verbatim
 * (all of them, or the ones picked), with the quoted sentence when the answer quotes one.
 */
import type { Citation } from '../types.js';
import type { Passage } from './retrieve.js';

/**
 * @param indexes positions in `p.paragraphs` to cite (default: every paragraph of the passage)
 * @param quote the sentence quoted from them (extractive answers)
 */
export function citationOf(p: Passage, n: number, indexes?: number[], quote?: string): Citation {
  const at = indexes ?? p.paragraphs.map((_, i) => i);
  const c: Citation = {
    n,
    pointId: (indexes?.length === 1 ? p.paragraphPoints[at[0] ?? 0] : undefined) ?? p.pointId,
    articleId: p.articleId,
    title: p.title,
    docId: p.docId,
    source: p.source,
    paragraphs: at.map((i) => p.paragraphs[i] ?? 0),
    paragraphTexts: at.map((i) => p.paragraphTexts[i] ?? ''),
    paragraphCount: p.paragraphCount,
  };
  if (quote !== undefined) c.quote = quote;
  if (p.date !== undefined) c.date = p.date;
  if (p.url !== undefined) c.url = p.url;
  if (p.page !== undefined) c.page = p.page;
  return c;
}
