/**
 * Write-ahead log: an append-only file of framed records, fsynced before a write is acknowledged.
 *
 * File:   "EQWAL001" (8 bytes) then records back to back.
 * Record: u32 LE payload length | u32 LE CRC32 over (length bytes + payload) | payload.
 * A crash can only tear the last record (a single appender, fsync per batch), so on replay the first record whose
 * frame is incomplete or whose CRC does not match marks the end of the log: it and anything after it are cut off.
 * Concurrent appends are group-committed: all records queued while one fsync runs go out in the next write + fsync.
 */
import { promises as fsp, constants as fsc } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export const WAL_MAGIC = Buffer.from('EQWAL001', 'latin1');
const FRAME_HEADER = 8;
/** Larger than any request body the server accepts; a bigger length can only be garbage. */
export const MAX_RECORD_BYTES = 1 << 30;

function frameHeader(parts: readonly Uint8Array[]): Buffer {
  let len = 0;
  for (const p of parts) len += p.byteLength;
  const h = Buffer.alloc(FRAME_HEADER);
  h.writeUInt32LE(len, 0);
  let crc = crc32(h.subarray(0, 4));
  for (const p of parts) crc = crc32(p, crc);
  h.writeUInt32LE(crc >>> 0, 4);
  return h;
}

export interface ReplayResult {
  records: number;
  /** Byte offset just after the last valid record: where appends continue. */
  validEnd: number;
  /** Bytes past `validEnd` that were not a valid record (a torn or corrupt tail). */
  droppedBytes: number;
  /** Why the tail was dropped, for the log line. */
  reason?: string;
}

/** Reads records sequentially with one read-ahead buffer (positional reads, no whole-file load). */
class RecordReader {
  private buf = Buffer.alloc(8 << 20);
  private bufStart = 0;
  private bufLen = 0;
  constructor(
    private readonly fh: FileHandle,
    readonly fileSize: number,
  ) {}

  /** Returns exactly `len` bytes at `pos`, or fewer if the file ends first. */
  async read(pos: number, len: number): Promise<Buffer> {
    if (pos >= this.bufStart && pos + len <= this.bufStart + this.bufLen) {
      return this.buf.subarray(pos - this.bufStart, pos - this.bufStart + len);
    }
    const want = Math.min(len, Math.max(0, this.fileSize - pos));
    if (len > this.buf.length) {
      const out = Buffer.alloc(want);
      await readFully(this.fh, out, pos);
      return out;
    }
    const fill = Math.min(this.buf.length, Math.max(0, this.fileSize - pos));
    await readFully(this.fh, this.buf.subarray(0, fill), pos);
    this.bufStart = pos;
    this.bufLen = fill;
    return this.buf.subarray(0, Math.min(len, fill));
  }
}

