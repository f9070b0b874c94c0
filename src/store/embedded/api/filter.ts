/**
 * Filter bodies into the engine's Filter (engine/filter.ts evaluates them), with serde's and the validator's
 * errors: unknown keys are rejected (Filter denies unknown fields), `min_count` must be >= 1.
 */
import { formatError, validationError } from '../engine/errors.js';
import type { Condition, Filter, MatchCond, RangeCond } from '../engine/filter.js';
import type { Json } from '../engine/payload.js';
import { parseDatetime } from '../engine/datetime.js';
import { idList, invalidType, isObj, num, str, uint, untagged, type Obj } from './validate.js';

function conditionList(v: unknown, path: string): Condition[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.map((c, i) => condition(c, `${path}[${i}]`));
  return [condition(v, path)];
}

function matchCond(v: unknown): MatchCond {
  if (!isObj(v)) throw untagged('Match');
  if ('value' in v) {
    const x = v.value;
    if (typeof x === 'string' || typeof x === 'boolean') return { kind: 'value', value: x };
    if (typeof x === 'number' && Number.isInteger(x)) return { kind: 'value', value: x };
    throw untagged('ValueVariants');
  }
  const anyList = (x: unknown): (string | number)[] => {
    if (!Array.isArray(x)) throw untagged('AnyVariants');
    const allStr = x.every((e) => typeof e === 'string');
    const allInt = x.every((e) => typeof e === 'number' && Number.isInteger(e));
    if (!allStr && !allInt) throw untagged('AnyVariants');
    return x as (string | number)[];
  };
  if ('any' in v) return { kind: 'any', values: anyList(v.any) };
  if ('except' in v) return { kind: 'except', values: anyList(v.except) };
  if ('text' in v) return { kind: 'text', text: str(v.text) };
  if ('text_any' in v) return { kind: 'text_any', words: str(v.text_any).split(/\s+/).filter(Boolean) };
  if ('phrase' in v) return { kind: 'phrase', phrase: str(v.phrase) };
  if ('prefix' in v) return { kind: 'prefix', prefix: str(v.prefix) };
  throw untagged('Match');
}

function rangeCond(v: unknown): RangeCond {
  if (!isObj(v)) throw untagged('RangeInterface');
  const keys = ['lt', 'lte', 'gt', 'gte'] as const;
  const present = keys.filter((k) => v[k] !== undefined && v[k] !== null);
  const datetime = present.some((k) => typeof v[k] === 'string');
  const out: RangeCond = { datetime };
  for (const k of present) {
    const x = v[k];
    if (datetime) {
      const t = typeof x === 'string' ? parseDatetime(x) : undefined;
      if (t === undefined) throw untagged('RangeInterface');
      out[k] = t;
    } else out[k] = num(x, 'f64');
  }
  return out;
}

function geoCheck(c: Obj): ((v: Json) => boolean) | undefined {
  const point = (v: Json): { lat: number; lon: number } | undefined =>
    isObj(v) && typeof v.lat === 'number' && typeof v.lon === 'number'
      ? { lat: v.lat, lon: v.lon }
      : undefined;
  if (isObj(c.geo_radius)) {
    const center = c.geo_radius.center as Obj;
    const lat0 = num(center?.lat);
    const lon0 = num(center?.lon);
    const radius = num(c.geo_radius.radius);
    return (v) => {
      const p = point(v);
      if (!p) return false;
      const rad = Math.PI / 180;
      const a =
        Math.sin(((p.lat - lat0) * rad) / 2) ** 2 +
        Math.cos(lat0 * rad) * Math.cos(p.lat * rad) * Math.sin(((p.lon - lon0) * rad) / 2) ** 2;
      return 2 * 6371088.0 * Math.asin(Math.sqrt(a)) < radius;
    };
  }
  if (isObj(c.geo_bounding_box)) {
    const tl = c.geo_bounding_box.top_left as Obj;
    const br = c.geo_bounding_box.bottom_right as Obj;
    const top = num(tl?.lat);
    const left = num(tl?.lon);
    const bottom = num(br?.lat);
    const right = num(br?.lon);
    return (v) => {
      const p = point(v);
      return !!p && p.lat <= top && p.lat >= bottom && p.lon >= left && p.lon <= right;
    };
  }
  return undefined;
}

