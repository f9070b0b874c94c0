/**
 * openStore(): the embedded store when QDRANT_URL is unset, a real server (here: the standalone embedded store,
 * which speaks the same protocol) when it is set, with clear errors for a wrong key or an unreachable server.
 * Also the standalone `npm run store` command: serves, and shuts down gracefully on SIGTERM.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { QdrantClient } from '@qdrant/js-client-rest';
import { openStore, startEmbeddedStore, StoreConnectError } from '../../src/store/connect.js';

const tmpDirs: string[] = [];
async function tmpDir(): Promise<string> {
  const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-connect-'));
  tmpDirs.push(d);
  return d;
}
after(async () => {
  for (const d of tmpDirs) await fsp.rm(d, { recursive: true, force: true });
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('openStore', () => {
  it('without QDRANT_URL starts the embedded store on loopback, persisting under DATA_DIR/qdrant', async () => {
    const dataDir = await tmpDir();
    const store = await openStore({ DATA_DIR: dataDir });
    assert.equal(store.embedded, true);
    assert.match(store.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    await store.client.createCollection('c', { vectors: { size: 2, distance: 'Dot' } });
    assert.deepEqual((await store.client.getCollections()).collections, [{ name: 'c' }]);
    await store.close();
    assert.ok((await fsp.readdir(path.join(dataDir, 'qdrant'))).includes('snapshot.bin'));
    // After close the lock is released: the same directory opens again.
    const again = await openStore({ DATA_DIR: dataDir });
    assert.equal((await again.client.collectionExists('c')).exists, true);
    await again.close();
  });

  it('with QDRANT_URL and the right API key talks to that server and leaves DATA_DIR alone', async () => {
    const server = await startEmbeddedStore({ dir: await tmpDir(), apiKey: 'secret-key' });
    const dataDir = await tmpDir();
    try {
      const store = await openStore({
        QDRANT_URL: server.server.url,
        QDRANT_API_KEY: 'secret-key',
        DATA_DIR: dataDir,
      });
      assert.equal(store.embedded, false);
      await store.client.createCollection('remote', { vectors: { size: 2, distance: 'Cosine' } });
      await store.close();
      assert.deepEqual(server.server.storage.names(), ['remote']);
      assert.deepEqual(await fsp.readdir(dataDir), []);
    } finally {
      await server.close();
    }
  });

  it('a wrong API key is a clear start-up error', async () => {
    const server = await startEmbeddedStore({ dir: await tmpDir(), apiKey: 'secret-key' });
    try {
      await assert.rejects(
        openStore({ QDRANT_URL: server.server.url, QDRANT_API_KEY: 'wrong', DATA_DIR: await tmpDir() }),
        (err: Error) => {
          assert.ok(err instanceof StoreConnectError);
          assert.match(err.message, /rejected the API key \(HTTP 403\); check QDRANT_API_KEY/);
          return true;
        },
      );
      await assert.rejects(
        openStore({ QDRANT_URL: server.server.url, DATA_DIR: await tmpDir() }),
        /rejected the API key \(HTTP 401\)/,
      );
    } finally {
      await server.close();
    }
  });

  it('an unreachable QDRANT_URL is a clear start-up error', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await assert.rejects(openStore({ QDRANT_URL: url, DATA_DIR: await tmpDir() }), (err: Error) => {
      assert.ok(err instanceof StoreConnectError);
      assert.match(err.message, new RegExp(`Qdrant at ${url} is not reachable .*check QDRANT_URL`));
      return true;
    });
  });
});

describe('npm run store (standalone server)', () => {
  it('serves a data directory and compacts it on SIGTERM', async () => {
    const dir = await tmpDir();
    const cli = path.resolve('src/cli/store.ts');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, '--port', '0', '--data', dir, '--api-key', 'k1'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, LOG_LEVEL: 'info' },
      },
    );
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    let url: string | undefined;
    for await (const line of lines) {
      const rec = JSON.parse(line) as { msg?: string; url?: string };
      if (rec.msg?.includes('listening')) {
        url = rec.url;
        break;
      }
    }
    assert.ok(url, 'the server logged its URL');
    const client = new QdrantClient({ url, apiKey: 'k1', checkCompatibility: false });
    await client.createCollection('c', { vectors: { size: 2, distance: 'Cosine' } });
    await client.upsert('c', { wait: true, points: [{ id: 1, vector: [1, 0], payload: { a: 1 } }] });
    await assert.rejects(new QdrantClient({ url, checkCompatibility: false }).getCollections(), {
      status: 401,
    });
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    const files = await fsp.readdir(dir);
    assert.ok(files.includes('snapshot.bin'));
    assert.ok(!files.includes('LOCK'), 'the lock is released');

    const reopened = await startEmbeddedStore({ dir });
    assert.equal(reopened.server.storage.get('c').info().points_count, 1);
    await reopened.close();
  });
});