async function readFully(fh: FileHandle, out: Buffer, pos: number): Promise<void> {
  let done = 0;
  while (done < out.length) {
    const { bytesRead } = await fh.read(out, done, out.length - done, pos + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
}

/**
 * Calls `onRecord` for every valid record of `file` in order. The payload buffer is only valid during the call.
 * Stops at the first torn or corrupt frame and reports it; the caller decides whether to truncate.
 */
export async function replayLog(
  file: string,
  onRecord: (payload: Uint8Array, index: number) => void,
): Promise<ReplayResult> {
  const fh = await fsp.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const reader = new RecordReader(fh, size);
    if (size < WAL_MAGIC.length) {
      return { records: 0, validEnd: 0, droppedBytes: size, reason: 'incomplete file header' };
    }
    const magic = await reader.read(0, WAL_MAGIC.length);
    if (!magic.equals(WAL_MAGIC)) throw new Error(`${file} is not a write-ahead log (bad magic)`);
    let pos = WAL_MAGIC.length;
    let records = 0;
    const tail = (reason: string): ReplayResult => ({
      records,
      validEnd: pos,
      droppedBytes: size - pos,
      reason,
    });
    while (pos < size) {
      if (size - pos < FRAME_HEADER) return tail('incomplete record header');
      const header = Buffer.from(await reader.read(pos, FRAME_HEADER));
      const len = header.readUInt32LE(0);
      const crc = header.readUInt32LE(4);
      if (len === 0 || len > MAX_RECORD_BYTES) return tail(`impossible record length ${len}`);
      if (size - pos - FRAME_HEADER < len) return tail('incomplete record');
      const payload = await reader.read(pos + FRAME_HEADER, len);
      if (crc32(payload, crc32(header.subarray(0, 4))) >>> 0 !== crc) return tail('checksum mismatch');
      onRecord(payload, records);
      records++;
      pos += FRAME_HEADER + len;
    }
    return { records, validEnd: pos, droppedBytes: 0 };
  } finally {
    await fh.close();
  }
}

/** fsync of a directory, so a created, renamed or removed entry survives power loss. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, fsc.O_RDONLY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

interface Pending {
  parts: readonly Uint8Array[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Appender for one log file. `append` resolves only after the record is on disk. */
export class LogWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  private broken: unknown;
  private closed = false;

  private constructor(
    private readonly fh: FileHandle,
    readonly file: string,
    private size: number,
    private readonly mapError: (err: unknown) => unknown,
  ) {}

  /** Creates a new, empty log (header written and fsynced, directory entry fsynced). */
  static async create(file: string, mapError: (err: unknown) => unknown = (e) => e): Promise<LogWriter> {
    const fh = await fsp.open(file, 'wx');
    try {
      await fh.write(WAL_MAGIC, 0, WAL_MAGIC.length, 0);
      await fh.sync();
      await syncDir(path.dirname(file));
    } catch (err) {
      await fh.close();
      await fsp.rm(file, { force: true });
      throw err;
    }
    return new LogWriter(fh, file, WAL_MAGIC.length, mapError);
  }

  /** Opens an existing log for appending at `validEnd`, cutting off any torn tail first. */
  static async openAt(
    file: string,
    validEnd: number,
    mapError: (err: unknown) => unknown = (e) => e,
  ): Promise<LogWriter> {
    const fh = await fsp.open(file, 'r+');
    try {
      if (validEnd < WAL_MAGIC.length) {
        await fh.truncate(0);
        await fh.write(WAL_MAGIC, 0, WAL_MAGIC.length, 0);
        validEnd = WAL_MAGIC.length;
      } else if ((await fh.stat()).size !== validEnd) {
        await fh.truncate(validEnd);
      }
      await fh.sync();
    } catch (err) {
      await fh.close();
      throw err;
    }
    return new LogWriter(fh, file, validEnd, mapError);
  }

  /** Bytes in the log, header included. */
  get byteSize(): number {
    return this.size;
  }

  append(parts: readonly Uint8Array[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('write-ahead log is closed'));
    if (this.broken !== undefined) return Promise.reject(this.broken);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
      this.flushing ??= this.flushLoop();
    });
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const bufs: Uint8Array[] = [];
        let total = 0;
        for (const p of batch) {
          const h = frameHeader(p.parts);
          bufs.push(h, ...p.parts);
          total += h.byteLength;
          for (const x of p.parts) total += x.byteLength;
        }
        try {
          await this.writeAll(bufs, total, this.size);
          await this.fh.datasync();
          this.size += total;
          for (const p of batch) p.resolve();
        } catch (err) {
          const mapped = this.mapError(err);
          await this.rollback(mapped);
          for (const p of batch) p.reject(mapped);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeAll(bufs: Uint8Array[], total: number, at: number): Promise<void> {
    const { bytesWritten } = await this.fh.writev(bufs, at);
    if (bytesWritten === total) return;
    // Short write: finish byte-exactly from where writev stopped.
    let skip = bytesWritten;
    let pos = at + bytesWritten;
    for (const b of bufs) {
      if (skip >= b.byteLength) {
        skip -= b.byteLength;
        continue;
      }
      let off = skip;
      skip = 0;
      while (off < b.byteLength) {
        const r = await this.fh.write(b, off, b.byteLength - off, pos);
        if (r.bytesWritten === 0) throw new Error('write returned 0 bytes');
        off += r.bytesWritten;
        pos += r.bytesWritten;
      }
    }
  }

  /**
   * A failed batch may have left partial bytes after the last acknowledged record. Cut them off so a later
   * successful append is not stranded behind garbage (replay stops at the first bad frame). If even that fails,
   * the log refuses all further writes: better unavailable than acknowledging what replay would drop.
   */
  private async rollback(cause: unknown): Promise<void> {
    try {
      await this.fh.truncate(this.size);
      await this.fh.datasync();
    } catch {
      this.broken = cause;
    }
  }

  /** Waits for queued appends, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.flushing) await this.flushing;
    this.closed = true;
    await this.fh.close();
  }
}
