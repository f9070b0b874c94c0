/**
 * Behaviour specific to the embedded server (no real Qdrant needed): API key, body limit, the persist hook and
 * write ordering, consistency of reads during concurrent writes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QdrantClient } from '@qdrant/js-client-rest';
import { startEmbeddedServer } from '../../src/store/embedded/http/server.js';
import { applyMutation, type Mutation } from '../../src/store/embedded/api/mutation.js';
import { Storage } from '../../src/store/embedded/engine/storage.js';
import { apiError } from './harness.js';

test('API key: 401 without, 403 wrong, GET / open, client with the key works', async () => {
  const srv = await startEmbeddedServer({ apiKey: 'secret-key' });
  try {
    const root = await fetch(`${srv.url}/`);
    assert.equal(root.status, 200);
    assert.deepEqual(await root.json(), {
      title: 'qdrant - vector search engine',
      version: '1.19.0',
      commit: '74f3e85b9473c62560006c043e13737ce6b48412',
    });
    const none = await fetch(`${srv.url}/collections`);
    assert.equal(none.status, 401);
    const wrong = await fetch(`${srv.url}/collections`, { headers: { 'api-key': 'nope' } });
    assert.equal(wrong.status, 403);
    // The client sends the key in the `api-key` header (it warns about plain http, which is fine on loopback).
    const warn = console.warn;
    console.warn = () => undefined;
    const client = new QdrantClient({ url: srv.url, apiKey: 'secret-key', checkCompatibility: false });
    console.warn = warn;
    assert.deepEqual(await client.getCollections(), { collections: [] });
  } finally {
    await srv.close();
  }
});

test('a body above the limit is rejected with 413 and nothing is written', async () => {
  const srv = await startEmbeddedServer({ maxBodyBytes: 1024 });
  try {
    const client = new QdrantClient({ url: srv.url, checkCompatibility: false });
    await client.createCollection('c', { vectors: { size: 2, distance: 'Dot' } });
    const points = Array.from({ length: 100 }, (_, i) => ({
      id: i,
      vector: [i, 1],
      payload: { t: 'x'.repeat(20) },
    }));
    const e = await apiError(client.upsert('c', { points }));
    assert.equal(e.status, 413);
    assert.match(e.error, /larger than allowed \(limit: 1024 bytes\)/);
    assert.equal((await client.count('c')).count, 0);
  } finally {
    await srv.close();
  }
});

test('persist hook sees every write, in order, before it is applied; a failing hook leaves state unchanged', async () => {
  const log: Mutation[] = [];
  let failNext = false;
  let sawApplied: number | undefined;
  const storage = new Storage();
  const srv = await startEmbeddedServer({
    storage,
    persist: async (m) => {
      if (m.type === 'upsert') sawApplied = storage.get(m.collection).live;
      if (failNext) {
        failNext = false;
        throw new Error('disk full');
      }
      log.push(structuredClone(m));
    },
  });
  try {
    const client = new QdrantClient({ url: srv.url, checkCompatibility: false });
    await client.createCollection('c', { vectors: { size: 2, distance: 'Dot' } });
    await client.upsert('c', { points: [{ id: 1, vector: [1, 0], payload: { a: 1 } }] });
    assert.equal(sawApplied, 0, 'the hook runs before the upsert is applied');
    failNext = true;
    const e = await apiError(client.upsert('c', { points: [{ id: 2, vector: [0, 1] }] }));
    assert.equal(e.status, 500);
    assert.match(e.error, /disk full/);
    assert.equal((await client.count('c')).count, 1);
    // Invalid writes are rejected before they reach the log.
    await apiError(client.upsert('c', { points: [{ id: 3, vector: [0, 1, 2] }] }));
    await client.createPayloadIndex('c', { field_name: 'a', field_schema: 'integer', wait: true });
    await client.delete('c', { points: [1], wait: true });
    assert.deepEqual(
      log.map((m) => m.type),
      ['create_collection', 'upsert', 'create_index', 'delete_points'],
    );
    // Replaying the log rebuilds the same state.
    const replay = new Storage();
    for (const m of log) applyMutation(replay, m);
    assert.equal(replay.get('c').live, 0);
    assert.deepEqual(Object.keys(replay.get('c').info().payload_schema), ['a']);
  } finally {
    await srv.close();
  }
});

test('queries never see half of an upsert batch while writes run concurrently', async () => {
  const srv = await startEmbeddedServer();
  try {
    const client = new QdrantClient({ url: srv.url, checkCompatibility: false });
    await client.createCollection('c', { vectors: { size: 4, distance: 'Cosine' } });
    const BATCH = 200;
    const writes = Array.from({ length: 10 }, (_, b) =>
      client.upsert('c', {
        points: Array.from({ length: BATCH }, (_, i) => ({
          id: b * BATCH + i,
          vector: [1, b, i, 1],
          payload: { batch: b },
        })),
      }),
    );
    const seen: number[] = [];
    const reads = Array.from({ length: 30 }, async () => {
      const { count } = await client.count('c');
      seen.push(count);
      const r = await client.query('c', { query: [1, 1, 1, 1], limit: 1, with_payload: true });
      if (r.points.length) assert.equal(typeof r.points[0]?.payload?.batch, 'number');
    });
    await Promise.all([...writes, ...reads]);
    for (const c of seen) assert.equal(c % BATCH, 0, `count ${c} is a whole number of batches`);
    assert.equal((await client.count('c')).count, 10 * BATCH);
  } finally {
    await srv.close();
  }
});

test('unknown routes are 404; wait=false answers acknowledged', async () => {
  const srv = await startEmbeddedServer();
  try {
    const r = await fetch(`${srv.url}/nope`);
    assert.equal(r.status, 404);
    const client = new QdrantClient({ url: srv.url, checkCompatibility: false });
    await client.createCollection('c', { vectors: { size: 2, distance: 'Dot' } });
    const res = await client.upsert('c', { wait: false, points: [{ id: 1, vector: [1, 1] }] });
    assert.equal(res.status, 'acknowledged');
    const one = await fetch(`${srv.url}/collections/c/points/1`);
    assert.equal(((await one.json()) as { result: { id: number } }).result.id, 1);
  } finally {
    await srv.close();
  }
});
