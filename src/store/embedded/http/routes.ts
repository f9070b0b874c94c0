/**
 * The REST routes of the Qdrant subset, independent of node:http: (method, path, query, body) -> result.
 * Reads run synchronously against committed state; writes go through `Writer` (mutations, serialised).
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { formatError, StoreError } from '../engine/errors.js';
import { parseId, parsePathId, type PointId } from '../engine/ids.js';
import type { Mutation, MutationResult } from '../api/mutation.js';
import { parseQueryRequest } from '../api/query-request.js';
import { runQuery } from '../engine/query.js';
import type { Storage } from '../engine/storage.js';
import {
  checkCollectionPath,
  checkCreateCollection,
  checkTimeout,
  parseUpdateCollection,
} from '../api/collection-params.js';
import { optFilter } from '../api/filter.js';
import { idList, isObj, limitOf, payloadSelector, withVector, type Obj } from '../api/validate.js';

export const QDRANT_VERSION = '1.19.0';
/** The commit Qdrant 1.19.0's release build reports in `GET /` (tag v1.19.0). */
export const QDRANT_COMMIT = '74f3e85b9473c62560006c043e13737ce6b48412';

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body (undefined when the request had none). */
  body: unknown;
}

/** Either a value for the `result` envelope, or a raw (unwrapped) JSON value / text. */
export type RouteResponse = { result: unknown } | { raw: unknown } | { text: string };

export type Writer = (m: Mutation) => Promise<MutationResult>;

function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  if (v === null) return false;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new StoreError(
    400,
    `Deserialize error in query parameters: provided string was not \`true\` or \`false\``,
  );
}

function bodyObj(body: unknown): Obj {
  if (body === undefined) return {};
  if (!isObj(body)) throw formatError('invalid type: expected a map');
  return body;
}

type Handler = (
  m: RegExpMatchArray,
  req: RouteRequest,
  storage: Storage,
  write: Writer,
) => RouteResponse | Promise<RouteResponse>;

