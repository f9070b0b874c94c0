/**
 * One collection: rows of (id, payload, version, vectors), an id -> row map, dense and sparse vector stores
 * keyed by vector name, and payload indexes. Writes are split into `prepare*` (validate everything, may throw,
 * changes nothing) and the returned commit closure (applies synchronously, cannot fail), so a batch is either
 * fully applied or not at all and no query ever sees half of it.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { DenseVectors } from './dense.js';
import { dimensionError, pointNotFound, unknownVector, wrongInput } from './errors.js';
import { checkFilter, withoutMust, type Condition, type Filter, type RowAccess } from './filter.js';
import { compareIds, type PointId } from './ids.js';
import { f32ArrayOut } from './numbers.js';
import { PayloadIndexes } from './payload-index.js';
import { selectPayload, type Payload, type PayloadSelector } from './payload.js';
import { StringShare } from './shared-strings.js';
import type {
  CollectionUpdate,
  DeleteRequest,
  FieldIndexRequest,
  UpsertRequest,
  VectorInput,
  VectorSelector,
} from './requests.js';
import {
  loaded,
  type CollectionSnapshot,
  type DenseSnapshot,
  type SparseSnapshot,
} from './snapshot-types.js';
import { SparseVectors } from './sparse-index.js';
import { layoutOf, type VectorLayout } from './vector-config.js';

/** Allowed rows of a filter: a mask over all rows and the same rows ascending. */
/** Rows an index gives for the `must` condition `cond`: exactly the live rows meeting it. */
/** Below this many candidate rows from a match, checking the rest of the filter row by row beats any range index. */
const FEW_ROWS = 1024;

interface Candidates {
  rows: Iterable<number>;
  size: number;
  cond: Condition;
}

export interface Selection {
  mask: Uint8Array;
  rows: Int32Array;
}

type PreparedVector =
  | { kind: 'dense'; name: string; data: number[] }
  | { kind: 'sparse'; name: string; indices: number[]; values: number[] };

interface PreparedPoint {
  id: PointId;
  payload: Payload | undefined;
  vectors: PreparedVector[];
}

export type UpdateResult = Schemas['UpdateResult'];

export class Collection implements RowAccess {
  layout: VectorLayout;
  readonly dense = new Map<string, DenseVectors>();
  readonly sparse = new Map<string, SparseVectors>();
  /** Equal payload strings stored once (see shared-strings.ts). */
  private readonly strings = new StringShare();
  ids: (PointId | undefined)[] = [];
  payloads: (Payload | undefined)[] = [];
  versions: number[] = [];
  alive = new Uint8Array(256);
  rowCount = 0;
  live = 0;
  readonly idToRow = new Map<PointId, number>();
  indexes = new PayloadIndexes();
  operationId = 0;
  private sorted: Int32Array | undefined;

  constructor(
    readonly name: string,
    public config: Schemas['CreateCollection'],
  ) {
    this.layout = layoutOf(config);
    this.initVectors();
  }

  private initVectors(): void {
    this.dense.clear();
    this.sparse.clear();
    for (const [n, c] of this.layout.dense) this.dense.set(n, new DenseVectors(c.size, c.distance));
    for (const [n, c] of this.layout.sparse)
      this.sparse.set(n, new SparseVectors(c.idf, c.fullScanThreshold));
  }

  // ------------------------------------------------------------------ RowAccess

  payload(row: number): Payload | undefined {
    return this.payloads[row];
  }
  id(row: number): PointId | undefined {
    return this.ids[row];
  }
  hasVector(name: string, row: number): boolean {
    return (this.dense.get(name)?.has(row) ?? false) || (this.sparse.get(name)?.has(row) ?? false);
  }

  // ------------------------------------------------------------------ rows

  private ensureRows(n: number): void {
    if (n <= this.alive.length) return;
    let cap = this.alive.length;
    while (cap < n) cap = Math.ceil(cap * 1.5);
    const a = new Uint8Array(cap);
    a.set(this.alive);
    this.alive = a;
  }

