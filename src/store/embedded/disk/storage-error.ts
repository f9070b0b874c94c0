/**
 * File-system failures under DATA_DIR, turned into one error that names the directory and the cause in words
 * (full disk, read-only mount, permissions). The server turns a failed persist into a 500 "Service internal
 * error: <this message>", so a write that could not be logged is a failed request, never an acknowledgement.
 */

const CAUSES: Record<string, string> = {
  ENOSPC: 'is full (no space left on device)',
  EDQUOT: 'is over its disk quota',
  EROFS: 'is on a read-only file system',
  EACCES: 'is not writable by this process (permission denied)',
  EPERM: 'is not writable by this process (operation not permitted)',
  ENOTDIR: 'is not a directory',
  EIO: 'had an I/O error',
};

export class StorageIoError extends Error {
  override name = 'StorageIoError';
  constructor(
    readonly dir: string,
    readonly code: string | undefined,
    readonly action: string,
    options?: { cause?: unknown },
  ) {
    const cause = (code !== undefined && CAUSES[code]) || 'could not be written';
    super(`DATA_DIR ${dir} ${cause}${code ? ` (${code})` : ''} while ${action}`);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

export function toStorageError(dir: string, action: string, err: unknown): StorageIoError {
  if (err instanceof StorageIoError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return new StorageIoError(dir, code, action, { cause: err });
}
