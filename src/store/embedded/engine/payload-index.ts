/**
 * Payload field indexes. Every created index is recorded for `payload_schema`; keyword/integer/uuid/bool
 * indexes also keep value -> rows maps so `match` conditions in a filter's `must` list become a candidate set
 * instead of a full scan.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Condition } from './filter.js';
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

class FieldIndex {
  readonly type: string;
  readonly map: Map<Key, Set<number>> | undefined;
  points = 0;

  constructor(
    readonly field: string,
    readonly schema: FieldSchema,
  ) {
    this.type = schemaType(schema);
    this.map = ['keyword', 'uuid', 'integer', 'bool'].includes(this.type) ? new Map() : undefined;
  }

  add(row: number, payload: Payload | undefined): void {
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
  candidates(c: Condition): Set<number> | number[] | undefined {
    if (c.kind !== 'field' || !c.match) return undefined;
    const idx = this.fields.get(c.key);
    if (!idx?.map) return undefined;
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
