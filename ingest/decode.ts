/**
 * Bytes → text with encoding detection. Chinese reports arrive as UTF-8 (with or without BOM) or GBK/GB18030;
 * anything else we cannot read is a SkipError with a reason a person understands.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { SkipError } from './types.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Share of U+FFFD / control characters above which a decode is considered garbage. */
const MAX_BAD_SHARE = 0.01;

function hasUtf8Bom(buf: Uint8Array): boolean {
  return buf.length >= 3 && UTF8_BOM.every((b, i) => buf[i] === b);
}

function badShare(text: string): number {
  if (text.length === 0) return 0;
  // Replacement chars and C0 controls other than tab/newline/CR mean the guess was wrong.
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) bad++;
  }
  return bad / text.length;
}

/** How plausible a decode is as Chinese/ASCII text: common characters count, garbage counts against. */
function plausibility(text: string): number {
  let score = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d)) score -= 10;
    else if (
      (c >= 0x4e00 && c <= 0x9fa5) ||
      (c >= 0x20 && c < 0x7f) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef)
    )
      score += 1;
    else if (c >= 0xe000 && c <= 0xf8ff) score -= 5; // private use: a wrong code page
  }
  return score;
}

/** Which encoding a buffer is in: 'utf-8' or a name iconv-lite knows (GB18030 for GBK text). */
export function detectEncoding(buf: Uint8Array): string {
  if (hasUtf8Bom(buf)) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return 'utf-8';
  } catch {
    // Not valid UTF-8: fall through to detection.
  }
  // chardet is unreliable on short texts; try its guess and the Chinese code pages, keep the most plausible.
  // GB18030 is a superset of GBK and GB2312, so it stands for all three.
  const sample = Buffer.from(buf.subarray(0, Math.min(buf.length, 256 * 1024)));
  const guess = (chardet.detect(sample) ?? '').toLowerCase();
  const candidates = ['gb18030', 'big5'];
  if (guess !== '' && !guess.startsWith('gb') && !guess.startsWith('utf') && iconv.encodingExists(guess))
    candidates.push(guess);
  let best = 'gb18030';
  let bestScore = -Infinity;
  for (const enc of candidates) {
    const score = plausibility(iconv.decode(sample, enc));
    if (score > bestScore) {
      best = enc;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Decode a file's bytes to text (BOM stripped, line ends normalised to \n).
 * Throws SkipError for empty, binary (NUL bytes) or undecodable input.
 */
export function decodeBuffer(buf: Uint8Array, path: string): string {
  if (buf.length === 0) throw new SkipError(path, 'empty file');
  // UTF-16 with a BOM (Windows "Unicode" text) is full of NUL bytes but is text.
  const utf16 =
    buf[0] === 0xff && buf[1] === 0xfe
      ? 'utf-16le'
      : buf[0] === 0xfe && buf[1] === 0xff
        ? 'utf-16be'
        : undefined;
  if (utf16 !== undefined) {
    const text = new TextDecoder(utf16).decode(buf.subarray(2)).replace(/\r\n?/g, '\n');
    if (text.trim() === '') throw new SkipError(path, 'empty file (only whitespace)');
    return text;
  }
  const head = buf.subarray(0, Math.min(buf.length, 64 * 1024));
  if (head.includes(0)) throw new SkipError(path, 'binary file (contains NUL bytes)');
  const encoding = detectEncoding(buf);
  const body = hasUtf8Bom(buf) ? buf.subarray(3) : buf;
  const text =
    encoding === 'utf-8' ? new TextDecoder('utf-8').decode(body) : iconv.decode(Buffer.from(body), encoding);
  if (badShare(text) > MAX_BAD_SHARE) {
    throw new SkipError(path, `undecodable text (tried ${encoding})`);
  }
  const normalised = text.replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') throw new SkipError(path, 'empty file (only whitespace)');
  return normalised;
}
