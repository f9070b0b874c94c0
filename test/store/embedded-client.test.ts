/**
 * EmbeddedClient, the client openStore() gives for the embedded store: its hot methods send exactly the
 * request QdrantClient sends over HTTP (defaults, query string, body), fail with the same errors, persist
 * what they write, and fail clearly — never hang — once the store is closed.
 */
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { QdrantClient } from '@qdrant/js-client-rest';
import { isTransient } from '../../ingest/retry.js';
import { openStore } from '../../src/store/connect.js';
import { EmbeddedClient } from '../../src/store/embedded-client.js';
import type { PortCall } from '../../src/store/embedded/port/caller.js';
import { errorShape } from './twin-client.js';

const tmpDirs: string[] = [];
async function tmpDir(): Promise<string> {
  const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-embedded-client-'));
  tmpDirs.push(d);
  return d;
}
after(async () => {
  for (const d of tmpDirs) await fsp.rm(d, { recursive: true, force: true });
});

type Hot = 'upsert' | 'delete' | 'retrieve' | 'scroll' | 'count' | 'query' | 'queryBatch';
const U = undefined;
/** Calls with defaults left out, undefined and non-JSON values, and arguments for the query string. */
const cases: [Hot, string, object?][] = [
  ['upsert', 'c', { points: [{ id: 1, vector: [0.5, -0, NaN], payload: { a: U, when: new Date(0) } }] }],
  ['upsert', 'a b/文', { wait: false, ordering: 'strong', batch: { ids: [1], vectors: [[1, 2]] } }],
  ['delete', 'c', { points: [1, 2] }],
  ['delete', 'c', { wait: true, timeout: 3, filter: { must: [{ key: 'k', match: { any: ['x'] } }] } }],
  ['retrieve', 'c', { ids: [1, 'a1b2c3d4-0000-4000-8000-000000000001'], consistency: 'majority' }],
  ['retrieve', 'c', { ids: [1], with_payload: ['a'], with_vector: true, timeout: 2 }],
  ['scroll', 'c'],
  ['scroll', 'c', { limit: 3, offset: 5, filter: { must: [] }, with_payload: false, consistency: 2 }],
  ['count', 'c'],
  ['count', 'c', { exact: false, filter: { must_not: [{ has_id: [1] }] }, timeout: 1 }],
  ['query', 'c', { query: [1, 2], using: 'dense', limit: 5, offset: U, consistency: 'all' }],
  [
    'query',
    'c',
    { prefetch: [{ query: { indices: [1], values: [0.5] }, using: 's' }], query: { fusion: 'rrf' } },
  ],
  ['queryBatch', 'c', { searches: [{ query: [1, 2] }, { query: [3, 4], limit: U, with_payload: true }] }],
];

function invoke(client: QdrantClient, method: Hot, name: string, args?: object): Promise<unknown> {
  const fn = Reflect.get(client, method) as (n: string, a?: object) => Promise<unknown>;
  return fn.call(client, name, args);
}

describe('EmbeddedClient', () => {
  it('sends what QdrantClient sends over HTTP: method, path, query string and body', async () => {
    const seen: { method: string; url: string; body: unknown }[] = [];
    const server = createServer((req, res) => {
      let text = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => (text += c));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', body: JSON.parse(text) as unknown });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ result: { ok: true }, status: 'ok', time: 0 }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sent: PortCall[] = [];
    const http = new QdrantClient({ url, checkCompatibility: false });
    const inProcess = new EmbeddedClient({ url, checkCompatibility: false }, (req) => {
      sent.push(req);
      return Promise.resolve({ id: sent.length, status: 200, result: { ok: true } });
    });
    try {
      for (const [method, name, args] of cases) {
        const viaHttp = await invoke(http, method, name, args);
        const viaPort = await invoke(inProcess, method, name, args);
        assert.deepStrictEqual(viaPort, viaHttp);
        const h = seen.at(-1);
        const p = sent.at(-1);
        assert.ok(h && p);
        assert.deepStrictEqual(
          { method: p.method, url: p.path + p.query, body: structuredClone(p.body) },
          h,
          `${method}(${JSON.stringify(args)})`,
        );
      }
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('fails as the HTTP client does: missing collection 404, bad request 400, not retried', async () => {
    const store = await openStore({ DATA_DIR: await tmpDir() });
    const http = new QdrantClient({ url: store.url, checkCompatibility: false });
    try {
      await http.createCollection('c', { vectors: { size: 2, distance: 'Dot' } });
      const failing: [Hot, string, object][] = [
        ['query', 'missing', { query: [1, 2] }],
        ['upsert', 'missing', { points: [{ id: 1, vector: [1, 2] }] }],
        ['retrieve', 'c', { ids: ['not-an-id'] }],
        ['upsert', 'c', { points: [{ id: 1, vector: [1, 2, 3] }] }],
        ['scroll', 'c', { limit: 0 }],
      ];
      for (const [method, name, args] of failing) {
        const viaHttp = await invoke(http, method, name, args).then(
          () => assert.fail('HTTP'),
          (e: unknown) => e,
        );
        const viaPort = await invoke(store.client, method, name, args).then(
          () => assert.fail(`${method} succeeded in-process`),
          (e: unknown) => e,
        );
        assert.deepStrictEqual(errorShape(viaPort), errorShape(viaHttp), method);
        assert.equal(isTransient(viaPort), false);
      }
      const missing = await store.client.count('missing').catch((e: unknown) => errorShape(e));
      assert.deepStrictEqual(missing, {
        name: 'Error',
        message: 'Not Found',
        status: 404,
        statusText: 'Not Found',
        error: "Not found: Collection `missing` doesn't exist!",
      });
    } finally {
      await store.close();
    }
  });

  it('writes through the port are persisted: the reopened store has them', async () => {
    const dataDir = await tmpDir();
    const store = await openStore({ DATA_DIR: dataDir });
    await store.client.createCollection('c', { vectors: { size: 2, distance: 'Dot' } });
    const points = [1, 2, 3].map((id) => ({ id, vector: [id, 1], payload: { doc: `d${id}`, gone: U } }));
    assert.equal((await store.client.upsert('c', { points })).status, 'completed');
    await store.client.delete('c', { wait: true, points: [2] });
    await store.close();

    const again = await openStore({ DATA_DIR: dataDir });
    try {
      assert.equal((await again.client.count('c')).count, 2);
      const got = await again.client.retrieve('c', { ids: [1, 2, 3] });
      assert.deepStrictEqual(
        got.map((p) => [p.id, p.payload]),
        [
          [1, { doc: 'd1' }],
          [3, { doc: 'd3' }],
        ],
      );
    } finally {
      await again.close();
    }
  });

  it('closing the store answers or rejects every request under way, and rejects later ones at once', async () => {
    const store = await openStore({ DATA_DIR: await tmpDir() });
    await store.client.createCollection('c', { vectors: { size: 2, distance: 'Dot' } });
    const underWay = Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => store.client.upsert('c', { points: [{ id: i, vector: [i, 1] }] })),
    );
    await store.close();
    // Each was answered, or refused unrun (the close message may overtake requests on the other port).
    for (const r of await underWay) {
      if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'StoreClosedError');
    }
    await assert.rejects(store.client.query('c', { query: [1, 1] }), (e: Error) => {
      assert.equal(e.name, 'StoreClosedError');
      assert.match(e.message, /the embedded store is closed: the request was not run/);
      assert.equal(isTransient(e), false);
      return true;
    });
  });
});