  private killRow(row: number): void {
    if (!this.alive[row]) return;
    this.alive[row] = 0;
    this.live--;
    this.indexes.remove(row, this.payloads[row]);
    for (const d of this.dense.values()) d.clear(row);
    for (const s of this.sparse.values()) s.clear(row);
    const id = this.ids[row];
    if (id !== undefined && this.idToRow.get(id) === row) this.idToRow.delete(id);
    this.ids[row] = undefined;
    this.payloads[row] = undefined;
    this.sorted = undefined;
  }

  private addRow(p: PreparedPoint, version: number): void {
    const old = this.idToRow.get(p.id);
    if (old !== undefined) this.killRow(old);
    const row = this.rowCount++;
    this.ensureRows(row + 1);
    this.ids[row] = p.id;
    this.payloads[row] = p.payload;
    this.versions[row] = version;
    this.alive[row] = 1;
    this.live++;
    this.idToRow.set(p.id, row);
    for (const v of p.vectors) {
      if (v.kind === 'dense') (this.dense.get(v.name) as DenseVectors).setValues(row, v.data);
      else (this.sparse.get(v.name) as SparseVectors).set(row, v.indices, v.values);
    }
    this.indexes.add(row, p.payload);
    this.sorted = undefined;
  }

  /** Rebuilds storage without dead rows once they outnumber live ones (keeps scans proportional). */
  private maybeCompact(): void {
    const dead = this.rowCount - this.live;
    if (dead > 1000 && dead > this.live) this.load(this.snapshot());
  }

  /** Live rows sorted by id (numeric ids first), cached until the next write. */
  sortedRows(): Int32Array {
    if (this.sorted) return this.sorted;
    const nums: number[] = [];
    const uuids: number[] = [];
    for (let r = 0; r < this.rowCount; r++) {
      if (!this.alive[r]) continue;
      if (typeof this.ids[r] === 'number') nums.push(r);
      else uuids.push(r);
    }
    nums.sort((a, b) => (this.ids[a] as number) - (this.ids[b] as number));
    const keys = uuids.map((r) => this.ids[r] as string);
    const order = Array.from(uuids.keys()).sort((a, b) =>
      (keys[a] as string) < (keys[b] as string) ? -1 : 1,
    );
    const out = new Int32Array(nums.length + uuids.length);
    out.set(nums);
    out.set(
      order.map((i) => uuids[i] as number),
      nums.length,
    );
    this.sorted = out;
    return out;
  }

  // ------------------------------------------------------------------ filters

  /**
   * Rows passing the filter. Indexed `match` conditions in `must` (and `has_id`) give a candidate set so only
   * those rows are checked; otherwise every live row is.
   */
  select(filter: Filter): Selection {
    return this.selectFrom(filter, this.candidates(filter));
  }

  /**
   * A per-row test for scans that stop early (scroll): index candidates when an index answers part of the
   * filter (marked once; the rest of the filter checked only on the rows the scan reaches), else the filter
   * checked row by row, so a page costs what it touches rather than a full pass.
   */
  matcher(filter: Filter): (row: number) => boolean {
    const cand = this.candidates(filter);
    if (cand) {
      const mask = new Uint8Array(this.rowCount);
      for (const r of cand.rows) mask[r] = 1;
      const rest = withoutMust(filter, cand.cond);
      return rest
        ? (r) => mask[r] === 1 && this.alive[r] === 1 && checkFilter(rest, r, this.payloads[r], this)
        : (r) => mask[r] === 1 && this.alive[r] === 1;
    }
    return (r) => checkFilter(filter, r, this.payloads[r], this);
  }

