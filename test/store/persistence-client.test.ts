/**
 * Durability of the embedded store as the app sees it: through openStore() and the real QdrantClient.
 * Restarts, kill -9 of a writer process right after acknowledged writes, a torn log tail, a second opener,
 * a read-only and a full data directory.
 *
 * Run as a child process (EQ_KILL_CHILD=<DATA_DIR>) this file is the writer that gets SIGKILLed.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { openStore } from '../../src/store/connect.js';

const COLL = 'chunks';
const DIM = 8;

function vector(i: number): number[] {
  return Array.from({ length: DIM }, (_, k) => Math.fround(Math.sin(i * 7 + k) + 1.5));
}

function point(i: number): Schemas['PointStruct'] {
  return {
    id: i,
    vector: { dense: vector(i), bm25: { indices: [i % 50, 100 + (i % 7)], values: [1, 0.5] } },
    payload: { places: [`p${i % 5}`], text: `第${i}段：政协委员建议`, chunk_index: i },
  };
}

async function createCollection(client: QdrantClient): Promise<void> {
  await client.createCollection(COLL, {
    vectors: { dense: { size: DIM, distance: 'Cosine' } },
    sparse_vectors: { bm25: { modifier: 'idf' } },
  });
  await client.createPayloadIndex(COLL, { field_name: 'places', field_schema: 'keyword', wait: true });
}

/** The child writer: create, then upsert one point per request (wait=true), printing each acknowledged id. */
async function runKillChild(dataDir: string): Promise<void> {
  const store = await openStore({ DATA_DIR: dataDir });
  await createCollection(store.client);
  for (let i = 1; ; i++) {
    await store.client.upsert(COLL, { wait: true, points: [point(i)] });
    process.stdout.write(`acked ${i}\n`);
  }
}

