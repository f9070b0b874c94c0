/**
 * Payload field indexes. Every created index is recorded for `payload_schema`; keyword/integer/uuid/bool
 * indexes also keep value -> rows maps so `match` conditions in a filter's `must` list become a candidate set
 * instead of a full scan. Integer, float and datetime indexes answer `range` conditions the same way, from
 * their values sorted (built on the first range after a write, so writes stay as cheap as before).
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Condition, RangeCond } from './filter.js';
import { flatValuesAt, type Json, type Payload } from './payload.js';
import { parseDatetime } from './datetime.js';

export type FieldSchema = NonNullable<Schemas['CreateFieldIndex']['field_schema']>;
type Key = string | number | boolean;

export function schemaType(s: FieldSchema): string {
  return typeof s === 'string' ? s : String((s as { type: unknown }).type);
}

function indexable(type: string, v: Json): v is Key {
  switch (type) {
    case 'keyword':
    case 'uuid':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'bool':
      return typeof v === 'boolean';
    default:
      return false;
  }
}

function counts(type: string, v: Json): boolean {
  switch (type) {
    case 'float':
    case 'integer':
      return typeof v === 'number';
    case 'geo':
      return typeof v === 'object' && v !== null;
    case 'text':
    case 'keyword':
    case 'uuid':
      return typeof v === 'string';
    case 'datetime':
      // Qdrant indexes (and counts) only strings that parse as date-times.
      return typeof v === 'string' && parseDatetime(v) !== undefined;
    case 'bool':
      return typeof v === 'boolean';
    default:
      return false;
  }
}

/** Live rows with their payloads, for building a sorted index on demand. */
export type LiveRows = () => Iterable<[number, Payload | undefined]>;

/** A range index: every (value, row) pair of the field, sorted by value (date-times as ms since the epoch). */
interface Sorted {
  values: Float64Array;
  rows: Int32Array;
}

