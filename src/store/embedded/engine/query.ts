/**
 * Executes a parsed query plan on a collection: leaf `nearest` searches (dense scan or sparse inverted index),
 * rescoring of prefetch candidates, fusion (RRF / DBSF), thresholds (strict for nearest, >= for fusion),
 * limit/offset, and the root filter pushed down into every prefetch.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Collection, Selection } from './collection.js';
import { dimensionError, unknownVector, wrongInput } from './errors.js';
import { filterKey, mergeFilters, type Filter } from './filter.js';
import { dbsf, rrf, type Scored } from './fusion.js';
import type { PointId } from './ids.js';
import { f32Out } from './numbers.js';
import { selectPayload } from './payload.js';
import type { QueryKind, QueryPlan, RootQuery, VectorInput } from './requests.js';
import type { SparseQuery } from './sparse-index.js';

type Prepared =
  | { kind: 'dense'; name: string; q: Float32Array; lowerIsBetter: boolean }
  | { kind: 'sparse'; name: string; q: SparseQuery };

function prepareVector(col: Collection, using: string, v: VectorInput): Prepared {
  const d = col.dense.get(using);
  if (d) {
    if (v.kind === 'multi') throw wrongInput(`Multi-vectors are not configured for vector ${using}`);
    if (v.kind !== 'dense') throw wrongInput('Conversion between sparse and regular vectors failed');
    if (v.values.length !== d.dim) throw dimensionError(d.dim, v.values.length);
    return {
      kind: 'dense',
      name: using,
      q: d.prepare(v.values),
      lowerIsBetter: d.distance === 'Euclid' || d.distance === 'Manhattan',
    };
  }
  const s = col.sparse.get(using);
  if (s) {
    if (v.kind !== 'sparse') throw wrongInput('Conversion between sparse and regular vectors failed');
    // The server sorts query indices.
    const order = Array.from(v.indices.keys()).sort(
      (a, b) => (v.indices[a] as number) - (v.indices[b] as number),
    );
    return {
      kind: 'sparse',
      name: using,
      q: {
        indices: Uint32Array.from(order, (i) => v.indices[i] as number),
        values: Float32Array.from(order, (i) => v.values[i] as number),
      },
    };
  }
  throw unknownVector(using);
}

/** Replaces `query: <point id>` by that point's vector and collects the ids (they are excluded from results). */
function resolveIds(col: Collection, p: QueryPlan, ids: PointId[]): void {
  if (p.query?.kind === 'nearest' && p.query.vector.kind === 'id') {
    ids.push(p.query.vector.id);
    p.query = { kind: 'nearest', vector: col.storedVector(p.query.vector.id, p.using) };
  }
  for (const c of p.prefetch) resolveIds(col, c, ids);
}

/**
 * Selections computed during one request, by filter object and by structure: prefetches sharing the root
 * filter, or each given the same filter, select once.
 */
type SelectionCache = Map<Filter | string, Selection>;

function selectCached(col: Collection, filter: Filter, cache: SelectionCache): Selection {
  let sel = cache.get(filter);
  if (sel) return sel;
  const key = filterKey(filter);
  sel = key !== undefined ? cache.get(key) : undefined;
  if (!sel) {
    sel = col.select(filter);
    if (key !== undefined) cache.set(key, sel);
  }
  cache.set(filter, sel);
  return sel;
}

function nearestLeaf(
  col: Collection,
  p: QueryPlan,
  v: VectorInput,
  filter: Filter | undefined,
  cache: SelectionCache,
): Scored[] {
  const prep = prepareVector(col, p.using, v);
  const sel = filter ? selectCached(col, filter, cache) : undefined;
  const want = p.limit + p.offset;
  let res: { rows: number[]; scores: number[] };
  if (prep.kind === 'dense') {
    const d = col.dense.get(prep.name)!;
    res = d.search(prep.q, want, col.rowCount, sel?.rows, p.threshold);
  } else {
    res = col.sparse.get(prep.name)!.search(prep.q, want, sel, p.threshold);
  }
  return res.rows.map((row, i) => ({ row, score: res.scores[i] as number }));
}

