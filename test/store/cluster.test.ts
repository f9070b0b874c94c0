/**
 * What a Qdrant cluster deployment needs from the app, checked against the embedded store behind a proxy that
 * plays a node which is briefly gone (503) and records what the client sends: collections created with the
 * configured shards/replicas/write consistency, upserts in parallel lanes with retries, reads carrying the
 * configured read consistency.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { openStore, type OpenedStore } from '../../src/store/connect.js';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/store/embedded/index.js';
import { ensureCollection, SPARSE_VECTOR } from '../../src/store/schema.js';
import { Indexer } from '../../ingest/indexer.js';
import { Manifest } from '../../ingest/manifest.js';
import { articlePoints } from '../../ingest/points.js';
import type { Article } from '../../src/types.js';

interface Proxy {
  url: string;
  /** Method, path and query string of every request. */
  seen: string[];
  /** Most chunk upserts in flight at once. */
  maxUpserts: number;
  /** Upserts to answer 503 before forwarding any. */
  failUpserts: number;
  server: Server;
}

async function startProxy(target: string): Promise<Proxy> {
  let inFlight = 0;
  const p: Proxy = { url: '', seen: [], maxUpserts: 0, failUpserts: 0, server: createServer() };
  p.server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        p.seen.push(`${req.method} ${req.url}`);
        const upsert = req.method === 'PUT' && /^\/collections\/c\/points\b/.test(req.url ?? '');
        if (upsert) p.maxUpserts = Math.max(p.maxUpserts, ++inFlight);
        try {
          // Let parallel requests overlap so in-flight counting means something.
          if (upsert) await new Promise((r) => setTimeout(r, 20));
          if (upsert && p.failUpserts > 0) {
            p.failUpserts--;
            res.writeHead(503, { 'content-type': 'application/json' });
            res.end(JSON.stringify({ status: { error: 'Service Unavailable: node restarting' } }));
            return;
          }
          const body = Buffer.concat(chunks);
          const out = await fetch(target + (req.url ?? '/'), {
            method: req.method ?? 'GET',
            headers: { 'content-type': 'application/json' },
            ...(body.length > 0 ? { body } : {}),
          });
          res.writeHead(out.status, { 'content-type': out.headers.get('content-type') ?? 'text/plain' });
          res.end(Buffer.from(await out.arrayBuffer()));
        } finally {
          if (upsert) inFlight--;
        }
      })();
    });
  });
  await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
  p.url = `http://127.0.0.1:${(p.server.address() as AddressInfo).port}`;
  return p;
}

const article: Article = {
  id: 'art-1',
  docId: 'pages/a.txt',
  source: 'pages/a.txt',
  title: '协商议政',
  date: '2024-03-01',
  places: [],
  paragraphs: Array.from({ length: 9 }, (_, i) => ({
    n: i + 1,
    text: `第${i + 1}段：委员建议改进社区服务。`,
  })),
};

describe('cluster settings', () => {
  let backend: EmbeddedServer;
  let proxy: Proxy;
  let store: OpenedStore;
  const cfg = {
    QDRANT_COLLECTION: 'c',
    QDRANT_SHARD_NUMBER: 3,
    QDRANT_REPLICATION_FACTOR: 2,
    QDRANT_WRITE_CONSISTENCY_FACTOR: 2,
  };

  before(async () => {
    backend = await startEmbeddedServer();
    proxy = await startProxy(backend.url);
    store = await openStore({ QDRANT_URL: proxy.url, QDRANT_READ_CONSISTENCY: 'majority', DATA_DIR: '.' });
  });
  after(async () => {
    await store.close();
    await new Promise<void>((r) => proxy.server.close(() => r()));
    proxy.server.closeAllConnections();
    await backend.close();
  });

  it('creates the chunk and manifest collections with the configured shards, replicas and write consistency', async () => {
    assert.deepEqual(await ensureCollection(store.client, cfg), { created: true, head: true });
    const manifest = new Manifest(store.client, cfg);
    await manifest.ensure(true);
    for (const name of ['c', 'c__docs']) {
      const { params } = (await store.client.getCollection(name)).config;
      assert.deepEqual(
        [params.shard_number, params.replication_factor, params.write_consistency_factor],
        [3, 2, 2],
        name,
      );
    }
  });

  it('upserts batches in parallel, retries a node that is briefly gone, and loses no point', async () => {
    const manifest = new Manifest(store.client, cfg);
    const indexer = new Indexer(store.client, 'c', manifest, {
      batchSize: 2,
      parallel: 3,
      retry: { baseMs: 1 },
    });
    const points = articlePoints(
      article,
      0,
      article.paragraphs.map((p, i) => ({ text: p.text, paragraphs: [p.n], chunkIndex: i })),
      'h',
      [],
    );
    assert.ok(points.every((p) => p.sparse));
    proxy.failUpserts = 2;
    await indexer.add({
      entry: { doc_id: article.docId, doc_hash: 'h', articles: 1, paragraphs: 9, chunks: 9 },
      points,
      cleanup: false,
    });
    await indexer.flush();
    assert.equal(proxy.failUpserts, 0, 'the failing upserts were met');
    assert.equal(proxy.maxUpserts, 3, 'three upserts in flight at once');
    assert.equal((await store.client.count('c', { exact: true })).count, 9);
    assert.deepEqual([...(await manifest.load()).keys()], [article.docId]);
  });

  it('reads carry the configured read consistency unless the caller sets one', async () => {
    proxy.seen.length = 0;
    await store.client.query('c', {
      query: { indices: [1], values: [1] },
      using: SPARSE_VECTOR,
      limit: 3,
    });
    await store.client.scroll('c', { limit: 1, consistency: 'all' });
    assert.match(proxy.seen[0] ?? '', /^POST \/collections\/c\/points\/query\?consistency=majority/);
    assert.match(proxy.seen[1] ?? '', /^POST \/collections\/c\/points\/scroll\?consistency=all/);
  });
});

describe('cluster configuration', () => {
  it('defaults to one shard, one replica, no read consistency', () => {
    const c = loadConfig({});
    assert.deepEqual(
      [c.QDRANT_SHARD_NUMBER, c.QDRANT_REPLICATION_FACTOR, c.QDRANT_WRITE_CONSISTENCY_FACTOR],
      [1, 1, 1],
    );
    assert.equal(c.QDRANT_READ_CONSISTENCY, undefined);
  });

  it('rejects a write consistency above the replication factor and an unknown read consistency', () => {
    assert.throws(
      () => loadConfig({ QDRANT_REPLICATION_FACTOR: '2', QDRANT_WRITE_CONSISTENCY_FACTOR: '3' }),
      /QDRANT_WRITE_CONSISTENCY_FACTOR/,
    );
    assert.throws(() => loadConfig({ QDRANT_READ_CONSISTENCY: 'most' }), /QDRANT_READ_CONSISTENCY/);
    assert.throws(() => loadConfig({ QDRANT_SHARD_NUMBER: '0' }), /QDRANT_SHARD_NUMBER/);
    assert.equal(loadConfig({ QDRANT_READ_CONSISTENCY: '2' }).QDRANT_READ_CONSISTENCY, '2');
  });
});
