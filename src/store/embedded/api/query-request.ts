/**
 * Parsing of QueryRequest / Prefetch bodies into a plan, with Qdrant's checks (collection_query.rs
 * `validation`): prefetch needs a query, score_threshold needs a query, fusion takes no `using`.
 */
import { badRequest, formatError, validationError } from '../engine/errors.js';
import { parseId, tryParseId } from '../engine/ids.js';
import type { QueryKind, QueryPlan, RootQuery } from '../engine/requests.js';
import {
  floatArray,
  isObj,
  limitOf,
  num,
  optUint,
  payloadSelector,
  sparse,
  str,
  uint,
  withVector,
  type Obj,
  type VectorInput,
} from './validate.js';
import { optFilter } from './filter.js';

const DEFAULT_LIMIT = 10;

function vectorInput(v: unknown, path: string): VectorInput {
  if (Array.isArray(v)) {
    if (v.length > 0 && Array.isArray(v[0])) return { kind: 'multi', values: v.map((r) => floatArray(r)) };
    return { kind: 'dense', values: floatArray(v) };
  }
  if (typeof v === 'number' || typeof v === 'string') {
    if (tryParseId(v) === undefined)
      throw formatError('data did not match any variant of untagged enum QueryInterface');
    return { kind: 'id', id: parseId(v) };
  }
  if (isObj(v) && 'indices' in v && 'values' in v) return sparse(v, path);
  if (isObj(v) && ('text' in v || 'image' in v || 'object' in v)) {
    throw badRequest('Inference (Document, Image, InferenceObject) is not supported by the embedded store');
  }
  throw formatError('data did not match any variant of untagged enum QueryInterface');
}

function queryKind(v: unknown, path: string): QueryKind {
  if (!isObj(v)) return { kind: 'nearest', vector: vectorInput(v, path) };
  if ('indices' in v && 'values' in v) return { kind: 'nearest', vector: vectorInput(v, path) };
  if ('nearest' in v) {
    // MMR re-ranks for diversity; answering it as plain nearest would silently differ from Qdrant.
    if (v.mmr !== undefined && v.mmr !== null)
      throw badRequest('`mmr` is not supported by the embedded store');
    return { kind: 'nearest', vector: vectorInput(v.nearest, `${path}.nearest`) };
  }
  if ('fusion' in v) {
    if (v.fusion === 'rrf') return { kind: 'rrf', k: 2 };
    if (v.fusion === 'dbsf') return { kind: 'dbsf' };
    throw formatError(`unknown variant \`${String(v.fusion)}\`, expected \`rrf\` or \`dbsf\``);
  }
  if ('rrf' in v) {
    const r = v.rrf;
    if (!isObj(r)) throw formatError('data did not match any variant of untagged enum QueryInterface');
    const k = optUint(r, 'k') ?? 2;
    if (k < 1) throw validationError([`${path}.rrf.k: value 0 invalid, must be 1 or larger`]);
    const out: QueryKind = { kind: 'rrf', k };
    if (r.weights !== undefined && r.weights !== null) out.weights = floatArray(r.weights);
    return out;
  }
  if ('sample' in v) {
    if (v.sample !== 'random')
      throw formatError(`unknown variant \`${String(v.sample)}\`, expected \`random\``);
    return { kind: 'sample' };
  }
  for (const k of ['order_by', 'recommend', 'discover', 'context', 'formula', 'relevance_feedback']) {
    if (k in v) throw badRequest(`Query \`${k}\` is not supported by the embedded store`);
  }
  if ('text' in v || 'image' in v || 'object' in v) return { kind: 'nearest', vector: vectorInput(v, path) };
  throw formatError('data did not match any variant of untagged enum QueryInterface');
}

/**
 * SearchParams: the embedded store searches exactly, so these only tune nothing here, but they are held to
 * Qdrant's rules (`hnsw_ef` >= 1) so a request Qdrant rejects is rejected here too.
 */
function searchParams(v: unknown, path: string): void {
  if (v === undefined || v === null) return;
  if (!isObj(v)) throw formatError('invalid type: expected struct SearchParams');
  const ef = v.hnsw_ef;
  if (ef === undefined || ef === null) return;
  if (uint(ef) < 1) throw validationError([`${path}hnsw_ef: value 0 invalid, must be 1 or larger`]);
}

function plan(body: Obj, path: string, isRoot: boolean): QueryPlan {
  searchParams(body.params, `${path}params.`);
  const p: QueryPlan = {
    prefetch: [],
    using: body.using === undefined || body.using === null ? '' : str(body.using),
    limit: limitOf(body, `${path}limit`, DEFAULT_LIMIT),
    offset: isRoot ? (optUint(body, 'offset') ?? 0) : 0,
  };
  const pre = body.prefetch;
  if (pre !== undefined && pre !== null) {
    const list = Array.isArray(pre) ? pre : [pre];
    p.prefetch = list.map((x, i) => {
      if (!isObj(x)) throw formatError('invalid type: expected struct Prefetch');
      const sub = Array.isArray(pre) ? `${path}prefetch[${i}].` : `${path}prefetch.`;
      return plan(x, sub, false);
    });
  }
  if (body.query !== undefined && body.query !== null) p.query = queryKind(body.query, `${path}query`);
  const f = optFilter(body.filter);
  if (f) p.filter = f;
  if (body.score_threshold !== undefined && body.score_threshold !== null)
    p.threshold = num(body.score_threshold);
  if (isObj(body.lookup_from)) throw badRequest('`lookup_from` is not supported by the embedded store');
  checkPlan(p);
  return p;
}

function checkPlan(p: QueryPlan): void {
  if (p.prefetch.length > 0 && !p.query) {
    throw badRequest(
      "A query is needed to merge the prefetches. Can't have prefetches without defining a query.",
    );
  }
  if (p.threshold !== undefined && !p.query) {
    throw badRequest(
      "A query is needed to use the score_threshold. Can't have score_threshold without defining a query.",
    );
  }
  const q = p.query;
  if (q && (q.kind === 'rrf' || q.kind === 'dbsf')) {
    if (p.using !== '') throw badRequest("Fusion queries cannot be combined with the 'using' field.");
    if (p.prefetch.length === 0) throw badRequest('cannot apply Fusion without prefetches');
    if (q.kind === 'rrf' && q.weights && q.weights.length !== p.prefetch.length) {
      throw badRequest('Number of weights in RRF should match number of pre-fetches');
    }
  }
}

/** Parses one QueryRequest body (the batch form passes each entry of `searches`). */
export function parseQueryRequest(body: unknown): RootQuery {
  if (!isObj(body)) throw formatError('invalid type: expected struct QueryRequest');
  const p = plan(body, 'internal.', true);
  if (body.offset !== undefined && body.offset !== null) uint(body.offset);
  return {
    ...p,
    withPayload: payloadSelector(body.with_payload, false),
    withVector: withVector(body),
  };
}