const seg = '([^/]+)';
const routes: [string, RegExp, Handler][] = [
  [
    'GET',
    /^\/$/,
    () => ({
      raw: { title: 'qdrant - vector search engine', version: QDRANT_VERSION, commit: QDRANT_COMMIT },
    }),
  ],
  ['GET', /^\/(healthz|livez|readyz)$/, () => ({ text: 'healthz check passed' })],
  [
    'GET',
    /^\/collections$/,
    (_m, _r, s) => ({ result: { collections: s.names().map((name) => ({ name })) } }),
  ],
  ['GET', new RegExp(`^/collections/${seg}$`), (m, _r, s) => ({ result: s.get(m[1] as string).info() })],
  [
    'GET',
    new RegExp(`^/collections/${seg}/exists$`),
    (m, _r, s) => ({ result: { exists: s.has(m[1] as string) } }),
  ],
  [
    'PUT',
    new RegExp(`^/collections/${seg}$`),
    async (m, r, _s, w) => {
      // Path, body and query are all checked before the write queue looks for an existing collection.
      const body = checkCreateCollection(m[1] as string, r.body, r.query);
      return { result: await w({ type: 'create_collection', name: m[1] as string, body }) };
    },
  ],
  [
    'PATCH',
    new RegExp(`^/collections/${seg}$`),
    async (m, r, _s, w) => {
      // Body, then query string (Qdrant's extractor order); the write queue then looks up the collection.
      parseUpdateCollection(m[1] as string, r.body, r.query);
      const body = bodyObj(r.body) as Schemas['UpdateCollection'];
      return { result: await w({ type: 'update_collection', name: m[1] as string, body }) };
    },
  ],
  [
    'DELETE',
    new RegExp(`^/collections/${seg}$`),
    async (m, r, s, w) => {
      checkTimeout(r.query);
      // Nothing to log when there is nothing to delete; Qdrant answers false.
      if (!s.has(m[1] as string)) return { result: false };
      return { result: await w({ type: 'delete_collection', name: m[1] as string }) };
    },
  ],
  [
    'PUT',
    new RegExp(`^/collections/${seg}/index$`),
    async (m, r, _s, w) => ({
      result: await w({
        type: 'create_index',
        collection: m[1] as string,
        body: bodyObj(r.body) as Schemas['CreateFieldIndex'],
        wait: boolParam(r.query, 'wait'),
      }),
    }),
  ],
  [
    'PUT',
    new RegExp(`^/collections/${seg}/points$`),
    async (m, r, _s, w) => ({
      result: await w({
        type: 'upsert',
        collection: m[1] as string,
        body: bodyObj(r.body) as Schemas['PointInsertOperations'],
        wait: boolParam(r.query, 'wait'),
      }),
    }),
  ],
  [
    'POST',
    new RegExp(`^/collections/${seg}/points/delete$`),
    async (m, r, _s, w) => ({
      result: await w({
        type: 'delete_points',
        collection: m[1] as string,
        body: bodyObj(r.body) as Schemas['PointsSelector'],
        wait: boolParam(r.query, 'wait'),
      }),
    }),
  ],
  [
    'POST',
    new RegExp(`^/collections/${seg}/points$`),
    (m, r, s) => {
      const col = s.get(m[1] as string);
      const b = bodyObj(r.body);
      if (!('ids' in b)) throw formatError('missing field `ids`');
      const ids = idList(b.ids);
      return {
        result: col.retrieve(ids, payloadSelector(b.with_payload, true), withVector(b)),
      };
    },
  ],
  [
    'GET',
    new RegExp(`^/collections/${seg}/points/${seg}$`),
    (m, _r, s) => {
      const col = s.get(m[1] as string);
      return { result: col.retrieveOne(parsePathId(m[2] as string)) };
    },
  ],
  [
    'POST',
    new RegExp(`^/collections/${seg}/points/count$`),
    (m, r, s) => {
      const col = s.get(m[1] as string);
      const b = bodyObj(r.body);
      return { result: { count: col.count(optFilter(b.filter)) } };
    },
  ],
  [
    'POST',
    new RegExp(`^/collections/${seg}/points/scroll$`),
    (m, r, s) => {
      const col = s.get(m[1] as string);
      const b = bodyObj(r.body);
      if (b.order_by !== undefined && b.order_by !== null) {
        throw new StoreError(400, 'Bad request: `order_by` is not supported by the embedded store');
      }
      const limit = limitOf(b, 'limit', 10);
      const offset: PointId | undefined =
        b.offset === undefined || b.offset === null ? undefined : parseId(b.offset);
      const wp = payloadSelector(b.with_payload, true);
      const wv = withVector(b);
      const { rows, next } = col.scrollRows(optFilter(b.filter), offset, limit);
      return {
        result: { points: rows.map((row) => col.record(row, wp, wv)), next_page_offset: next ?? null },
      };
    },
  ],
  [
    'POST',
    new RegExp(`^/collections/${seg}/points/query$`),
    (m, r, s) => {
      const col = s.get(m[1] as string);
      return { result: runQuery(col, parseQueryRequest(bodyObj(r.body))) };
    },
  ],
  [
    'POST',
    new RegExp(`^/collections/${seg}/points/query/batch$`),
    (m, r, s) => {
      const col = s.get(m[1] as string);
      const b = bodyObj(r.body);
      if (!Array.isArray(b.searches)) throw formatError('missing field `searches`');
      // Parse all first so one bad request fails the batch before any work.
      const plans = b.searches.map((q) => parseQueryRequest(q));
      return { result: plans.map((p) => runQuery(col, p)) };
    },
  ],
];

/** Dispatches a request; throws StoreError for API errors; returns undefined for an unknown route. */
export async function route(
  req: RouteRequest,
  storage: Storage,
  write: Writer,
): Promise<RouteResponse | undefined> {
  for (const [method, re, handler] of routes) {
    if (method !== req.method) continue;
    const m = req.path.match(re);
    if (!m) continue;
    const decoded = m.map((x, i) => (i === 0 ? x : decodeURIComponent(x))) as unknown as RegExpMatchArray;
    // Every collection route validates its name (CollectionPath); creation holds it to the stricter rule.
    const collection = req.path.startsWith('/collections/') ? decoded[1] : undefined;
    if (collection !== undefined && !(method === 'PUT' && /^\/collections\/[^/]+$/.test(req.path))) {
      checkCollectionPath(collection, false);
    }
    return handler(decoded, req, storage, write);
  }
  return undefined;
}
