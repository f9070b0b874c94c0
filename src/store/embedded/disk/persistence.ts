/**
 * Durable state for the embedded store under one directory:
 *
 *   LOCK                single-writer lock (pid file)
 *   snapshot.bin        state as of the start of log generation `nextLogGen` (absent until the first compaction)
 *   wal-<gen>.log       mutations since then, one write-ahead log per generation
 *
 * Start-up: lock, load the snapshot, replay the logs from `nextLogGen` on, cut a torn tail off the last one.
 * A write: encode the mutation, append + fsync (group commit), only then the server applies and acknowledges it.
 * Compaction (log past a threshold, and on clean close): hold new writes, open log gen+1, write the snapshot
 * atomically with nextLogGen = gen+1, delete older logs. A crash at any step leaves either the old snapshot with
 * all old logs or the new snapshot with the new log, so every acknowledged write is replayed exactly once.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { StoreLogger } from '../log.js';
import { concatParts, decodeBinaryJson, encodeBinaryJson } from './binary-json.js';
import { lockDataDir, type DirLock } from './lock.js';
import { readSnapshot, writeSnapshot } from './snapshot.js';
import { toStorageError } from './storage-error.js';
import { LogWriter, replayLog } from './wal.js';

/** What the persistence layer needs from the in-memory store. */
export interface PersistTarget<M> {
  /**
   * Applies one logged mutation during replay (the same function the server uses for live writes). Returns a
   * reason when the mutation is rejected as it was when first sent (it is skipped); throws on anything else.
   */
  apply(m: M): string | undefined;
  /** The whole state, JSON-like with typed arrays; may hold views on live arrays (writes are held meanwhile). */
  exportState(): unknown;
  /** Replaces the (empty) state with a snapshot's. */
  importState(state: unknown): void;
}

export interface PersistenceOptions {
  log?: StoreLogger | undefined;
  /**
   * Compact when the current log grows past this many bytes, or past twice the snapshot if that is larger.
   * Default 256 MiB.
   */
  compactBytes?: number;
}

export interface Persistence<M> {
  readonly dir: string;
  /** Resolves once `m` is durable; rejects (StorageIoError naming the directory) if it could not be written. */
  persist(m: M): Promise<void>;
  /** Writes a snapshot and starts a fresh log now. */
  compact(): Promise<void>;
  /** Resolves once no compaction is scheduled or running (one starts on its own when the log grows). */
  idle(): Promise<void>;
  /** Waits for pending writes, compacts (if anything changed) and releases the lock. */
  close(): Promise<void>;
  readonly stats: { replayedRecords: number; droppedTailBytes: number; snapshotLoaded: boolean };
}

const SNAPSHOT = 'snapshot.bin';
/**
 * The log may grow to this many times the snapshot before it is compacted: each compaction rewrites the whole
 * state, so a fixed threshold made a bulk ingest rewrite it again and again (quadratic); relative to the snapshot,
 * rewriting costs at most twice the bytes logged, and a replay after a crash reads at most two snapshots' worth.
 */
const LOG_PER_SNAPSHOT = 2;
const LOG_RE = /^wal-(\d{12})\.log$/;
const logName = (gen: number): string => `wal-${String(gen).padStart(12, '0')}.log`;

interface SnapshotEnvelope {
  format: 'eqdrant-state';
  nextLogGen: number;
  state: unknown;
}

function isEnvelope(v: unknown): v is SnapshotEnvelope {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as SnapshotEnvelope).format === 'eqdrant-state' &&
    typeof (v as SnapshotEnvelope).nextLogGen === 'number'
  );
}

