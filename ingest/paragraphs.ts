/**
 * Paragraph numbering: 1..n per article, exact text. Stable across re-ingests because it depends only on the
 * input text (cleaning and segmentation are pure).
 */
import type { Paragraph } from '../src/types.js';
import { splitSentences } from '../src/text/sentences.js';

/** Number paragraph texts 1..n, dropping empty ones and trimming outer whitespace only. */
export function numberParagraphs(texts: string[]): Paragraph[] {
  return texts
    .map((t) => t.trim())
    .filter((t) => t !== '')
    .map((text, k) => ({ n: k + 1, text }));
}

/** A record text that is one huge block is cut into paragraphs of whole sentences, about this long. */
export const RECORD_PARAGRAPH_CHARS = 300;
/** A line longer than this is treated as a "huge block" and split by sentences. */
const HUGE_BLOCK_CHARS = 600;

/** Group whole sentences into paragraphs of about `target` characters. */
export function groupSentences(text: string, target = RECORD_PARAGRAPH_CHARS): string[] {
  const out: string[] = [];
  let cur = '';
  for (const s of splitSentences(text)) {
    if (cur !== '' && cur.length + s.length > target) {
      out.push(cur);
      cur = '';
    }
    cur += s;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** Paragraph texts of a structured record: its lines, with huge single blocks split at sentence ends. */
export function recordParagraphTexts(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const t = line.trim();
    if (t === '') continue;
    if (t.length > HUGE_BLOCK_CHARS) out.push(...groupSentences(t));
    else out.push(t);
  }
  return out;
}
