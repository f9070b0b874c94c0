/**
 * Persistence layer (log, snapshot, lock) with a small in-memory target, independent of the Qdrant engine:
 * restarts, crash images (a copy of the directory taken while the store is open), torn tails, compaction,
 * the single-writer lock and the binary JSON codec the log and snapshot use.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  concatParts,
  decodeBinaryJson,
  encodeBinaryJson,
} from '../../src/store/embedded/disk/binary-json.js';
import { DataDirLockedError } from '../../src/store/embedded/disk/lock.js';
import { readSnapshot, SnapshotCorruptError, writeSnapshot } from '../../src/store/embedded/disk/snapshot.js';
import { openPersistence, type Persistence } from '../../src/store/embedded/disk/persistence.js';

type Mut = { op: 'set'; key: string; vec: number[]; meta?: unknown } | { op: 'del'; key: string };

/** A toy store: key -> vector, exported with all vectors in one Float32Array like the real engine. */
class ToyStore {
  rows = new Map<string, { vec: number[]; meta?: unknown }>();
  apply(m: Mut): void {
    if (m.op === 'set') this.rows.set(m.key, { vec: m.vec, meta: m.meta });
    else this.rows.delete(m.key);
  }
  exportState(): unknown {
    const keys = [...this.rows.keys()];
    const dim = keys.length > 0 ? (this.rows.get(keys[0] as string)?.vec.length ?? 0) : 0;
    const data = new Float32Array(keys.length * dim);
    keys.forEach((k, i) => data.set(this.rows.get(k)?.vec ?? [], i * dim));
    return { keys, dim, data, metas: keys.map((k) => this.rows.get(k)?.meta ?? null) };
  }
  importState(s: unknown): void {
    const st = s as { keys: string[]; dim: number; data: Float32Array; metas: unknown[] };
    st.keys.forEach((k, i) => {
      const meta = st.metas[i];
      this.rows.set(k, {
        vec: Array.from(st.data.subarray(i * st.dim, (i + 1) * st.dim)),
        ...(meta === null ? {} : { meta }),
      });
    });
  }
}

const tmpDirs: string[] = [];
async function tmpDir(): Promise<string> {
  const d = await fsp.mkdtemp(path.join(os.tmpdir(), 'eq-persist-'));
  tmpDirs.push(d);
  return d;
}
after(async () => {
  for (const d of tmpDirs) await fsp.rm(d, { recursive: true, force: true });
});

async function open(dir: string, compactBytes?: number): Promise<{ store: ToyStore; p: Persistence<Mut> }> {
  const store = new ToyStore();
  const p = await openPersistence<Mut>(
    dir,
    {
      apply: (m) => {
        store.apply(m);
        return undefined;
      },
      exportState: () => store.exportState(),
      importState: (s) => store.importState(s),
    },
    compactBytes === undefined ? {} : { compactBytes },
  );
  return { store, p };
}

/** Writes through persistence, then applies (what the server does). */
async function write(s: { store: ToyStore; p: Persistence<Mut> }, m: Mut): Promise<void> {
  await s.p.persist(m);
  s.store.apply(m);
}

/** A copy of the directory as a crash would leave it (no close, no compaction), minus the lock file. */
async function crashImage(dir: string): Promise<string> {
  const img = await tmpDir();
  for (const n of await fsp.readdir(dir)) {
    if (n !== 'LOCK') await fsp.copyFile(path.join(dir, n), path.join(img, n));
  }
  return img;
}

const vec = (seed: number, dim = 4): number[] =>
  Array.from({ length: dim }, (_, i) => Math.fround(seed + i / 8));