export async function openPersistence<M>(
  dir: string,
  target: PersistTarget<M>,
  opts: PersistenceOptions = {},
): Promise<Persistence<M>> {
  const log = opts.log;
  const compactBytes = opts.compactBytes ?? 256 << 20;
  const absDir = path.resolve(dir);
  const ioError = (action: string) => (err: unknown) => toStorageError(absDir, action, err);

  try {
    await fsp.mkdir(absDir, { recursive: true });
  } catch (err) {
    // Recursive mkdir reports ENOENT on a read-only parent; a plain mkdir of the leaf tells the real cause.
    const real = await fsp.mkdir(absDir).then(
      () => err,
      (e: unknown) => e,
    );
    throw ioError('creating the data directory')(real);
  }
  let lock: DirLock;
  try {
    lock = await lockDataDir(absDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== undefined)
      throw ioError('taking the single-writer lock')(err);
    throw err;
  }

  let writer: LogWriter;
  let gen: number;
  /** Bytes of the current snapshot file (0 before the first). */
  let snapshotBytes = 0;
  const stats = { replayedRecords: 0, droppedTailBytes: 0, snapshotLoaded: false };
  try {
    const names = await fsp.readdir(absDir);
    for (const n of names)
      if (n.startsWith(`${SNAPSHOT}.tmp-`)) await fsp.rm(path.join(absDir, n), { force: true });

    let nextLogGen = 1;
    if (names.includes(SNAPSHOT)) {
      const t0 = performance.now();
      // The state is imported while the file is open: large sections are read straight into the engine.
      await readSnapshot(path.join(absDir, SNAPSHOT), (env) => {
        if (!isEnvelope(env)) throw new Error(`${path.join(absDir, SNAPSHOT)} is not a store snapshot`);
        target.importState(env.state);
        nextLogGen = env.nextLogGen;
      });
      stats.snapshotLoaded = true;
      snapshotBytes = (await fsp.stat(path.join(absDir, SNAPSHOT))).size;
      log?.info({ dir: absDir, ms: Math.round(performance.now() - t0) }, 'embedded store: snapshot loaded');
    }

    const gens = names
      .map((n) => LOG_RE.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    // Logs older than the snapshot are already in it (a crash hit between snapshot rename and their removal).
    for (const g of gens.filter((g) => g < nextLogGen))
      await fsp.rm(path.join(absDir, logName(g)), { force: true });
    const live = gens.filter((g) => g >= nextLogGen);

    let lastEnd = 0;
    for (let i = 0; i < live.length; i++) {
      const g = live[i] as number;
      const file = path.join(absDir, logName(g));
      const res = await replayLog(file, (payload) => {
        const m = decodeBinaryJson(payload) as M;
        // A mutation that failed validation when it was first applied fails the same way now: skip it.
        const rejected = target.apply(m);
        if (rejected !== undefined) {
          log?.debug({ err: rejected }, 'embedded store: logged mutation rejected on replay');
        }
      });
      stats.replayedRecords += res.records;
      if (res.droppedBytes > 0) {
        if (i < live.length - 1) {
          throw new Error(
            `write-ahead log ${file} is corrupt before its end (${res.reason}); later logs exist`,
          );
        }
        stats.droppedTailBytes = res.droppedBytes;
        log?.warn(
          { file, droppedBytes: res.droppedBytes, reason: res.reason, keptRecords: res.records },
          'embedded store: dropped a torn record at the end of the write-ahead log (a write that was never acknowledged)',
        );
      }
      lastEnd = res.validEnd;
    }
    if (live.length > 0) {
      gen = live[live.length - 1] as number;
      writer = await LogWriter.openAt(path.join(absDir, logName(gen)), lastEnd, ioError('writing the log'));
    } else {
      gen = nextLogGen;
      writer = await LogWriter.create(path.join(absDir, logName(gen)), ioError('writing the log'));
    }
    if (stats.replayedRecords > 0) {
      log?.info({ dir: absDir, records: stats.replayedRecords }, 'embedded store: write-ahead log replayed');
    }
  } catch (err) {
    await lock.release().catch(() => undefined);
    if (typeof (err as NodeJS.ErrnoException).code === 'string') {
      throw ioError('opening the store')(err);
    }
    throw err;
  }

  /** Appends in flight; compaction waits for them before it reads the state. */
  const inflight = new Set<Promise<void>>();
  let compacting: Promise<void> | undefined;
  /** A compaction triggered by log size, from the moment it is scheduled until it has finished. */
  let scheduled: Promise<void> | undefined;
  let changedSinceSnapshot = writer.byteSize > 8 || !stats.snapshotLoaded;
  let closed = false;

  const doCompact = async (): Promise<void> => {
    while (inflight.size > 0) await Promise.allSettled([...inflight]);
    // Let the server apply the mutations whose persist() just resolved (it applies right after the await).
    await new Promise<void>((r) => setImmediate(r));
    const t0 = performance.now();
    const next = await LogWriter.create(path.join(absDir, logName(gen + 1)), ioError('starting a new log'));
    const old = writer;
    const oldGen = gen;
    writer = next;
    gen += 1;
    await old.close();
    const size = await writeSnapshot(path.join(absDir, SNAPSHOT), {
      format: 'eqdrant-state',
      nextLogGen: gen,
      state: target.exportState(),
    } satisfies SnapshotEnvelope);
    for (let g = oldGen; g >= 1; g--) {
      const f = path.join(absDir, logName(g));
      try {
        await fsp.rm(f);
      } catch {
        break; // older ones were removed by an earlier compaction
      }
    }
    changedSinceSnapshot = false;
    snapshotBytes = size;
    log?.info(
      { dir: absDir, snapshotBytes: size, ms: Math.round(performance.now() - t0) },
      'embedded store: snapshot written, log compacted',
    );
  };

  const compact = (): Promise<void> => {
    compacting ??= doCompact()
      .catch((err: unknown) => {
        // The logs are intact (they are only deleted after the snapshot is durable): keep serving from them.
        const e = toStorageError(absDir, 'writing a snapshot', err);
        log?.error({ err: e.message }, 'embedded store: compaction failed; the log is kept');
        throw e;
      })
      .finally(() => {
        compacting = undefined;
      });
    return compacting;
  };

  const persist = async (m: M): Promise<void> => {
    if (closed) throw new Error('the embedded store is closed');
    while (compacting) await compacting.catch(() => undefined);
    const enc = encodeBinaryJson(m);
    const bytes = enc.byteLength < 1 << 16 ? [concatParts(enc)] : enc.parts;
    const p = writer.append(bytes);
    inflight.add(p);
    try {
      await p;
    } finally {
      inflight.delete(p);
    }
    changedSinceSnapshot = true;
    const limit = Math.max(compactBytes, LOG_PER_SNAPSHOT * snapshotBytes);
    if (writer.byteSize > limit && !compacting && !scheduled) {
      // Runs after this write is applied; errors are logged inside, the write itself is already durable.
      scheduled = new Promise<void>((resolve) => {
        setImmediate(() => {
          const run = closed ? Promise.resolve() : compact().catch(() => undefined);
          void run.then(() => {
            scheduled = undefined;
            resolve();
          });
        });
      });
    }
  };

  const idle = async (): Promise<void> => {
    while (scheduled || compacting) await (scheduled ?? compacting)?.catch(() => undefined);
  };

  return {
    dir: absDir,
    stats,
    persist,
    compact,
    idle,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await idle();
        while (inflight.size > 0) await Promise.allSettled([...inflight]);
        if (changedSinceSnapshot) await compact().catch(() => undefined);
        await writer.close();
      } finally {
        await lock.release();
      }
    },
  };
}
