/**
 * Binary snapshot file: the whole store state at one point of the log, written atomically
 * (temp file + fsync + rename + fsync dir), so a crash leaves either the old snapshot or the new one.
 *
 * Layout (little endian, every section 8-byte aligned):
 *   0  "EQSNAP01"
 *   8  u32 version (2) | u32 externalCount
 *   16 u64 bodyOffset  | u64 bodyLength
 *   32 u32 bodyCrc     | u32 tableCrc
 *   40 table: externalCount x { u64 offset, u64 byteLength, u32 crc32, u32 reserved }
 *   body: the state as binary JSON (small numeric arrays inline)
 *   externals: large typed arrays (dense vectors rows x dim, sparse postings) as raw bytes, each read straight
 *   into its own buffer on load, so vectors need no parsing and no copy; and huge lists (payloads), a blob of
 *   binary JSON per slice of 2,048 (16,384 before; any size reads; version 1 kept them in the body).
 */
import { promises as fsp, readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import {
  decodeBinaryJson,
  encodeBinaryJson,
  isChunkedArray,
  isLazyBlob,
  typedCtors,
  type External,
  type TypedArray,
} from './binary-json.js';

type TypedCtor = (typeof typedCtors)[keyof typeof typedCtors];
import { syncDir } from './wal.js';

const MAGIC = Buffer.from('EQSNAP01', 'latin1');
/** 2: huge lists (payloads) as external blobs. Version 1 files are still read. */
const VERSION = 2;
const HEADER = 40;
const ENTRY = 24;
/** Typed arrays from 64 KiB up are stored as externals (raw, separately checksummed). */
const EXTERNAL_BYTES = 64 << 10;
const IO_CHUNK = 64 << 20;

export class SnapshotCorruptError extends Error {
  override name = 'SnapshotCorruptError';
  constructor(file: string, what: string) {
    super(
      `snapshot ${file} is corrupt (${what}); restore it from a backup or move it away to start from the log`,
    );
  }
}

const align8 = (n: number): number => n + ((8 - (n % 8)) % 8);

function bytesOf(v: ArrayBufferView): Uint8Array {
  return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

function crcOf(parts: readonly Uint8Array[]): number {
  let c = 0;
  for (const p of parts) {
    for (let off = 0; off < p.byteLength; off += IO_CHUNK) c = crc32(p.subarray(off, off + IO_CHUNK), c);
  }
  return c >>> 0;
}

async function writeAt(fh: FileHandle, data: Uint8Array, pos: number): Promise<void> {
  let off = 0;
  while (off < data.byteLength) {
    const n = Math.min(IO_CHUNK, data.byteLength - off);
    const { bytesWritten } = await fh.write(data, off, n, pos + off);
    if (bytesWritten === 0) throw new Error('write returned 0 bytes');
    off += bytesWritten;
  }
}

async function readAt(fh: FileHandle, out: Uint8Array, pos: number, file: string): Promise<void> {
  let off = 0;
  while (off < out.byteLength) {
    const n = Math.min(IO_CHUNK, out.byteLength - off);
    const { bytesRead } = await fh.read(out, off, n, pos + off);
    if (bytesRead === 0) throw new SnapshotCorruptError(file, 'file is truncated');
    off += bytesRead;
  }
}

/**
 * Writes `state` to `file` atomically. Returns the file size. Large typed arrays are written from where they
 * are; huge lists (the payloads) are encoded slice by slice as they are written, so the whole state is never
 * held a second time in memory. Table and header go last, once every section's place and checksum are known.
 */
export async function writeSnapshot(
  file: string,
  state: unknown,
  opts: { lazySlice?: number } = {},
): Promise<number> {
  const enc = encodeBinaryJson(state, { externalBytes: EXTERNAL_BYTES, lazyLists: true, ...opts });
  const count = enc.externals.length;
  const bodyOffset = align8(HEADER + count * ENTRY);
  const table = Buffer.alloc(count * ENTRY);
  const header = Buffer.alloc(HEADER);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(VERSION, 8);
  header.writeUInt32LE(count, 12);
  header.writeBigUInt64LE(BigInt(bodyOffset), 16);
  header.writeBigUInt64LE(BigInt(enc.byteLength), 24);
  header.writeUInt32LE(crcOf(enc.parts), 32);

  const tmp = `${file}.tmp-${process.pid}`;
  const fh = await fsp.open(tmp, 'w');
  let pos = align8(bodyOffset + enc.byteLength);
  try {
    let at = bodyOffset;
    for (const p of enc.parts) {
      await writeAt(fh, p, at);
      at += p.byteLength;
    }
    for (let i = 0; i < count; i++) {
      const ext = enc.externals[i] as External;
      let length = 0;
      let crc = 0;
      if (isChunkedArray(ext)) {
        // Slice by slice, each written before the next is made (the state does not change meanwhile).
        for (const v of ext.chunks()) {
          const bytes = bytesOf(v);
          crc = crc32(bytes, crc);
          await writeAt(fh, bytes, pos + length);
          length += bytes.byteLength;
        }
        if (length !== ext.length * typedCtors[ext.kind].BYTES_PER_ELEMENT)
          throw new Error(`snapshot section ${i}: ${length} bytes written, not ${ext.length} elements`);
      } else {
        const bytes = isLazyBlob(ext) ? ext.encode() : bytesOf(ext);
        crc = crcOf([bytes]);
        await writeAt(fh, bytes, pos);
        length = bytes.byteLength;
      }
      table.writeBigUInt64LE(BigInt(pos), i * ENTRY);
      table.writeBigUInt64LE(BigInt(length), i * ENTRY + 8);
      table.writeUInt32LE(crc >>> 0, i * ENTRY + 16);
      pos = align8(pos + length);
    }
    header.writeUInt32LE(crc32(table) >>> 0, 36);
    await writeAt(fh, table, HEADER);
    await writeAt(fh, header, 0);
    await fh.truncate(pos);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await fsp.rename(tmp, file);
  await syncDir(path.dirname(file));
  return pos;
}

/**
 * One external section, read when the loader asks for it (while `readSnapshot`'s callback runs): into a given
 * array — e.g. the engine's own memory — or a new one. Checksummed as it is read.
 */
class SnapshotSection<T extends TypedArray> {
  constructor(
    private readonly fd: number,
    private readonly file: string,
    private readonly index: number,
    private readonly pos: number,
    private readonly crc: number,
    private readonly Ctor: TypedCtor,
    readonly length: number,
  ) {}

  read(into?: T): T {
    const out = into ?? (new this.Ctor(this.length) as T);
    if (out.length !== this.length)
      throw new Error(`section ${this.index}: target of ${out.length}, not ${this.length}`);
    const bytes = bytesOf(out);
    let crc = 0;
    for (let off = 0; off < bytes.byteLength;) {
      const n = readSync(this.fd, bytes, off, Math.min(IO_CHUNK, bytes.byteLength - off), this.pos + off);
      if (n === 0) throw new SnapshotCorruptError(this.file, 'file is truncated');
      crc = crc32(bytes.subarray(off, off + n), crc);
      off += n;
    }
    if (crc >>> 0 !== this.crc) throw new SnapshotCorruptError(this.file, `section ${this.index} checksum`);
    return out;
  }
}

/**
 * Reads a snapshot and hands its state to `use` while the file is open: large typed arrays come as sections
 * (see StoredArray in engine/snapshot-types.ts) that `use` reads where they belong; nothing is kept after it.
 * Every section is checksummed.
 */
export async function readSnapshot(file: string, use: (state: unknown) => void): Promise<void> {
  const fh = await fsp.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    if (size < HEADER) throw new SnapshotCorruptError(file, 'file is truncated');
    const header = Buffer.alloc(HEADER);
    await readAt(fh, header, 0, file);
    if (!header.subarray(0, 8).equals(MAGIC)) throw new SnapshotCorruptError(file, 'not a snapshot file');
    const version = header.readUInt32LE(8);
    if (version !== 1 && version !== VERSION) {
      throw new SnapshotCorruptError(file, `unsupported version ${version}`);
    }
    const count = header.readUInt32LE(12);
    const bodyOffset = Number(header.readBigUInt64LE(16));
    const bodyLength = Number(header.readBigUInt64LE(24));
    if (HEADER + count * ENTRY > size || bodyOffset + bodyLength > size) {
      throw new SnapshotCorruptError(file, 'file is truncated');
    }
    const table = Buffer.alloc(count * ENTRY);
    await readAt(fh, table, HEADER, file);
    if (crc32(table) >>> 0 !== header.readUInt32LE(36))
      throw new SnapshotCorruptError(file, 'table checksum');
    // A fresh buffer at byte offset 0: inline typed sections stay aligned.
    const body = new Uint8Array(bodyLength);
    await readAt(fh, body, bodyOffset, file);
    if (crcOf([body]) !== header.readUInt32LE(32)) throw new SnapshotCorruptError(file, 'body checksum');

    const place = (index: number): { off: number; len: number } => {
      if (index >= count) throw new SnapshotCorruptError(file, `section ${index} missing`);
      const off = Number(table.readBigUInt64LE(index * ENTRY));
      const len = Number(table.readBigUInt64LE(index * ENTRY + 8));
      if (off + len > size) throw new SnapshotCorruptError(file, 'file is truncated');
      return { off, len };
    };
    const state = decodeBinaryJson(body, {
      copy: false,
      externalBlob: (index) => {
        const { off, len } = place(index);
        const crc = table.readUInt32LE(index * ENTRY + 16);
        return new SnapshotSection<Uint8Array>(fh.fd, file, index, off, crc, Uint8Array, len).read();
      },
      external: (index, kind, n) => {
        if (index >= count) throw new SnapshotCorruptError(file, `section ${index} missing`);
        const off = Number(table.readBigUInt64LE(index * ENTRY));
        const len = Number(table.readBigUInt64LE(index * ENTRY + 8));
        const Ctor = typedCtors[kind];
        if (off + len > size) throw new SnapshotCorruptError(file, 'file is truncated');
        if (len !== n * Ctor.BYTES_PER_ELEMENT) throw new SnapshotCorruptError(file, `section ${index} size`);
        const section = new SnapshotSection(
          fh.fd,
          file,
          index,
          off,
          table.readUInt32LE(index * ENTRY + 16),
          Ctor,
          n,
        );
        // Typed as the array it stands for; only code that knows StoredArray meets it (engine/snapshot-types.ts).
        return section as unknown as ArrayBufferView;
      },
    });
    use(state);
  } finally {
    await fh.close();
  }
}