describe('binary JSON codec', () => {
  it('round-trips numbers exactly, choosing the narrowest lossless encoding', () => {
    const value = {
      ints: [0, 1, 2, 3, 4, 5, 6, 4294967295],
      f32: vec(1, 16),
      f64: [0.1, 0.2, 0.3, 1e300, -5, 6, 7, 8],
      small: [1.5, 2],
      mixed: [1, 2, 3, 4, 5, 6, 7, 'x'],
      typed: new Float32Array([1.5, -2.25]),
      nested: { deep: [{ a: null, b: true, c: 'é中文' }] },
      negZero: [-0, 1, 2, 3, 4, 5, 6, 7],
    };
    const out = decodeBinaryJson(concatParts(encodeBinaryJson(value))) as typeof value;
    assert.deepEqual(out.ints, value.ints);
    assert.deepEqual(out.f32, value.f32);
    assert.deepEqual(out.f64, value.f64);
    assert.deepEqual(out.small, value.small);
    assert.deepEqual(out.mixed, value.mixed);
    assert.ok(out.typed instanceof Float32Array);
    assert.deepEqual(Array.from(out.typed), [1.5, -2.25]);
    assert.deepEqual(out.nested, value.nested);
    assert.ok(Object.is(out.negZero[0], -0));
  });

  it('splits huge lists of objects into separate JSON sections and joins them back', () => {
    const items = Array.from({ length: 40_000 }, (_, i) => ({ id: i, tags: ['a', 'b'] }));
    const out = decodeBinaryJson(concatParts(encodeBinaryJson({ items }))) as { items: typeof items };
    assert.equal(out.items.length, 40_000);
    assert.deepEqual(out.items[39_999], { id: 39_999, tags: ['a', 'b'] });
  });
});

describe('snapshot file', () => {
  it('writes huge lists slice by slice and reads them back whole, exactly', async () => {
    const dir = await tmpDir();
    const file = path.join(dir, 'snapshot.bin');
    const payloads = Array.from({ length: 40_000 }, (_, i) => ({
      text: `第${i}段：政协委员`,
      paragraphs: [i === 7 ? -0 : 1, 2, 3, 4, 5, 6, 7, i],
      score: i / 3,
    }));
    await writeSnapshot(file, { payloads, dense: new Float32Array(20_000).fill(0.5) });
    let got: { payloads: typeof payloads } | undefined;
    await readSnapshot(file, (st) => {
      got = st as { payloads: typeof payloads };
    });
    assert.equal(got?.payloads.length, 40_000);
    assert.deepEqual(got?.payloads[39_999], payloads[39_999]);
    assert.deepEqual(got?.payloads[16_384], payloads[16_384]);
    assert.ok(Object.is(got?.payloads[7]?.paragraphs[0], -0));
  });

  it('reads the payload slices of earlier versions (16,384 a slice) as well', async () => {
    const dir = await tmpDir();
    const file = path.join(dir, 'snapshot.bin');
    const payloads = Array.from({ length: 40_000 }, (_, i) => ({ text: `第${i}段`, n: [i, i + 1] }));
    const small = await writeSnapshot(path.join(dir, 'now.bin'), { payloads });
    const big = await writeSnapshot(file, { payloads }, { lazySlice: 16_384 });
    assert.notEqual(small, big, 'the two layouts differ on disk');
    let got: { payloads: typeof payloads } | undefined;
    await readSnapshot(file, (st) => {
      got = st as { payloads: typeof payloads };
    });
    assert.deepEqual(got?.payloads, payloads);
  });

  it('detects a damaged payload slice', async () => {
    const dir = await tmpDir();
    const file = path.join(dir, 'snapshot.bin');
    const payloads = Array.from({ length: 20_000 }, (_, i) => ({ text: `政协${i}` }));
    const size = await writeSnapshot(file, { payloads });
    const bytes = await fsp.readFile(file);
    bytes[size - 20] = (bytes[size - 20] as number) ^ 0xff;
    await fsp.writeFile(file, bytes);
    await assert.rejects(
      readSnapshot(file, () => undefined),
      (e: unknown) => e instanceof SnapshotCorruptError,
    );
  });
});

