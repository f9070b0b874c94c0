/**
 * Restart after kill -9 of the store's whole process group, as `docker kill` or a supervisor does: the store
 * (src/cli/store.ts, what `npm run store` runs) is started under `setsid` by a parent that does not reap its
 * children, so after the kill it stays a zombie — the state a container without an init leaves it in. A zombie
 * holds no files; the next start on the same DATA_DIR must take the lock over at once and find every point
 * acknowledged with wait=true before the kill.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { QdrantClient } from '@qdrant/js-client-rest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const STORE = ['--import', 'tsx', 'src/cli/store.ts', '--port', '0'];
const COLL = 'restart';

const cleanup: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** Fields 3 (state) and 5 (process group) of /proc/<pid>/stat, or undefined once the pid is gone. */
function procState(pid: number): { state: string; pgid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: f[0] ?? '', pgid: Number(f[2]) };
  } catch {
    return undefined;
  }
}

/** Resolves with the store's URL once it logs that it listens; rejects with its stderr if it exits first. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.includes('store listening')) return;
      resolve((JSON.parse(line) as { url: string }).url);
      lines.close();
    });
    child.on('exit', (code) =>
      reject(new Error(`store exited (${code}) before listening: ${stderr.trim()}`)),
    );
  });
}

const vector = (i: number): number[] => [1, i % 3, i % 5, i % 7];

test('kill -9 of the store process group, a zombie left behind, restart at once: all acknowledged points are there', async () => {
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-restart-'));
  cleanup.push(() => fsp.rm(dataDir, { recursive: true, force: true }));

  // sh starts the store in its own session and process group, then blocks in `read` without reaping it; a
  // line on its stdin lets it `wait`, which reaps the zombie at the end of the test.
  const parent = spawn(
    'sh',
    ['-c', 'setsid "$0" "$@" & read line; wait', process.execPath, ...STORE, '--data', dataDir],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const parentExited = new Promise<void>((resolve) => parent.on('exit', () => resolve()));
  cleanup.push(async () => {
    parent.stdin?.end('done\n');
    await parentExited;
  });
  const url = await listening(parent);
  const lock = JSON.parse(await fsp.readFile(path.join(dataDir, 'LOCK'), 'utf8')) as { pid: number };
  const storePid = lock.pid;
  assert.equal(procState(storePid)?.pgid, storePid, 'the store leads its own process group');

  const client = new QdrantClient({ url, checkCompatibility: false });
  await client.createCollection(COLL, { vectors: { size: 4, distance: 'Cosine' } });
  const acked: number[] = [];
  for (let i = 1; i <= 25; i++) {
    await client.upsert(COLL, { wait: true, points: [{ id: i, vector: vector(i), payload: { n: i } }] });
    acked.push(i);
  }
  // One more write in flight when the group dies: it may or may not survive, it was never acknowledged.
  const inFlight = client
    .upsert(COLL, { wait: true, points: [{ id: 26, vector: vector(26) }] })
    .then(() => true)
    .catch(() => false);
  process.kill(-storePid, 'SIGKILL');
  if (await inFlight) acked.push(26);

  let state = procState(storePid)?.state;
  for (let i = 0; i < 100 && state !== 'Z'; i++) {
    await new Promise((r) => setTimeout(r, 50));
    state = procState(storePid)?.state;
  }
  assert.equal(state, 'Z', 'the killed store is a zombie its parent has not reaped');

  // Start again at once on the same directory.
  const again = spawn(process.execPath, [...STORE, '--data', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => again.on('exit', () => resolve()));
  cleanup.push(async () => {
    again.kill('SIGTERM');
    await exited;
  });
  const url2 = await listening(again);
  const client2 = new QdrantClient({ url: url2, checkCompatibility: false });
  const got = await client2.retrieve(COLL, { ids: acked, with_payload: true });
  assert.deepEqual(
    got.map((p) => p.id).sort((a, b) => Number(a) - Number(b)),
    acked,
  );
  assert.deepEqual(got.find((p) => p.id === 25)?.payload, { n: 25 });
  const count = (await client2.count(COLL, { exact: true })).count;
  assert.ok(count === 25 || count === 26, `count ${count}`);
  assert.equal(procState(storePid)?.state, 'Z', 'still a zombie: the lock was taken over, not waited out');
});