  /**
   * The smallest row set an index (or `has_id`) gives for a `must` condition: exactly the live rows meeting
   * that condition, so only the rest of the filter is left to check. Ranges come last, and only when no match
   * already narrowed the rows to a few: a range index is sorted on first use after a write, which a handful of
   * rows checked one by one never needs.
   */
  private candidates(filter: Filter): Candidates | undefined {
    let best: Candidates | undefined;
    const consider = (c: Condition, cand: Set<number> | number[] | Int32Array | undefined): void => {
      if (!cand) return;
      const size = cand instanceof Set ? cand.size : cand.length;
      if (!best || size < best.size) best = { rows: cand, size, cond: c };
    };
    const ranges: Condition[] = [];
    for (const c of filter.must) {
      if (c.kind === 'has_id') {
        const ids: number[] = [];
        for (const id of c.ids) {
          const r = this.idToRow.get(id);
          if (r !== undefined) ids.push(r);
        }
        consider(c, ids);
      } else if (c.kind === 'field' && c.range) ranges.push(c);
      else
        consider(
          c,
          this.indexes.candidates(c, () => this.liveRows()),
        );
    }
    if (best && best.size <= FEW_ROWS) return best;
    for (const c of ranges)
      consider(
        c,
        this.indexes.candidates(c, () => this.liveRows()),
      );
    return best;
  }

  private selectFrom(filter: Filter, candidates: Candidates | undefined): Selection {
    const mask = new Uint8Array(this.rowCount);
    const rows: number[] = [];
    const rest = candidates ? withoutMust(filter, candidates.cond) : filter;
    if (candidates && !rest && candidates.size * 16 > this.rowCount) {
      // The index answers the whole filter and holds many rows: mark them, then read them back in order
      // (cheaper than sorting them).
      for (const r of candidates.rows) if (this.alive[r]) mask[r] = 1;
      for (let r = 0; r < this.rowCount; r++) if (mask[r] === 1) rows.push(r);
    } else if (candidates) {
      const sortedCand = Int32Array.from(candidates.rows).sort();
      for (const r of sortedCand) {
        if (this.alive[r] && !mask[r] && (!rest || checkFilter(rest, r, this.payloads[r], this))) {
          mask[r] = 1;
          rows.push(r);
        }
      }
    } else {
      for (let r = 0; r < this.rowCount; r++) {
        if (this.alive[r] && checkFilter(filter, r, this.payloads[r], this)) {
          mask[r] = 1;
          rows.push(r);
        }
      }
    }
    return { mask, rows: Int32Array.from(rows) };
  }

  // ------------------------------------------------------------------ writes

  private nextOp(): number {
    return ++this.operationId;
  }

  private prepareVector(name: string, v: VectorInput): PreparedVector {
    const d = this.dense.get(name);
    if (d) {
      if (v.kind === 'multi') throw wrongInput(`Multi-vectors are not configured for vector ${name}`);
      if (v.kind !== 'dense') throw wrongInput(`Conversion between sparse and regular vectors failed`);
      if (v.values.length !== d.dim) throw dimensionError(d.dim, v.values.length);
      return { kind: 'dense', name, data: v.values };
    }
    if (this.sparse.has(name)) {
      if (v.kind !== 'sparse') throw wrongInput(`Conversion between sparse and regular vectors failed`);
      const order = Array.from(v.indices.keys()).sort(
        (a, b) => (v.indices[a] as number) - (v.indices[b] as number),
      );
      return {
        kind: 'sparse',
        name,
        indices: order.map((i) => v.indices[i] as number),
        values: order.map((i) => v.values[i] as number),
      };
    }
    throw unknownVector(name);
  }

