/**
 * Files users send the robot: the message carries a download URL (valid five minutes) and an AES key; the file is
 * AES-256-CBC encrypted (IV = first 16 bytes of the key, PKCS#7 padding to 32 bytes). The SDK's `downloadFile`
 * reads any size into memory, so the download here stops at the upload cap, and decrypts with the SDK's
 * `decryptFile`. The file's name comes only with the download (Content-Disposition).
 */
import { decryptFile } from '@wecom/aibot-node-sdk';
import { readCapped, TooLargeError } from '../shared/download.js';

const TIMEOUT_MS = 30_000;
/** AES padding adds at most one 32-byte block to what the user sent. */
const PADDING = 32;

export interface DownloadedFile {
  bytes: Buffer;
  name: string;
}

export type FileDownloader = (
  url: string,
  aesKey: string | undefined,
  limit: number,
) => Promise<DownloadedFile>;

/** The file name of a Content-Disposition header (RFC 5987 `filename*=UTF-8''…` first). */
export function dispositionName(header: string | null): string | undefined {
  if (!header) return undefined;
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(header);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  const raw = star?.[1] ?? plain?.[1];
  if (!raw) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export const downloadWecomFile: FileDownloader = async (url, aesKey, limit) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!res.ok || !res.body) throw new Error(`file download failed: HTTP ${res.status}`);
  const length = Number(res.headers.get('content-length'));
  const declared = Number.isFinite(length) && length > 0 ? Math.max(0, length - PADDING) : undefined;
  if (declared !== undefined && declared > limit) {
    await res.body.cancel();
    throw new TooLargeError(limit, declared);
  }
  const raw = await readCapped(res.body, limit + PADDING);
  const bytes = aesKey ? decryptFile(raw, aesKey) : raw;
  if (bytes.length > limit) throw new TooLargeError(limit, bytes.length);
  return { bytes, name: dispositionName(res.headers.get('content-disposition')) ?? 'report' };
};
