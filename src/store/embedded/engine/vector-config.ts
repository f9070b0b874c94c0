/**
 * The vector layout of a collection, read from its CreateCollection body: dense names with size/distance and
 * sparse names with their modifier. The unnamed form is the dense vector "".
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Distance } from './dense.js';
import { formatError, validationError } from './errors.js';
import { isObj, uint } from '../api/validate.js';

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

const DISTANCES = ['Cosine', 'Euclid', 'Dot', 'Manhattan'];

function denseParams(v: unknown, path: string): DenseConfig {
  if (!isObj(v)) throw formatError('data did not match any variant of untagged enum VectorsConfig');
  const size = uint(v.size, 'u64');
  if (size < 1) throw validationError([`${path}size: value 0 invalid, must be 1 or larger`]);
  if (size > 65536) throw validationError([`${path}size: value ${size} invalid, must be 65536 or smaller`]);
  if (typeof v.distance !== 'string' || !DISTANCES.includes(v.distance)) {
    throw formatError(
      `unknown variant \`${String(v.distance)}\`, expected one of \`Cosine\`, \`Euclid\`, \`Dot\`, \`Manhattan\``,
    );
  }
  if (isObj(v.multivector_config))
    throw formatError('multivector_config is not supported by the embedded store');
  return { size, distance: v.distance as Distance };
}

export function parseLayout(body: Schemas['CreateCollection']): VectorLayout {
  const out: VectorLayout = { unnamed: false, dense: new Map(), sparse: new Map() };
  const vectors: unknown = body.vectors;
  if (vectors !== undefined && vectors !== null) {
    if (!isObj(vectors)) throw formatError('data did not match any variant of untagged enum VectorsConfig');
    if ('size' in vectors || 'distance' in vectors) {
      out.unnamed = true;
      out.dense.set('', denseParams(vectors, 'vectors.'));
    } else {
      for (const [name, p] of Object.entries(vectors))
        out.dense.set(name, denseParams(p, `vectors.${name}.`));
    }
  }
  const sv: unknown = body.sparse_vectors;
  if (sv !== undefined && sv !== null) {
    if (!isObj(sv)) throw formatError('invalid type: expected a map');
    for (const [name, p] of Object.entries(sv)) {
      const params = isObj(p) ? p : {};
      const m = params.modifier;
      if (m !== undefined && m !== null && m !== 'none' && m !== 'idf') {
        throw formatError(`unknown variant \`${String(m)}\`, expected \`none\` or \`idf\``);
      }
      const index = isObj(params.index) ? params.index : {};
      const fst = typeof index.full_scan_threshold === 'number' ? index.full_scan_threshold : 5000;
      if (out.dense.has(name))
        throw formatError(`vector name ${name} is used by both dense and sparse vectors`);
      out.sparse.set(name, { idf: m === 'idf', fullScanThreshold: fst });
    }
  }
  return out;
}
