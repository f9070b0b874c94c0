/**
 * Payload access by Qdrant key paths ("a.b", "a[].b", "a[0]") and the `with_payload` selectors.
 */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Payload = { [k: string]: Json };

type Segment = { key: string } | { index: number } | { all: true };

const pathCache = new Map<string, Segment[]>();

/** Splits "a.b[].c[2]" into segments. Quoted keys ("a.\"b.c\"") are accepted for keys with dots. */
export function parsePath(path: string): Segment[] {
  const cached = pathCache.get(path);
  if (cached) return cached;
  const segs: Segment[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      i++;
      continue;
    }
    if (c === '[') {
      const end = path.indexOf(']', i);
      const inner = end < 0 ? '' : path.slice(i + 1, end);
      segs.push(inner === '' ? { all: true } : { index: Number(inner) });
      i = end < 0 ? path.length : end + 1;
      continue;
    }
    if (c === '"') {
      const end = path.indexOf('"', i + 1);
      segs.push({ key: path.slice(i + 1, end < 0 ? path.length : end) });
      i = end < 0 ? path.length : end + 1;
      continue;
    }
    let j = i;
    while (j < path.length && path[j] !== '.' && path[j] !== '[') j++;
    segs.push({ key: path.slice(i, j) });
    i = j;
  }
  if (pathCache.size > 10_000) pathCache.clear();
  pathCache.set(path, segs);
  return segs;
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Values found at `path`. Arrays met on the way are traversed element-wise; the leaf value is returned as is
 * (an array leaf stays one value: conditions then match if any element matches).
 */
const NONE: Json[] = [];

export function valuesAt(payload: Payload | undefined, path: string): Json[] {
  if (!payload) return NONE;
  const segs = parsePath(path);
  const first = segs[0];
  if (segs.length === 1 && first && 'key' in first) {
    // Fast path for top-level keys, the common case in filters.
    const v = payload[first.key];
    return v === undefined ? NONE : [v];
  }
  let cur: Json[] = [payload];
  for (const seg of segs) {
    const next: Json[] = [];
    for (const v of cur) {
      if ('key' in seg) {
        if (isObject(v)) {
          const x = v[seg.key];
          if (x !== undefined) next.push(x);
        } else if (Array.isArray(v)) {
          for (const e of v) if (isObject(e) && e[seg.key] !== undefined) next.push(e[seg.key] as Json);
        }
      } else if ('index' in seg) {
        if (Array.isArray(v) && v[seg.index] !== undefined) next.push(v[seg.index] as Json);
      } else if (Array.isArray(v)) {
        for (const e of v) next.push(e);
      }
    }
    cur = next;
  }
  return cur;
}

/** Leaf values with arrays flattened one level: what keyword/integer indexes and conditions compare. */
export function flatValuesAt(payload: Payload | undefined, path: string): Json[] {
  const vs = valuesAt(payload, path);
  if (vs.length === 1) {
    const v = vs[0] as Json;
    return Array.isArray(v) ? v : vs;
  }
  const out: Json[] = [];
  for (const v of vs) {
    if (Array.isArray(v)) for (const e of v) out.push(e);
    else out.push(v);
  }
  return out;
}

/** Parsed `with_payload`. */
export type PayloadSelector =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'include'; keys: string[] }
  | { kind: 'exclude'; keys: string[] };

type Item = Segment;

const sameItem = (a: Item, b: Item): boolean =>
  'key' in a
    ? 'key' in b && a.key === b.key
    : 'index' in a
      ? 'index' in b && a.index === b.index
      : 'all' in b;

/** JsonPath::check_include_pattern: one path is a prefix of the other. */
function includes(pattern: Item[], path: Item[]): boolean {
  const n = Math.min(pattern.length, path.length);
  for (let i = 0; i < n; i++) if (!sameItem(pattern[i] as Item, path[i] as Item)) return false;
  return true;
}

/** JsonPath::check_exclude_pattern: the pattern is a prefix of the path. */
function excludes(pattern: Item[], path: Item[]): boolean {
  return pattern.length <= path.length && includes(pattern, path);
}

/**
 * JsonPath::value_filter: walks the payload keeping the nodes `keep` accepts. Array elements are visited as
 * `[]` (so `a[].b` selects `b` in every element, and an index pattern such as `a[0]` matches no element).
 */
function filterValue(value: Json, path: Item[], keep: (path: Item[]) => boolean): Json {
  if (Array.isArray(value)) {
    path.push({ all: true });
    const out: Json[] = [];
    if (keep(path)) for (const e of value) out.push(filterValue(e, path, keep));
    path.pop();
    return out;
  }
  if (isObject(value)) {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      path.push({ key: k });
      if (keep(path)) out[k] = filterValue(v, path, keep);
      path.pop();
    }
    return out;
  }
  return value;
}

function filterPayload(payload: Payload, keep: (path: Item[]) => boolean): Payload {
  return filterValue(payload, [], keep) as Payload;
}

/** Applies a selector; returns undefined when the payload must be left out of the response. */
export function selectPayload(payload: Payload | undefined, sel: PayloadSelector): Payload | undefined {
  switch (sel.kind) {
    case 'none':
      return undefined;
    case 'all':
      return payload ?? {};
    case 'include': {
      if (!payload) return {};
      const patterns = sel.keys.map(parsePath);
      return filterPayload(payload, (path) => patterns.some((p) => includes(p, path)));
    }
    case 'exclude': {
      if (!payload) return {};
      const patterns = sel.keys.map(parsePath);
      return filterPayload(payload, (path) => !patterns.some((p) => excludes(p, path)));
    }
  }
}