function rescore(col: Collection, p: QueryPlan, v: VectorInput, candidates: number[]): Scored[] {
  const prep = prepareVector(col, p.using, v);
  const out: Scored[] = [];
  if (prep.kind === 'dense') {
    const d = col.dense.get(prep.name)!;
    for (const r of candidates) {
      if (!d.has(r)) continue;
      const s = d.score(prep.q, r);
      if (d.passes(s, p.threshold)) out.push({ row: r, score: s });
    }
    out.sort((a, b) => (prep.lowerIsBetter ? a.score - b.score : b.score - a.score));
  } else {
    const scores = col.sparse.get(prep.name)!.scoreRows(prep.q, candidates);
    candidates.forEach((r, i) => {
      const s = scores[i];
      if (s !== undefined && (p.threshold === undefined || s > p.threshold)) out.push({ row: r, score: s });
    });
    out.sort((a, b) => b.score - a.score);
  }
  return out;
}

function shuffle<T>(a: T[]): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

function page(list: Scored[], p: QueryPlan): Scored[] {
  return list.slice(p.offset, p.offset + p.limit);
}

function exec(col: Collection, p: QueryPlan, inherited: Filter | undefined, cache: SelectionCache): Scored[] {
  const filter = mergeFilters(inherited, p.filter);
  const q: QueryKind | undefined = p.query;
  if (p.prefetch.length > 0) {
    const lists = p.prefetch.map((c) => exec(col, c, filter, cache));
    if (!q) return [];
    if (q.kind === 'rrf' || q.kind === 'dbsf') {
      let fused = q.kind === 'rrf' ? rrf(lists, q.k, q.weights) : dbsf(lists);
      if (p.threshold !== undefined) {
        const t = p.threshold;
        fused = fused.filter((s) => s.score >= t);
      }
      return page(fused, p);
    }
    const seen = new Set<number>();
    const candidates: number[] = [];
    for (const l of lists) {
      for (const s of l) {
        if (seen.has(s.row)) continue;
        seen.add(s.row);
        candidates.push(s.row);
      }
    }
    if (q.kind === 'sample')
      return page(
        shuffle(candidates).map((row) => ({ row, score: 0 })),
        p,
      );
    return page(rescore(col, p, q.vector, candidates), p);
  }
  if (!q) {
    const { rows } = col.scrollRows(filter, undefined, p.offset + p.limit);
    return page(
      rows.map((row) => ({ row, score: 0 })),
      p,
    );
  }
  if (q.kind === 'nearest') return page(nearestLeaf(col, p, q.vector, filter, cache), p);
  if (q.kind === 'sample') {
    const rows = filter ? Array.from(selectCached(col, filter, cache).rows) : Array.from(col.sortedRows());
    return page(
      shuffle(rows).map((row) => ({ row, score: 0 })),
      p,
    );
  }
  return [];
}

export function runQuery(col: Collection, q: RootQuery): Schemas['QueryResponse'] {
  const ids: PointId[] = [];
  resolveIds(col, q, ids);
  let rootFilter = q.filter;
  if (ids.length > 0) {
    rootFilter = mergeFilters(rootFilter, {
      must: [],
      should: [],
      mustNot: [{ kind: 'has_id', ids: new Set(ids) }],
    });
  }
  const results = exec(col, { ...q, filter: rootFilter }, undefined, new Map());
  return {
    points: results.map(({ row, score }) => {
      const sp: Schemas['ScoredPoint'] = {
        id: col.ids[row] as PointId,
        version: col.versions[row] as number,
        score: f32Out(score),
      };
      const payload = selectPayload(col.payloads[row], q.withPayload);
      if (payload !== undefined) sp.payload = payload;
      const vector = col.vectorOut(row, q.withVector);
      if (vector !== undefined) sp.vector = vector;
      return sp;
    }),
  };
}
