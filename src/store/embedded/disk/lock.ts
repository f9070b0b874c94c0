/**
 * Single-writer lock on a data directory: an O_EXCL-style pid file (`LOCK`). A second process (or a second store in
 * this process) opening the same directory gets a clear error instead of two writers interleaving one log.
 * A lock left behind by a dead process (kill -9, power loss) is detected by its pid and start time and taken over,
 * also when the pid has been reused (a restarted container's app is pid 1 again) and when the holder is a zombie
 * nobody has reaped yet.
 */
import { readFileSync, promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `DATA_DIR ${dir} is in use by process ${pid}` +
        (pid === process.pid ? ' (this process: the store is already open)' : '') +
        '; stop that process or use another DATA_DIR',
    );
  }
}

export interface DirLock {
  readonly path: string;
  release(): Promise<void>;
}

interface LockInfo {
  pid: number;
  host: string;
  /** Distinguishes our own locks held by different stores in one process. */
  token: string;
  /** Start time of the process (Linux clock ticks since boot), to tell a reused pid from the holder. */
  started?: number;
}

/** Lock files held by this process right now (a same-pid lock not in here is left by an earlier incarnation). */
const heldHere = new Set<string>();

interface ProcStat {
  /** Field 3: R, S, D, Z (zombie), T, … */
  state: string;
  /** Field 22: start time in clock ticks since boot. */
  started: number | undefined;
}

/** Fields of /proc/<pid>/stat, or undefined where there is no procfs (or no such process). */
function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const v = Number(fields[19]);
    return { state: fields[0] ?? '', started: Number.isFinite(v) ? v : undefined };
  } catch {
    return undefined;
  }
}

function processStart(pid: number): number | undefined {
  return procStat(pid)?.started;
}

/**
 * Whether the lock's holder is still running (and is the same process, not a reused pid). A zombie — killed
 * (kill -9 of a process group, or a container without an init) but not yet reaped by its parent — has closed
 * all its files and writes nothing more, so it counts as dead.
 */
function holderAlive(holder: LockInfo, file: string): boolean {
  if (holder.pid === process.pid) return heldHere.has(file);
  if (!isAlive(holder.pid)) return false;
  const stat = procStat(holder.pid);
  if (stat?.state === 'Z') return false;
  const started = stat?.started;
  return holder.started === undefined || started === undefined || started === holder.started;
}

const LOCK_NAME = 'LOCK';

/**
 * Marks `dir` as held by this process for a store running on a worker thread (thread.ts): module state is per
 * thread, so the worker's own mark is invisible here. Throws DataDirLockedError if a store of this process (any
 * thread) already has it. Returns the release, called when the thread ends.
 */
export function claimInProcess(dir: string): () => void {
  const abs = path.resolve(dir);
  const file = path.join(abs, LOCK_NAME);
  if (heldHere.has(file)) throw new DataDirLockedError(abs, process.pid);
  heldHere.add(file);
  return () => heldHere.delete(file);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockInfo | undefined> {
  try {
    const parsed: unknown = JSON.parse(await fsp.readFile(file, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && typeof parsed.pid === 'number') {
      return parsed as LockInfo;
    }
    return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    return undefined; // unreadable or garbage: treat as stale
  }
}

/**
 * Takes the lock on `dir` (which must exist). The file is written under a temporary name and hard-linked into
 * place, so it never exists half-written and the link is the atomic "create if absent".
 */
export async function lockDataDir(dir: string): Promise<DirLock> {
  const file = path.join(dir, LOCK_NAME);
  const started = processStart(process.pid);
  const info: LockInfo = {
    pid: process.pid,
    host: hostname(),
    token: `${Date.now()}-${Math.random()}`,
    ...(started !== undefined ? { started } : {}),
  };
  const tmp = path.join(dir, `${LOCK_NAME}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  await fsp.writeFile(tmp, JSON.stringify(info));
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.link(tmp, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw err;
      }
      let holder: LockInfo | undefined;
      try {
        holder = await readLock(file);
      } catch {
        continue; // vanished between link and read: retry
      }
      const sameHost = holder === undefined || holder.host === info.host;
      if (holder !== undefined && (!sameHost || holderAlive(holder, file))) {
        throw new DataDirLockedError(dir, holder.pid);
      }
      // Stale (dead or reused pid, e.g. pid 1 of a restarted container, or unreadable): remove and retry. Another process racing us will either win the link
      // or see our lock; the rename-free link keeps that decision atomic.
      await fsp.rm(file, { force: true });
    }
  } finally {
    await fsp.rm(tmp, { force: true });
  }
  heldHere.add(file);
  let released = false;
  return {
    path: file,
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      const holder = await readLock(file).catch(() => undefined);
      if (holder?.token === info.token) await fsp.rm(file, { force: true });
    },
  };
}
