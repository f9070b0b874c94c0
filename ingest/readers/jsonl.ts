/**
 * JSONL records → RawDoc, streamed line by line (bulk pools are tens of MB; never load them whole).
 * A malformed line is reported through `onSkip` with its line number and the file goes on.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { SkipError, type RawDoc } from '../types.js';
import { normalizeDate } from '../../src/text/dates.js';

export interface JsonlOptions {
  /** Path shown in skip reports (relative to the ingest root). */
  displayPath: string;
  onSkip: (skip: SkipError) => void;
}

function optionalString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Turn one parsed JSON value into a RawDoc, or explain why it cannot be one. */
export function recordToDoc(value: unknown, displayPath: string): RawDoc | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const rec = value as Record<string, unknown>;
  const id = optionalString(rec.id);
  if (id === undefined) return 'missing "id"';
  if (typeof rec.text !== 'string') return 'missing "text"';
  if (rec.text.trim() === '') return 'empty "text"';
  const title = optionalString(rec.title);
  // Only a real calendar date is kept: the stored date is filtered as a datetime, and never guessed.
  const raw = optionalString(rec.date);
  const date = raw === undefined ? undefined : normalizeDate(raw);
  const url = optionalString(rec.url);
  const source = optionalString(rec.source) ?? url ?? `${displayPath}#${id}`;
  const doc: RawDoc = { docId: id, source, text: rec.text.replace(/\r\n?/g, '\n'), kind: 'record' };
  if (title !== undefined) doc.title = title;
  if (date !== undefined) doc.date = date;
  if (url !== undefined) doc.url = url;
  return doc;
}

/** Stream the records of a `.jsonl` or `.jsonl.gz` file. */
export async function* readJsonl(file: string, opts: JsonlOptions): AsyncIterable<RawDoc> {
  let input: Readable = createReadStream(file);
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const raw of lines) {
      lineNo++;
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        opts.onSkip(new SkipError(`${opts.displayPath}:${lineNo}`, `malformed JSON line: ${why}`));
        continue;
      }
      const doc = recordToDoc(parsed, opts.displayPath);
      if (typeof doc === 'string') {
        opts.onSkip(new SkipError(`${opts.displayPath}:${lineNo}`, `bad record: ${doc}`));
        continue;
      }
      yield doc;
    }
  } catch (err) {
    // A truncated gzip stream or an I/O error: report what was read and stop this file.
    const why = err instanceof Error ? err.message : String(err);
    opts.onSkip(
      new SkipError(`${opts.displayPath}:${lineNo + 1}`, `unreadable after line ${lineNo}: ${why}`),
    );
  } finally {
    lines.close();
    input.destroy();
  }
}