  /** PUT /points: validates every vector against the layout first, so a batch is applied whole or not at all. */
  prepareUpsert(req: UpsertRequest, wait: boolean): () => UpdateResult {
    const points: PreparedPoint[] = req.points.map((p) => ({
      id: p.id,
      payload: this.strings.share(p.payload),
      vectors: Array.from(p.vectors, ([name, v]) => this.prepareVector(name, v)),
    }));
    const { mode, updateFilter } = req;
    return () => {
      const op = this.nextOp();
      for (const p of points) {
        const existing = this.idToRow.get(p.id);
        if (existing !== undefined) {
          if (mode === 'insert_only') continue;
          if (updateFilter && !checkFilter(updateFilter, existing, this.payloads[existing], this)) continue;
        } else if (mode === 'update_only') continue;
        this.addRow(p, op);
      }
      this.maybeCompact();
      return { operation_id: op, status: wait ? 'completed' : 'acknowledged' };
    };
  }

  /** POST /points/delete: by ids or by filter (rows resolved when applied). */
  prepareDelete(req: DeleteRequest, wait: boolean): () => UpdateResult {
    const rowsOf =
      'ids' in req
        ? () => req.ids.map((id) => this.idToRow.get(id)).filter((r): r is number => r !== undefined)
        : () => Array.from(this.select(req.filter).rows);
    return () => {
      const op = this.nextOp();
      for (const r of rowsOf()) this.killRow(r);
      this.maybeCompact();
      return { operation_id: op, status: wait ? 'completed' : 'acknowledged' };
    };
  }

  /** PUT /index. */
  prepareCreateIndex(req: FieldIndexRequest, wait: boolean): () => UpdateResult {
    return () => {
      const op = this.nextOp();
      this.indexes.create(req.field, req.schema, this.liveRows());
      return { operation_id: op, status: wait ? 'completed' : 'acknowledged' };
    };
  }

  /**
   * PATCH /collections/{name}: sparse vector modifier and full-scan threshold (IDF is computed at query time,
   * so nothing is rebuilt) and metadata (merged; a null value removes the key). The config follows, so
   * snapshots and `GET /collections/{name}` show the change.
   */
  prepareUpdate(u: CollectionUpdate): () => boolean {
    for (const name of u.sparse.keys()) if (!this.sparse.has(name)) throw unknownVector(name);
    return () => {
      const config = structuredClone(this.config);
      const sparseConfigs = (config.sparse_vectors ?? {}) as Record<string, Schemas['SparseVectorParams']>;
      for (const [name, change] of u.sparse) {
        const params = { ...(sparseConfigs[name] ?? {}) };
        if (change.modifier !== undefined) params.modifier = change.modifier;
        if (change.fullScanThreshold !== undefined) {
          params.index = { ...(params.index ?? {}), full_scan_threshold: change.fullScanThreshold };
        }
        sparseConfigs[name] = params;
      }
      if (u.sparse.size > 0) config.sparse_vectors = sparseConfigs;
      if (u.metadata) {
        const merged: Payload = { ...((config.metadata ?? {}) as Payload) };
        for (const [k, v] of Object.entries(u.metadata)) {
          if (v === null) delete merged[k];
          else merged[k] = v;
        }
        config.metadata = merged;
      }
      this.config = config;
      this.layout = layoutOf(config);
      for (const [name, c] of this.layout.sparse) {
        const s = this.sparse.get(name) as SparseVectors;
        s.useIdf = c.idf;
        s.fullScanThreshold = c.fullScanThreshold;
      }
      return true;
    };
  }

  private *liveRows(): Generator<[number, Payload | undefined]> {
    for (let r = 0; r < this.rowCount; r++) if (this.alive[r]) yield [r, this.payloads[r]];
  }

  // ------------------------------------------------------------------ reads

  /**
   * VectorStructOutput of a row, or undefined when vectors are not requested. As in Qdrant, when the only
   * vector in the output is the unnamed dense one it is printed as a plain array, else as a map by name.
   */
  vectorOut(row: number, sel: VectorSelector): Schemas['VectorStructOutput'] | undefined {
    if (sel.kind === 'none') return undefined;
    const want = (n: string) => sel.kind === 'all' || sel.names.includes(n);
    const out: { [k: string]: Schemas['VectorOutput'] } = {};
    for (const [n, d] of this.dense) {
      if (!want(n)) continue;
      const v = d.get(row);
      if (v) out[n] = f32ArrayOut(v);
    }
    for (const [n, s] of this.sparse) {
      if (!want(n)) continue;
      const v = s.get(row);
      if (v) out[n] = { indices: Array.from(v.indices), values: f32ArrayOut(v.values) };
    }
    const names = Object.keys(out);
    if (names.length === 1 && names[0] === '') return out[''] as number[];
    return out;
  }