if (process.env.EQ_KILL_CHILD) {
  await runKillChild(process.env.EQ_KILL_CHILD);
} else {
  const tmpDirs: string[] = [];
  const tmpDir = async (): Promise<string> => {
    const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-client-'));
    tmpDirs.push(d);
    return d;
  };
  const mounts: string[] = [];
  after(async () => {
    for (const m of mounts) {
      try {
        execFileSync('umount', [m]);
      } catch {
        // already unmounted
      }
    }
    for (const d of tmpDirs) await fsp.rm(d, { recursive: true, force: true });
  });

  /** A private tmpfs (size in KiB, optionally read-only) when this process may mount, else undefined. */
  const tryMount = async (sizeKb: number, readOnly: boolean): Promise<string | undefined> => {
    const d = await tmpDir();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k${readOnly ? ',ro' : ''}`, 'tmpfs', d], {
        stdio: 'ignore',
      });
      mounts.push(d);
      return d;
    } catch {
      return undefined;
    }
  };

  const apiMessage = (err: unknown): string => {
    const data = (err as { data?: { status?: { error?: string } } }).data;
    return data?.status?.error ?? (err as Error).message;
  };

  describe('embedded store durability through QdrantClient', () => {
    it('keeps collections, indexes, points and deletions across restarts', async () => {
      const dataDir = await tmpDir();
      const a = await openStore({ DATA_DIR: dataDir });
      assert.equal(a.embedded, true);
      await createCollection(a.client);
      await a.client.upsert(COLL, { wait: true, points: Array.from({ length: 30 }, (_, i) => point(i + 1)) });
      await a.client.delete(COLL, { wait: true, points: [2, 4] });
      await a.client.delete(COLL, {
        wait: true,
        filter: { must: [{ key: 'places', match: { value: 'p0' } }] },
      });
      const before = await a.client.query(COLL, { query: vector(3), using: 'dense', limit: 5 });
      await a.close();

      for (let round = 0; round < 2; round++) {
        const b = await openStore({ DATA_DIR: dataDir });
        const info = await b.client.getCollection(COLL);
        assert.equal(info.points_count, 22 + round);
        assert.deepEqual(Object.keys(info.payload_schema ?? {}), ['places']);
        const [p7] = await b.client.retrieve(COLL, { ids: [7], with_payload: true, with_vector: true });
        assert.deepEqual(p7?.payload, point(7).payload);
        const stored = (p7?.vector as Record<string, number[]>).dense ?? [];
        const norm = Math.hypot(...vector(7));
        stored.forEach((x, k) => assert.ok(Math.abs(x - (vector(7)[k] as number) / norm) < 1e-6));
        assert.deepEqual(await b.client.retrieve(COLL, { ids: [2, 5] }), []);
        const again = await b.client.query(COLL, { query: vector(3), using: 'dense', limit: 5 });
        // Same ranking, scores and versions as before the restart (round 1 also has the point added in round 0).
        if (round === 0) assert.deepEqual(again.points, before.points);
        const sparse = await b.client.query(COLL, {
          query: { indices: [13], values: [1] },
          using: 'bm25',
          limit: 3,
        });
        assert.deepEqual(
          sparse.points.map((p) => p.id),
          [13],
        );
        await b.client.upsert(COLL, { wait: true, points: [point(100 + round)] });
        await b.close();
      }
      const c = await openStore({ DATA_DIR: dataDir });
      assert.equal((await c.client.count(COLL)).count, 24);
      await c.close();
    });

    it('a collection update (PATCH) survives a restart and a crash', async () => {
      const dataDir = await tmpDir();
      const a = await openStore({ DATA_DIR: dataDir });
      await createCollection(a.client);
      await a.client.upsert(COLL, { wait: true, points: [point(1), point(2)] });
      await a.client.updateCollection(COLL, {
        sparse_vectors: { bm25: { modifier: 'none' } },
        metadata: { note: 'plain dot' },
      });
      // A crash image: the directory as a kill would leave it (the update only in the log).
      const image = await tmpDir();
      await fsp.cp(path.join(dataDir, 'qdrant'), path.join(image, 'qdrant'), {
        recursive: true,
        filter: (src) => path.basename(src) !== 'LOCK',
      });
      await a.close();
      for (const dir of [dataDir, image]) {
        const b = await openStore({ DATA_DIR: dir });
        const info = await b.client.getCollection(COLL);
        assert.equal(info.config.params.sparse_vectors?.bm25?.modifier, 'none');
        assert.deepEqual(info.config.metadata, { note: 'plain dot' });
        // Point 1 holds term 1 with weight 1: without IDF the score is the plain product.
        const r = await b.client.query(COLL, { query: { indices: [1], values: [1] }, using: 'bm25' });
        assert.equal(r.points[0]?.score, 1);
        await b.close();
      }
    });

    it('a write acknowledged with wait=true survives kill -9 of the writing process', async () => {
      const dataDir = await tmpDir();
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
        env: { ...process.env, EQ_KILL_CHILD: dataDir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let lastAcked = 0;
      const lines = createInterface({ input: child.stdout });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_c, sig) => resolve(sig)),
      );
      // Kill while the child is busy writing the next point, then read every line it printed before it died
      // (the store runs on its own thread, so the child may be a few acks ahead of what was read so far).
      for await (const line of lines) {
        const m = /^acked (\d+)$/.exec(line);
        if (m) lastAcked = Number(m[1]);
        if (lastAcked >= 40 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      }
      assert.equal(await exited, 'SIGKILL');
      assert.ok(lastAcked >= 40);

      const b = await openStore({ DATA_DIR: dataDir });
      const count = (await b.client.count(COLL, { exact: true })).count;
      // Every acknowledged point is there; at most the one in flight may have made it too.
      assert.ok(count >= lastAcked && count <= lastAcked + 1, `count ${count}, last acked ${lastAcked}`);
      const got = await b.client.retrieve(COLL, {
        ids: Array.from({ length: lastAcked }, (_, i) => i + 1),
        with_payload: true,
      });
      assert.equal(got.length, lastAcked);
      assert.deepEqual(got.find((p) => p.id === lastAcked)?.payload, point(lastAcked).payload);
      await b.close();
    });

    it('drops garbage at the end of the log and keeps what was acknowledged before it', async () => {
      const dataDir = await tmpDir();
      const a = await openStore({ DATA_DIR: dataDir });
      await createCollection(a.client);
      await a.client.upsert(COLL, { wait: true, points: [point(1), point(2), point(3)] });
      // Crash image: the files as they are on disk while the store is running (no snapshot, no close).
      const image = await tmpDir();
      await fsp.mkdir(path.join(image, 'qdrant'));
      for (const f of await fsp.readdir(path.join(dataDir, 'qdrant'))) {
        if (f !== 'LOCK') await fsp.copyFile(path.join(dataDir, 'qdrant', f), path.join(image, 'qdrant', f));
      }
      await a.close();
      const log = (await fsp.readdir(path.join(image, 'qdrant'))).find((f) => f.endsWith('.log'));
      assert.ok(log, 'the crash image has a write-ahead log');
      const logPath = path.join(image, 'qdrant', log);
      const good = (await fsp.stat(logPath)).size;
      await fsp.appendFile(
        logPath,
        Buffer.from('\x40\x00\x00\x00torn write: a record header and half a body'),
      );

      const b = await openStore({ DATA_DIR: image });
      assert.deepEqual(
        (await b.client.scroll(COLL, {})).points.map((p) => p.id),
        [1, 2, 3],
      );
      assert.equal((await fsp.stat(logPath)).size, good, 'the torn tail was cut off');
      await b.client.upsert(COLL, { wait: true, points: [point(4)] });
      await b.close();
      const c = await openStore({ DATA_DIR: image });
      assert.equal((await c.client.count(COLL)).count, 4);
      await c.close();
    });

    it('a second store on the same DATA_DIR is refused with the holder pid', async () => {
      const dataDir = await tmpDir();
      const a = await openStore({ DATA_DIR: dataDir });
      await assert.rejects(
        openStore({ DATA_DIR: dataDir }),
        new RegExp(`DATA_DIR ${path.join(dataDir, 'qdrant')} is in use by process ${process.pid}`),
      );
      // The refused opener did not disturb the running store.
      await createCollection(a.client);
      await a.close();
    });

    it('a read-only DATA_DIR fails at start with an error naming it', async () => {
      const ro = await tryMount(64, true);
      let dataDir: string;
      if (ro !== undefined) {
        dataDir = ro;
      } else {
        // Without mount rights (not root), a directory without write permission does the same.
        dataDir = await tmpDir();
        await fsp.mkdir(path.join(dataDir, 'qdrant'));
        await fsp.chmod(path.join(dataDir, 'qdrant'), 0o555);
      }
      await assert.rejects(openStore({ DATA_DIR: dataDir }), (err: Error) => {
        assert.match(err.message, new RegExp(`DATA_DIR ${path.join(dataDir, 'qdrant')} is`));
        assert.match(err.message, /read-only|not writable/);
        return true;
      });
    });

    const notRoot =
      process.getuid?.() === 0
        ? false
        : 'needs root: mounting a small tmpfs is the only way to fill a file system in a test';
    it(
      'a full disk fails the write, names the directory, and loses nothing acknowledged',
      { skip: notRoot },
      async () => {
        const full = await tryMount(320, false);
        assert.ok(full !== undefined, 'root can mount a small tmpfs');
        const a = await openStore({ DATA_DIR: full });
        await createCollection(a.client);
        await a.client.upsert(COLL, { wait: true, points: [point(1), point(2)] });
        // ~400 KiB of payload text: more than the file system has left.
        const big = Array.from({ length: 100 }, (_, i) => ({
          ...point(10 + i),
          payload: { text: 'x'.repeat(4000) },
        }));
        await assert.rejects(a.client.upsert(COLL, { wait: true, points: big }), (err: unknown) => {
          assert.equal((err as { status?: number }).status, 500);
          assert.match(apiMessage(err), new RegExp(`DATA_DIR ${path.join(full, 'qdrant')} is full`));
          return true;
        });
        // Not applied in memory either, and smaller writes still go through.
        assert.equal((await a.client.count(COLL)).count, 2);
        await a.client.upsert(COLL, { wait: true, points: [point(3)] });
        await a.close();
        const b = await openStore({ DATA_DIR: full });
        assert.deepEqual(
          (await b.client.scroll(COLL, {})).points.map((p) => p.id),
          [1, 2, 3],
        );
        await b.close();
      },
    );
  });
}
