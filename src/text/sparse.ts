/**
 * BM25 as Qdrant sparse vectors: documents carry the BM25 term-frequency part, the collection's `idf`
 * modifier supplies IDF at query time (N and df collection-wide), and queries carry 1 per term.
 * Term ids are hashes of the token, so every process and every run agrees without a shared vocabulary.
 */
import { simplify } from './normalize.js';
import { tokenize } from './tokenize.js';

export interface SparseVector {
  indices: number[];
  values: number[];
}

/** BM25 parameters. avgLen is fixed (tokens per chunk) so a chunk's vector never depends on the rest of the corpus. */
export const BM25 = { k1: 1.2, b: 0.75, avgLen: 120 } as const;

/** FNV-1a, 32-bit: a stable, fast term id in Qdrant's uint32 index space. */
export function termId(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function counts(tokens: string[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const t of tokens) {
    const id = termId(t);
    m.set(id, (m.get(id) ?? 0) + 1);
  }
  return m;
}

function toSparse(m: Map<number, number>, value: (tf: number) => number): SparseVector {
  const indices = [...m.keys()].sort((a, b) => a - b);
  return { indices, values: indices.map((i) => value(m.get(i) ?? 0)) };
}

/** Document-side vector: BM25 saturated term frequency with length normalisation. */
export function documentVector(text: string): SparseVector {
  const tokens = tokenize(text);
  const { k1, b, avgLen } = BM25;
  const norm = k1 * (1 - b + (b * tokens.length) / avgLen);
  return toSparse(counts(tokens), (tf) => (tf * (k1 + 1)) / (tf + norm));
}

/** Query-side vector: each distinct term once (IDF comes from the collection). */
export function queryVector(text: string): SparseVector {
  return toSparse(counts(tokenize(text)), () => 1);
}

/** Character bigrams of every Han run (a lone Han character counts alone) and Latin/digit words. */
export function bigrams(text: string): string[] {
  const norm = simplify(text.normalize('NFKC')).toLowerCase();
  const out: string[] = [];
  for (const run of norm.match(/\p{Script=Han}+/gu) ?? []) {
    if (run.length === 1) out.push(run);
    for (let i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  }
  for (const w of norm.match(/[a-z0-9]{2,}/g) ?? []) out.push(w);
  return out;
}

/** Prefix that keeps bigram ids apart from word ids in the `head` vector ("政协" the word ≠ "政协" the bigram). */
const BIGRAM_TAG = '\u0002';

/**
 * Head vector of an article (title, subtitle, byline, place names): jieba words plus character bigrams, each
 * once (a headline is short; repeats say nothing). Bigrams survive a name jieba cuts differently in the
 * question ("李瑞杰" vs "李瑞/杰").
 */
export function headVector(parts: string[]): SparseVector {
  const text = parts.filter((p) => p !== '').join('\n');
  const m = new Map<number, number>();
  for (const t of tokenize(text)) m.set(termId(t), 1);
  for (const b of bigrams(text)) m.set(termId(BIGRAM_TAG + b), 1);
  return toSparse(m, () => 1);
}

/** Query-side head vector: the query's content words plus the bigrams inside them. */
export function headQueryVector(terms: string[]): SparseVector {
  const m = new Map<number, number>();
  for (const t of terms) {
    m.set(termId(t), 1);
    for (const b of bigrams(t)) if (b.length === 2) m.set(termId(BIGRAM_TAG + b), 1);
  }
  return toSparse(m, () => 1);
}