describe('persistence', () => {
  it('keeps every write across a clean restart (snapshot) and a crash (log replay)', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    for (let i = 0; i < 50; i++)
      await write(a, { op: 'set', key: `k${i}`, vec: vec(i), meta: { i, text: '政协' } });
    await write(a, { op: 'del', key: 'k3' });
    const crashed = await crashImage(dir);
    await a.p.close();
    assert.ok((await fsp.readdir(dir)).includes('snapshot.bin'), 'clean close writes a snapshot');

    for (const d of [dir, crashed]) {
      const b = await open(d);
      assert.equal(b.store.rows.size, 49);
      assert.equal(b.store.rows.has('k3'), false);
      assert.deepEqual(b.store.rows.get('k49'), { vec: vec(49), meta: { i: 49, text: '政协' } });
      await b.p.close();
    }
  });

  it('writes that arrive together are all durable (group commit)', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => write(a, { op: 'set', key: `k${i}`, vec: vec(i) })),
    );
    const b = await open(await crashImage(dir));
    assert.equal(b.store.rows.size, 200);
    await Promise.all([a.p.close(), b.p.close()]);
  });

  it('drops a torn record at the end of the log and keeps everything before it', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    for (let i = 0; i < 10; i++) await write(a, { op: 'set', key: `k${i}`, vec: vec(i, 64) });
    const img1 = await crashImage(dir);
    const img2 = await crashImage(dir);
    await a.p.close();

    const logOf = async (d: string): Promise<string> => {
      const n = (await fsp.readdir(d)).find((f) => f.endsWith('.log'));
      assert.ok(n);
      return path.join(d, n);
    };
    // Garbage appended after the last record (a half-written frame header + payload).
    await fsp.appendFile(await logOf(img1), Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7]));
    // The last record cut in the middle.
    const f2 = await logOf(img2);
    await fsp.truncate(f2, (await fsp.stat(f2)).size - 100);

    for (const [img, expected] of [
      [img1, 10],
      [img2, 9],
    ] as const) {
      const b = await open(img);
      assert.equal(b.store.rows.size, expected);
      assert.ok(b.p.stats.droppedTailBytes > 0);
      assert.deepEqual(b.store.rows.get('k8')?.vec, vec(8, 64));
      // The log continues cleanly after the cut: a new write survives another crash.
      await write(b, { op: 'set', key: 'after', vec: vec(99, 64) });
      const c = await open(await crashImage(img));
      assert.equal(c.store.rows.size, expected + 1);
      assert.equal(c.p.stats.droppedTailBytes, 0);
      await Promise.all([b.p.close(), c.p.close()]);
    }
  });

  it('a corrupted byte inside the last record drops only that record', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    for (let i = 0; i < 5; i++) await write(a, { op: 'set', key: `k${i}`, vec: vec(i, 32) });
    const img = await crashImage(dir);
    await a.p.close();
    const log = path.join(img, (await fsp.readdir(img)).find((f) => f.endsWith('.log')) as string);
    const bytes = await fsp.readFile(log);
    bytes[bytes.length - 3] = (bytes[bytes.length - 3] as number) ^ 0xff;
    await fsp.writeFile(log, bytes);
    const b = await open(img);
    assert.equal(b.store.rows.size, 4);
    assert.equal(b.store.rows.has('k4'), false);
    await b.p.close();
  });

  it('compacts into a snapshot when the log passes the threshold, without losing writes', async () => {
    const dir = await tmpDir();
    const a = await open(dir, 16 << 10);
    for (let i = 0; i < 300; i++) await write(a, { op: 'set', key: `k${i % 120}`, vec: vec(i, 32) });
    await a.p.idle();
    const files = await fsp.readdir(dir);
    assert.ok(files.includes('snapshot.bin'), 'a snapshot was written while running');
    const logs = files.filter((f) => f.endsWith('.log'));
    assert.equal(logs.length, 1, 'older logs were removed');
    const crashed = await crashImage(dir);
    const b = await open(crashed);
    assert.equal(b.store.rows.size, 120);
    assert.deepEqual(b.store.rows.get('k59')?.vec, vec(299, 32));
    await Promise.all([a.p.close(), b.p.close()]);
  });

  it('lets the log grow with the snapshot, so a growing store is not rewritten at every threshold', async () => {
    const dir = await tmpDir();
    const store = new ToyStore();
    let snapshots = 0;
    const p = await openPersistence<Mut>(
      dir,
      {
        apply: (m) => {
          store.apply(m);
          return undefined;
        },
        exportState: () => store.exportState(),
        importState: (st) => store.importState(st),
      },
      {
        compactBytes: 1 << 10,
        log: {
          debug: () => undefined,
          info: (_o, msg) => {
            if (msg.includes('snapshot written')) snapshots++;
          },
          warn: () => undefined,
          error: () => undefined,
        },
      },
    );
    // ~200 bytes per record, all distinct keys: the log sums to ~80 times the threshold.
    for (let i = 0; i < 400; i++) {
      const m: Mut = { op: 'set', key: `k${i}`, vec: vec(i, 32) };
      await p.persist(m);
      store.apply(m);
      await p.idle();
    }
    assert.ok(snapshots >= 2, `compacted while running (${snapshots} snapshots)`);
    assert.ok(snapshots <= 12, `${snapshots} snapshots for a log ~80 times the threshold`);
    const crashed = await crashImage(dir);
    const b = await open(crashed);
    assert.equal(b.store.rows.size, 400);
    assert.deepEqual(b.store.rows.get('k399')?.vec, vec(399, 32));
    await Promise.all([p.close(), b.p.close()]);
  });

  it('refuses a second opener of the same directory with a clear error', async () => {
    const dir = await tmpDir();
    const a = await open(dir);
    await assert.rejects(open(dir), (err: unknown) => {
      assert.ok(err instanceof DataDirLockedError);
      assert.match(err.message, new RegExp(`DATA_DIR ${dir} is in use by process ${process.pid}`));
      return true;
    });
    await a.p.close();
    const b = await open(dir);
    await b.p.close();
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = await tmpDir();
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const deadPid = Number(child.stdout.toString());
    await fsp.writeFile(
      path.join(dir, 'LOCK'),
      JSON.stringify({ pid: deadPid, host: os.hostname(), token: 'x' }),
    );
    const a = await open(dir);
    await write(a, { op: 'set', key: 'k', vec: vec(1) });
    await a.p.close();
  });

  it('takes over a lock whose pid was reused (a restarted container runs as pid 1 again)', async () => {
    const dir = await tmpDir();
    const host = os.hostname();
    // Our own pid, but not held by this process: left by an earlier incarnation with the same pid.
    await fsp.writeFile(path.join(dir, 'LOCK'), JSON.stringify({ pid: process.pid, host, token: 'old' }));
    const a = await open(dir);
    await a.p.close();
    // A live process (our parent) that started at another time than the one recorded.
    await fsp.writeFile(
      path.join(dir, 'LOCK'),
      JSON.stringify({ pid: process.ppid, host, token: 'x', started: 1 }),
    );
    const b = await open(dir);
    await b.p.close();
  });

  it('takes over a lock held by a zombie (killed, not yet reaped), and respects the same pid while it runs', async () => {
    const dir = await tmpDir();
    // sh starts a holder, then blocks in `read` without reaping it; a line on stdin lets it `wait`.
    const sh = spawn('sh', ['-c', 'sleep 60 & echo $!; read line; wait'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    const shExited = new Promise<void>((resolve) => sh.on('exit', () => resolve()));
    const pid = Number(
      await new Promise<string>((resolve) => sh.stdout.once('data', (b: Buffer) => resolve(b.toString()))),
    );
    const stat = () => {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      return { state: f[0], started: Number(f[19]) };
    };
    const lock = { pid, host: os.hostname(), token: 'x', started: stat().started };
    try {
      await fsp.writeFile(path.join(dir, 'LOCK'), JSON.stringify(lock));
      await assert.rejects(open(dir), DataDirLockedError);
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 100 && stat().state !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(stat().state, 'Z');
      const a = await open(dir);
      await write(a, { op: 'set', key: 'k', vec: vec(1) });
      await a.p.close();
    } finally {
      sh.stdin.end('done\n');
      await shExited;
    }
  });
});