  record(row: number, withPayload: PayloadSelector, withVector: VectorSelector): Schemas['Record'] {
    const rec: Schemas['Record'] = { id: this.ids[row] as PointId };
    const p = selectPayload(this.payloads[row], withPayload);
    if (p !== undefined) rec.payload = p;
    const v = this.vectorOut(row, withVector);
    if (v !== undefined) rec.vector = v;
    return rec;
  }

  /** POST /points: records in request order, missing ids skipped, duplicates once. */
  retrieve(ids: PointId[], withPayload: PayloadSelector, withVector: VectorSelector): Schemas['Record'][] {
    const seen = new Set<number>();
    const out: Schemas['Record'][] = [];
    for (const id of ids) {
      const r = this.idToRow.get(id);
      if (r === undefined || seen.has(r)) continue;
      seen.add(r);
      out.push(this.record(r, withPayload, withVector));
    }
    return out;
  }

  retrieveOne(id: PointId): Schemas['Record'] {
    const r = this.idToRow.get(id);
    if (r === undefined) throw pointNotFound(id);
    return this.record(r, { kind: 'all' }, { kind: 'all' });
  }

  count(filter: Filter | undefined): number {
    return filter ? this.select(filter).rows.length : this.live;
  }

  /** Rows in id order starting at `offset` (inclusive), filtered; returns up to `limit` and the next id. */
  scrollRows(
    filter: Filter | undefined,
    offset: PointId | undefined,
    limit: number,
  ): { rows: number[]; next: PointId | undefined } {
    const sorted = this.sortedRows();
    let lo = 0;
    if (offset !== undefined) {
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (compareIds(this.ids[sorted[mid] as number] as PointId, offset) < 0) lo = mid + 1;
        else hi = mid;
      }
    }
    const ok = filter ? this.matcher(filter) : undefined;
    const rows: number[] = [];
    for (let i = lo; i < sorted.length; i++) {
      const r = sorted[i] as number;
      if (ok && !ok(r)) continue;
      if (rows.length === limit) return { rows, next: this.ids[r] };
      rows.push(r);
    }
    return { rows, next: undefined };
  }

  info(): Schemas['CollectionInfo'] {
    const params: Schemas['CollectionParams'] = {
      vectors: (this.config.vectors ?? {}) as Schemas['VectorsConfig'],
      // One node holds every shard and replica, but the collection reports its layout as Qdrant does.
      shard_number: this.config.shard_number ?? 1,
      replication_factor: this.config.replication_factor ?? 1,
      write_consistency_factor: this.config.write_consistency_factor ?? 1,
      on_disk_payload: true,
    };
    if (this.config.sparse_vectors)
      params.sparse_vectors = this.config.sparse_vectors as Record<string, Schemas['SparseVectorParams']>;
    const config: Schemas['CollectionConfig'] = {
      params,
      hnsw_config: {
        m: 16,
        ef_construct: 100,
        full_scan_threshold: 10000,
        max_indexing_threads: 0,
        on_disk: false,
      },
      optimizer_config: {
        deleted_threshold: 0.2,
        vacuum_min_vector_number: 1000,
        default_segment_number: 0,
        max_segment_size: null,
        memmap_threshold: null,
        indexing_threshold: 10000,
        flush_interval_sec: 5,
        max_optimization_threads: null,
      },
      wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
      quantization_config: null,
      strict_mode_config: { enabled: false },
    };
    if (this.config.metadata) config.metadata = this.config.metadata;
    return {
      status: 'green',
      optimizer_status: 'ok',
      indexed_vectors_count: 0,
      points_count: this.live,
      segments_count: 1,
      config,
      payload_schema: this.indexes.info(),
    };
  }

  // ------------------------------------------------------------------ snapshots

  /**
   * Live rows only, in row order; vectors as typed arrays. `chunked`: sparse indexes as arrays made slice by
   * slice when written (for a snapshot file; valid only until the next write to this collection).
   */
  snapshot(chunked = false): CollectionSnapshot {
    const live: number[] = [];
    for (let r = 0; r < this.rowCount; r++) if (this.alive[r]) live.push(r);
    const vectors: Record<string, DenseSnapshot | SparseSnapshot> = {};
    for (const [n, d] of this.dense)
      vectors[n] = { type: 'dense', dim: d.dim, distance: d.distance, ...d.export(live) };
    for (const [n, s] of this.sparse)
      vectors[n] = chunked ? s.exportChunked(live) : { type: 'sparse', ...s.export(live) };
    return {
      name: this.name,
      config: this.config,
      payloadIndexes: this.indexes.schemas(),
      operationId: this.operationId,
      points: {
        ids: live.map((r) => this.ids[r] as PointId),
        payloads: live.map((r) => this.payloads[r] ?? null),
        versions: live.map((r) => this.versions[r] as number),
        vectors,
      },
    };
  }

  /** Replaces the whole state with a snapshot's (bulk copies; no per-point vector parsing). */
  private load(s: CollectionSnapshot): void {
    const n = s.points.ids.length;
    this.initVectors();
    this.ids = s.points.ids.slice();
    this.payloads = s.points.payloads.map((p) => this.strings.share(p ?? undefined));
    this.versions = s.points.versions.slice();
    this.alive = new Uint8Array(Math.max(256, n));
    this.alive.fill(1, 0, n);
    this.rowCount = n;
    this.live = n;
    this.idToRow.clear();
    this.ids.forEach((id, r) => this.idToRow.set(id as PointId, r));
    this.operationId = s.operationId;
    this.sorted = undefined;
    for (const [name, v] of Object.entries(s.points.vectors)) {
      if (v.type === 'dense') {
        const cfg = this.layout.dense.get(name);
        if (!cfg) continue;
        this.dense.set(name, DenseVectors.fromArrays(cfg.size, cfg.distance, v.data, loaded(v.present)));
      } else {
        const sv = this.sparse.get(name);
        if (!sv) continue;
        const [offsets, indices, values, present] = [
          loaded(v.offsets),
          loaded(v.indices),
          loaded(v.values),
          loaded(v.present),
        ];
        if (v.postings) {
          const p = v.postings;
          sv.loadIndexed(offsets, indices, values, present, {
            terms: loaded(p.terms),
            offsets: loaded(p.offsets),
            rows: loaded(p.rows),
            values: loaded(p.values),
          });
        } else sv.load(offsets, indices, values, present);
      }
    }
    this.indexes = new PayloadIndexes();
    for (const [field, schema] of Object.entries(s.payloadIndexes))
      this.indexes.create(field, schema, this.liveRows());
  }

  static fromSnapshot(s: CollectionSnapshot): Collection {
    const c = new Collection(s.name, s.config);
    c.load(s);
    return c;
  }

  /** Used by routes: a point's stored vector for `query: <id>`. */
  storedVector(id: PointId, using: string): VectorInput {
    const r = this.idToRow.get(id);
    if (r === undefined) throw pointNotFound(id);
    const d = this.dense.get(using);
    if (d) {
      const v = d.get(r);
      if (!v) throw unknownVector(using);
      return { kind: 'dense', values: Array.from(v) };
    }
    const s = this.sparse.get(using);
    const v = s?.get(r);
    if (!v) throw unknownVector(using);
    return { kind: 'sparse', indices: Array.from(v.indices), values: Array.from(v.values) };
  }
}