function condition(v: unknown, path: string): Condition {
  if (!isObj(v)) throw untagged('Condition');
  if ('key' in v) {
    const key = str(v.key);
    const c: Condition = { kind: 'field', key };
    let any = false;
    if (v.match !== undefined && v.match !== null) {
      c.match = matchCond(v.match);
      any = true;
    }
    if (v.range !== undefined && v.range !== null) {
      c.range = rangeCond(v.range);
      any = true;
    }
    if (isObj(v.values_count)) {
      const vc = v.values_count;
      c.valuesCount = {};
      for (const k of ['lt', 'lte', 'gt', 'gte'] as const)
        if (vc[k] !== undefined && vc[k] !== null) c.valuesCount[k] = uint(vc[k]);
      any = true;
    }
    const geo = geoCheck(v);
    if (geo) {
      c.geo = geo;
      any = true;
    }
    // `{"key": k, "is_empty": true}` is an alternative syntax for IsEmptyCondition.
    if (v.is_empty === true || v.is_empty === false) {
      const e: Condition = { kind: 'is_empty', key };
      return v.is_empty ? e : { kind: 'filter', filter: { must: [], should: [], mustNot: [e] } };
    }
    if (v.is_null === true || v.is_null === false) {
      const e: Condition = { kind: 'is_null', key };
      return v.is_null ? e : { kind: 'filter', filter: { must: [], should: [], mustNot: [e] } };
    }
    if (!any)
      throw validationError([
        `${path}: Validation error: At least one field condition must be specified [{}]`,
      ]);
    return c;
  }
  if ('is_empty' in v) {
    if (!isObj(v.is_empty)) throw untagged('Condition');
    return { kind: 'is_empty', key: str(v.is_empty.key) };
  }
  if ('is_null' in v) {
    if (!isObj(v.is_null)) throw untagged('Condition');
    return { kind: 'is_null', key: str(v.is_null.key) };
  }
  if ('has_id' in v) return { kind: 'has_id', ids: new Set(idList(v.has_id)) };
  if ('has_vector' in v) return { kind: 'has_vector', name: str(v.has_vector) };
  if ('nested' in v) {
    if (!isObj(v.nested)) throw untagged('Condition');
    return {
      kind: 'nested',
      key: str(v.nested.key),
      filter: filter(v.nested.filter, `${path}.nested.filter`),
    };
  }
  if (Object.keys(v).some((k) => !FILTER_KEYS.includes(k))) throw untagged('Condition');
  return { kind: 'filter', filter: filter(v, path) };
}

const FILTER_KEYS = ['should', 'min_should', 'must', 'must_not'];

export function filter(v: unknown, path = 'filter'): Filter {
  if (!isObj(v)) invalidType(v, 'struct Filter');
  // Filter denies unknown fields in Qdrant (that is how untagged conditions resolve), so a typo such as
  // `{"must_nt": …}` is an error rather than a filter that matches everything.
  for (const k of Object.keys(v)) {
    if (!FILTER_KEYS.includes(k)) {
      throw formatError(
        `unknown field \`${k}\`, expected one of \`should\`, \`min_should\`, \`must\`, \`must_not\``,
      );
    }
  }
  const f: Filter = {
    must: conditionList(v.must, `${path}.must`),
    should: conditionList(v.should, `${path}.should`),
    mustNot: conditionList(v.must_not, `${path}.must_not`),
  };
  if (v.min_should !== undefined && v.min_should !== null) {
    const ms = v.min_should;
    if (!isObj(ms)) invalidType(ms, 'struct MinShould');
    const minCount = uint(ms.min_count);
    if (minCount < 1)
      throw validationError([`${path}.min_should.min_count: value 0 invalid, must be 1 or larger`]);
    f.minShould = { conditions: conditionList(ms.conditions, `${path}.min_should.conditions`), minCount };
  }
  return f;
}

export function optFilter(v: unknown, path = 'filter'): Filter | undefined {
  return v === undefined || v === null ? undefined : filter(v, path);
}
