/**
 * Chunks for indexing: whole paragraphs; a long paragraph is split at sentence ends (never inside a number or a
 * quotation, see splitSentences); short neighbouring paragraphs of the same article merge.
 */
import type { Article } from '../src/types.js';
import { splitSentences } from '../src/text/sentences.js';
import type { ChunkDraft } from './types.js';

export interface ChunkOptions {
  /** A paragraph longer than this is split into sentence-aligned pieces. */
  maxChars?: number;
  /** Neighbouring paragraphs merge while the chunk stays within this size. */
  mergeChars?: number;
}

const DEFAULT_MAX = 400;
const DEFAULT_MERGE = 300;

/**
 * A "sentence" far over the limit (a run-on list without full stops) is cut after commas/semicolon-like marks
 * outside quotes; still never inside a number or a quotation.
 */
function splitRunOn(sentence: string, max: number): string[] {
  if (sentence.length <= max * 2) return [sentence];
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sentence.length; i++) {
    const ch = sentence[i];
    if (ch === '“' || ch === '《' || ch === '「') depth++;
    else if ((ch === '”' || ch === '》' || ch === '」') && depth > 0) depth--;
    else if (depth === 0 && (ch === '，' || ch === ',' || ch === '、') && i + 1 - start >= max) {
      out.push(sentence.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < sentence.length) out.push(sentence.slice(start));
  return out;
}

/** Pieces of one long paragraph: consecutive whole sentences up to `max` characters each. */
export function splitLongParagraph(text: string, max = DEFAULT_MAX): string[] {
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let cur = '';
  for (const s of splitSentences(text).flatMap((x) => splitRunOn(x, max))) {
    if (cur !== '' && cur.length + s.length > max) {
      pieces.push(cur);
      cur = '';
    }
    cur += s;
  }
  if (cur !== '') pieces.push(cur);
  // Avoid a tiny tail piece: fold it into the previous one when that stays reasonable.
  const last = pieces[pieces.length - 1];
  const prev = pieces[pieces.length - 2];
  if (
    last !== undefined &&
    prev !== undefined &&
    last.length < max / 4 &&
    prev.length + last.length <= max * 1.25
  ) {
    pieces.splice(pieces.length - 2, 2, prev + last);
  }
  return pieces;
}

/** Cut an article into chunk drafts, in paragraph order, chunkIndex 0..n-1. */
export function chunkArticle(article: Article, opts: ChunkOptions = {}): ChunkDraft[] {
  const max = opts.maxChars ?? DEFAULT_MAX;
  const merge = opts.mergeChars ?? DEFAULT_MERGE;
  const drafts: Omit<ChunkDraft, 'chunkIndex'>[] = [];
  let open: { texts: string[]; paragraphs: number[]; length: number } | undefined;
  const flush = (): void => {
    if (open) drafts.push({ text: open.texts.join('\n'), paragraphs: open.paragraphs });
    open = undefined;
  };
  for (const p of article.paragraphs) {
    if (p.text.length > max) {
      flush();
      for (const piece of splitLongParagraph(p.text, max)) drafts.push({ text: piece, paragraphs: [p.n] });
      continue;
    }
    if (open && open.length + 1 + p.text.length <= merge) {
      open.texts.push(p.text);
      open.paragraphs.push(p.n);
      open.length += 1 + p.text.length;
      continue;
    }
    flush();
    open = { texts: [p.text], paragraphs: [p.n], length: p.text.length };
  }
  flush();
  return drafts.map((d, chunkIndex) => ({ ...d, chunkIndex }));
}