/** The first position whose value is ≥ x (or > x when `strict`). */
function lowerBound(values: Float64Array, x: number, strict: boolean): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = values[mid] as number;
    if (v < x || (strict && v === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class FieldIndex {
  readonly type: string;
  readonly map: Map<Key, Set<number>> | undefined;
  points = 0;
  /** Range-capable types: the sorted values, undefined until a range asks and again after every write. */
  private sorted: Sorted | undefined;
  private readonly ranged: boolean;

  constructor(
    readonly field: string,
    readonly schema: FieldSchema,
  ) {
    this.type = schemaType(schema);
    this.map = ['keyword', 'uuid', 'integer', 'bool'].includes(this.type) ? new Map() : undefined;
    this.ranged = ['integer', 'float', 'datetime'].includes(this.type);
  }

  /**
   * The rows meeting a range, exactly as `rangeOne` decides it for each value: numbers for integer/float
   * indexes, parsed date-times for datetime ones; undefined when this index cannot answer that range.
   */
  rangeRows(r: RangeCond, live: LiveRows): Int32Array | undefined {
    if (!this.ranged || r.datetime !== (this.type === 'datetime')) return undefined;
    const s = (this.sorted ??= this.build(live));
    let from = 0;
    let to = s.values.length;
    if (r.gte !== undefined) from = Math.max(from, lowerBound(s.values, r.gte, false));
    if (r.gt !== undefined) from = Math.max(from, lowerBound(s.values, r.gt, true));
    if (r.lt !== undefined) to = Math.min(to, lowerBound(s.values, r.lt, false));
    if (r.lte !== undefined) to = Math.min(to, lowerBound(s.values, r.lte, true));
    // A row with several values in the range appears more than once; candidate sets are read as masks.
    return from >= to ? new Int32Array(0) : s.rows.subarray(from, to);
  }

  private build(live: LiveRows): Sorted {
    const values: number[] = [];
    const rows: number[] = [];
    for (const [row, payload] of live()) {
      for (const v of flatValuesAt(payload, this.field)) {
        const x =
          this.type === 'datetime'
            ? typeof v === 'string'
              ? parseDatetime(v)
              : undefined
            : typeof v === 'number'
              ? v
              : undefined;
        if (x === undefined || Number.isNaN(x)) continue;
        values.push(x);
        rows.push(row);
      }
    }
    const order = Array.from(values.keys()).sort((a, b) => (values[a] as number) - (values[b] as number));
    return {
      values: Float64Array.from(order, (i) => values[i] as number),
      rows: Int32Array.from(order, (i) => rows[i] as number),
    };
  }

  add(row: number, payload: Payload | undefined): void {
    this.sorted = undefined;
    const values = flatValuesAt(payload, this.field);
    let any = false;
    for (const v of values) {
      if (counts(this.type, v)) any = true;
      if (this.map && indexable(this.type, v)) {
        let set = this.map.get(v);
        if (!set) this.map.set(v, (set = new Set()));
        set.add(row);
      }
    }
    if (any) this.points++;
  }

  remove(row: number, payload: Payload | undefined): void {
    this.sorted = undefined;
    const values = flatValuesAt(payload, this.field);
    let any = false;
    for (const v of values) {
      if (counts(this.type, v)) any = true;
      if (this.map && indexable(this.type, v)) {
        const set = this.map.get(v);
        if (set) {
          set.delete(row);
          if (set.size === 0) this.map.delete(v);
        }
      }
    }
    if (any) this.points--;
  }
}

export class PayloadIndexes {
  private readonly fields = new Map<string, FieldIndex>();

  /** (Re)creates an index over the given live rows. */
  create(field: string, schema: FieldSchema, rows: Iterable<[number, Payload | undefined]>): void {
    const idx = new FieldIndex(field, schema);
    for (const [row, p] of rows) idx.add(row, p);
    this.fields.set(field, idx);
  }

  delete(field: string): boolean {
    return this.fields.delete(field);
  }

  add(row: number, payload: Payload | undefined): void {
    for (const f of this.fields.values()) f.add(row, payload);
  }

  remove(row: number, payload: Payload | undefined): void {
    for (const f of this.fields.values()) f.remove(row, payload);
  }

  schemas(): Record<string, FieldSchema> {
    const out: Record<string, FieldSchema> = {};
    for (const [k, f] of this.fields) out[k] = f.schema;
    return out;
  }

  /** `payload_schema` of CollectionInfo. */
  info(): Record<string, Schemas['PayloadIndexInfo']> {
    const out: Record<string, Schemas['PayloadIndexInfo']> = {};
    for (const [k, f] of this.fields) {
      const info: Schemas['PayloadIndexInfo'] = {
        data_type: f.type as Schemas['PayloadSchemaType'],
        points: f.points,
      };
      if (typeof f.schema === 'object') info.params = f.schema as Schemas['PayloadSchemaParams'];
      out[k] = info;
    }
    return out;
  }

  /**
   * Rows whose payload satisfies the condition, from an index; undefined when no index answers it. Exact: the
   * map holds every string (keyword, uuid), integer or bool value at the key, as `matchOne` compares them.
   */
  candidates(c: Condition, live: LiveRows): Set<number> | number[] | Int32Array | undefined {
    if (c.kind !== 'field') return undefined;
    const idx = this.fields.get(c.key);
    if (c.range && !c.match && !c.geo && !c.valuesCount) return idx?.rangeRows(c.range, live);
    if (!c.match || !idx?.map) return undefined;
    const m = c.match;
    if (m.kind === 'value') {
      if (!indexable(idx.type, m.value)) return undefined;
      return idx.map.get(m.value) ?? [];
    }
    if (m.kind === 'any') {
      if (!m.values.every((v) => indexable(idx.type, v))) return undefined;
      if (m.values.length === 1) return idx.map.get(m.values[0] as Key) ?? [];
      const out = new Set<number>();
      for (const v of m.values) for (const r of idx.map.get(v) ?? []) out.add(r);
      return out;
    }
    return undefined;
  }
}
