/**
 * Filters: the parsed form, Qdrant's merge (used to push the root filter into prefetches), and evaluation to a
 * set of allowed rows. Conditions follow lib/segment/src/payload_storage/condition_checker.rs: a field
 * condition matches when any value at the key (array elements included) matches; missing fields never match,
 * not even `except`.
 */
import type { PointId } from './ids.js';
import { flatValuesAt, valuesAt, type Json, type Payload } from './payload.js';
import { parseDatetime } from './datetime.js';

export type MatchCond =
  | { kind: 'value'; value: string | number | boolean }
  | { kind: 'any'; values: (string | number)[] }
  | { kind: 'except'; values: (string | number)[] }
  | { kind: 'text'; text: string }
  | { kind: 'text_any'; words: string[] }
  | { kind: 'phrase'; phrase: string }
  | { kind: 'prefix'; prefix: string };

export interface RangeCond {
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /** Bounds given as RFC 3339 strings: compare parsed date-time payload strings. */
  datetime: boolean;
}

export type Condition =
  | {
      kind: 'field';
      key: string;
      match?: MatchCond;
      range?: RangeCond;
      valuesCount?: { lt?: number; lte?: number; gt?: number; gte?: number };
      geo?: (v: Json) => boolean;
    }
  | { kind: 'is_empty'; key: string }
  | { kind: 'is_null'; key: string }
  | { kind: 'has_id'; ids: Set<PointId> }
  | { kind: 'has_vector'; name: string }
  | { kind: 'nested'; key: string; filter: Filter }
  | { kind: 'filter'; filter: Filter };

export interface Filter {
  must: Condition[];
  should: Condition[];
  mustNot: Condition[];
  minShould?: { conditions: Condition[]; minCount: number };
}

/** Filter::merge: concatenation of must/should/must_not; min_should keeps the larger min_count. */
export function mergeFilters(a: Filter | undefined, b: Filter | undefined): Filter | undefined {
  if (!a) return b;
  if (!b) return a;
  let minShould = a.minShould ?? b.minShould;
  if (a.minShould && b.minShould) {
    minShould = {
      conditions: [...a.minShould.conditions, ...b.minShould.conditions],
      minCount: Math.max(a.minShould.minCount, b.minShould.minCount),
    };
  }
  const out: Filter = {
    must: [...a.must, ...b.must],
    should: [...a.should, ...b.should],
    mustNot: [...a.mustNot, ...b.mustNot],
  };
  if (minShould) out.minShould = minShould;
  return out;
}

/** The filter without one of its `must` conditions (already known to hold); undefined when nothing is left. */
export function withoutMust(f: Filter, cond: Condition): Filter | undefined {
  const must = f.must.filter((c) => c !== cond);
  if (must.length === 0 && f.should.length === 0 && f.mustNot.length === 0 && !f.minShould) return undefined;
  return { ...f, must };
}

/**
 * A key equal for filters that select the same rows by construction (same parsed structure), so one request's
 * prefetches, each parsed into its own objects, share one selection. Undefined for geo conditions (functions).
 */
export function filterKey(f: Filter): string | undefined {
  let ok = true;
  const key = JSON.stringify(f, (_k, v: unknown) => {
    if (typeof v === 'function') ok = false;
    return v instanceof Set ? { set: Array.from(v as Set<unknown>) } : v;
  });
  return ok ? key : undefined;
}

/** What a filter needs to know about a row. */
export interface RowAccess {
  payload(row: number): Payload | undefined;
  id(row: number): PointId | undefined;
  hasVector(name: string, row: number): boolean;
}

function matchOne(m: MatchCond, v: Json): boolean {
  switch (m.kind) {
    case 'value':
      if (typeof m.value === 'boolean') return v === m.value;
      if (typeof m.value === 'string') return v === m.value;
      return typeof v === 'number' && Number.isInteger(v) && v === m.value;
    case 'any':
      if (typeof v === 'string') return m.values.includes(v);
      if (typeof v === 'number') return Number.isInteger(v) && m.values.includes(v);
      return false;
    case 'except':
      if (v === null) return false;
      if (typeof v === 'string') return !m.values.includes(v);
      if (typeof v === 'number') return !Number.isInteger(v) || !m.values.includes(v);
      return true;
    case 'text':
      return typeof v === 'string' && v.includes(m.text);
    case 'text_any':
      return typeof v === 'string' && m.words.some((w) => v.includes(w));
    case 'phrase':
      return typeof v === 'string' && v.includes(m.phrase);
    case 'prefix':
      return typeof v === 'string' && v.startsWith(m.prefix);
  }
}

function inRange(r: RangeCond, x: number): boolean {
  return (
    (r.lt === undefined || x < r.lt) &&
    (r.lte === undefined || x <= r.lte) &&
    (r.gt === undefined || x > r.gt) &&
    (r.gte === undefined || x >= r.gte)
  );
}

function rangeOne(r: RangeCond, v: Json): boolean {
  if (r.datetime) {
    if (typeof v !== 'string') return false;
    const t = parseDatetime(v);
    return t !== undefined && inRange(r, t);
  }
  return typeof v === 'number' && inRange(r, v);
}

function countValues(payload: Payload | undefined, key: string): number {
  let n = 0;
  for (const v of valuesAt(payload, key)) n += Array.isArray(v) ? v.length : v === null ? 0 : 1;
  return n;
}

/** Checks one condition against a row's payload (and id/vectors). */
function checkCondition(
  c: Condition,
  row: number,
  payload: Payload | undefined,
  acc: RowAccess | undefined,
): boolean {
  switch (c.kind) {
    case 'field': {
      if (c.valuesCount) return inRange({ ...c.valuesCount, datetime: false }, countValues(payload, c.key));
      const values = flatValuesAt(payload, c.key);
      for (const v of values) {
        if (c.match && matchOne(c.match, v)) return true;
        if (c.range && rangeOne(c.range, v)) return true;
        if (c.geo && c.geo(v)) return true;
      }
      return false;
    }
    case 'is_empty': {
      const vs = valuesAt(payload, c.key);
      return vs.every((v) => v === null || (Array.isArray(v) && v.length === 0));
    }
    case 'is_null':
      return valuesAt(payload, c.key).some((v) => v === null);
    case 'has_id': {
      const id = acc?.id(row);
      return id !== undefined && c.ids.has(id);
    }
    case 'has_vector':
      return acc !== undefined && acc.hasVector(c.name, row);
    case 'nested':
      return valuesAt(payload, c.key).some((v) =>
        (Array.isArray(v) ? v : [v]).some(
          (e) =>
            typeof e === 'object' &&
            e !== null &&
            !Array.isArray(e) &&
            checkFilter(c.filter, row, e, undefined),
        ),
      );
    case 'filter':
      return checkFilter(c.filter, row, payload, acc);
  }
}

/** Evaluates a filter for one row. `acc` is undefined inside `nested` (no ids there). */
export function checkFilter(
  f: Filter,
  row: number,
  payload: Payload | undefined,
  acc: RowAccess | undefined,
): boolean {
  for (const c of f.must) if (!checkCondition(c, row, payload, acc)) return false;
  for (const c of f.mustNot) if (checkCondition(c, row, payload, acc)) return false;
  if (f.should.length > 0 && !f.should.some((c) => checkCondition(c, row, payload, acc))) return false;
  if (f.minShould) {
    let n = 0;
    for (const c of f.minShould.conditions) {
      if (checkCondition(c, row, payload, acc) && ++n >= f.minShould.minCount) break;
    }
    if (n < f.minShould.minCount) return false;
  }
  return true;
}
