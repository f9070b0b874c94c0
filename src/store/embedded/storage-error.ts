/**
 * File-system failures under DATA_DIR, turned into one error that names the directory and the cause in words
 * (full disk, read-only mount, permissions). It is a 500 StoreError so a failed write reaches the client as a
 * failed request ("Service internal error: …", as Qdrant words internal errors), never as an acknowledgement.
 */
import { StoreError } from './errors.js';

const CAUSES: Record<string, string> = {
  ENOSPC: 'is full (no space left on device)',
  EDQUOT: 'is over its disk quota',
  EROFS: 'is on a read-only file system',
  EACCES: 'is not writable by this process (permission denied)',
  EPERM: 'is not writable by this process (operation not permitted)',
  ENOTDIR: 'is not a directory',
  EIO: 'had an I/O error',
};

export class StorageIoError extends StoreError {
  override name = 'StorageIoError';
  constructor(
    readonly dir: string,
    readonly code: string | undefined,
    readonly action: string,
    options?: { cause?: unknown },
  ) {
    const cause = (code !== undefined && CAUSES[code]) || 'could not be written';
    super(500, `Service internal error: DATA_DIR ${dir} ${cause}${code ? ` (${code})` : ''} while ${action}`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export function toStorageError(dir: string, action: string, err: unknown): StorageIoError {
  if (err instanceof StorageIoError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new StorageIoError(dir, code, action, { cause: err });
}
