/**
 * Restoring a snapshot reads large vector sections straight into the store's memory: the vectors come back
 * exactly, and a damaged section is still caught at start-up instead of serving wrong neighbours.
 */
import assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { QdrantClient } from '@qdrant/js-client-rest';
import { startEmbeddedStore } from '../../src/store/embedded/index.js';

const DIM = 128;
const N = 300; // 300 x 128 x 4 bytes: well above the size stored as a separate section
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true });
});

function vec(i: number): number[] {
  return Array.from({ length: DIM }, (_, j) => ((i * 31 + j * 7) % 17) - 8 + (j === i % DIM ? 40 : 0));
}

async function writeStore(): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-restore-'));
  dirs.push(dir);
  const store = await startEmbeddedStore({ dir });
  const client = new QdrantClient({ url: store.server.url, checkCompatibility: false });
  await client.createCollection('c', { vectors: { size: DIM, distance: 'Dot' } });
  const points = Array.from({ length: N }, (_, i) => ({ id: i + 1, vector: vec(i), payload: { i } }));
  await client.upsert('c', { wait: true, points });
  await store.close(); // compacts into snapshot.bin
  return dir;
}

describe('snapshot restore', () => {
  it('brings back every vector exactly, and searches find the same neighbours', async () => {
    const dir = await writeStore();
    const store = await startEmbeddedStore({ dir });
    try {
      const client = new QdrantClient({ url: store.server.url, checkCompatibility: false });
      const got = await client.retrieve('c', { ids: [1, 150, 300], with_vector: true });
      assert.deepEqual(
        got.map((p) => p.vector),
        [vec(0), vec(149), vec(299)],
      );
      const hit = await client.query('c', { query: vec(77), limit: 1 });
      assert.equal(hit.points[0]?.id, 78);
    } finally {
      await store.close();
    }
  });

  it('a damaged vector section fails the start with an error naming the snapshot', async () => {
    const dir = await writeStore();
    const file = path.join(dir, 'snapshot.bin');
    const bytes = await fsp.readFile(file);
    // Sections follow the body; the vectors are by far the largest, so the middle of the file is inside them.
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    await fsp.writeFile(file, bytes);
    await assert.rejects(
      startEmbeddedStore({ dir }),
      /snapshot .*snapshot\.bin is corrupt \(section \d+ checksum\)/,
    );
  });
});
