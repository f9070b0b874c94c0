/**
 * BM25 as Qdrant sparse vectors: documents carry the BM25 term-frequency part, the collection's `idf`
 * modifier supplies IDF at query time (N and df collection-wide), and queries carry 1 per term.
 * Term ids are hashes of the token, so every process and every run agrees without a shared vocabulary.
 */
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
