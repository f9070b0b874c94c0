/**
 * Single-writer lock on a data directory: an O_EXCL-style pid file (`LOCK`). A second process (or a second store in
 * this process) opening the same directory gets a clear error instead of two writers interleaving one log.
 * A lock left behind by a dead process (kill -9, power loss) is detected by its pid and taken over.
 */
import { promises as fsp } from 'node:fs';
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
}

const LOCK_NAME = 'LOCK';

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
  const info: LockInfo = { pid: process.pid, host: hostname(), token: `${Date.now()}-${Math.random()}` };
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
      if (holder !== undefined && (!sameHost || isAlive(holder.pid))) {
        throw new DataDirLockedError(dir, holder.pid);
      }
      // Stale (dead pid or unreadable): remove and retry. Another process racing us will either win the link
      // or see our lock; the rename-free link keeps that decision atomic.
      await fsp.rm(file, { force: true });
    }
  } finally {
    await fsp.rm(tmp, { force: true });
  }
  let released = false;
  return {
    path: file,
    async release() {
      if (released) return;
      released = true;
      const holder = await readLock(file).catch(() => undefined);
      if (holder?.token === info.token) await fsp.rm(file, { force: true });
    },
  };
}
