/**
 * The vector layout of a collection, read from its (already validated, see api/collection-params.ts)
 * CreateCollection config: dense names with size/distance and sparse names with their modifier. The unnamed
 * form is the dense vector "".
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Distance } from './dense.js';

export interface DenseConfig {
  size: number;
  distance: Distance;
}
export interface SparseConfig {
  idf: boolean;
  fullScanThreshold: number;
}
export interface VectorLayout {
  unnamed: boolean;
  dense: Map<string, DenseConfig>;
  sparse: Map<string, SparseConfig>;
}

export const DEFAULT_FULL_SCAN_THRESHOLD = 5000;

type Obj = { [k: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const dense = (p: Obj): DenseConfig => ({ size: p.size as number, distance: p.distance as Distance });

/** Reads the layout of a validated config: dense vectors as `vectors`, sparse ones as `sparse_vectors`. */
export function layoutOf(config: Schemas['CreateCollection']): VectorLayout {
  const out: VectorLayout = { unnamed: false, dense: new Map(), sparse: new Map() };
  const vectors: unknown = config.vectors;
  if (isObj(vectors)) {
    if ('size' in vectors || 'distance' in vectors) {
      out.unnamed = true;
      out.dense.set('', dense(vectors));
    } else {
      for (const [name, p] of Object.entries(vectors)) if (isObj(p)) out.dense.set(name, dense(p));
    }
  }
  const sv: unknown = config.sparse_vectors;
  if (isObj(sv)) {
    for (const [name, p] of Object.entries(sv)) out.sparse.set(name, sparseConfig(isObj(p) ? p : {}));
  }
  return out;
}

export function sparseConfig(params: Obj): SparseConfig {
  const index = isObj(params.index) ? params.index : {};
  const fst = index.full_scan_threshold;
  return {
    idf: params.modifier === 'idf',
    fullScanThreshold: typeof fst === 'number' ? fst : DEFAULT_FULL_SCAN_THRESHOLD,
  };
}
