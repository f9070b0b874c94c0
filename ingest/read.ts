/**
 * Read input files into RawDocs: pages (.txt, .md, .html/.htm, .docx) become one RawDoc each, a PDF one per page;
 * JSONL (.jsonl, .jsonl.gz) yields one RawDoc per record, streamed. A PDF is read as one whatever its name says.
 *
 * Skips: with `onSkip`, every problem (bad file, bad JSONL line) is reported there and reading goes on.
 * Without it, a bad file throws SkipError and bad JSONL lines are silently dropped — pass onSkip in real ingests.
 */
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { decodeBuffer } from './decode.js';
import { htmlToText } from './readers/html.js';
import { readJsonl } from './readers/jsonl.js';
import { markdownToText } from './readers/markdown.js';
import { readDocxDoc, readPdfDocs, sniff } from './readers/structured.js';
import { SkipError, type RawDoc } from './types.js';
import { dateFromFileName } from '../src/text/dates.js';

export interface ReadOptions {
  /** Called for each skipped file or JSONL line; when absent, a skipped file throws. */
  onSkip?: (skip: SkipError) => void;
  /** Size limit for page files (JSONL is streamed and has none). Default 50 MB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

const PAGE_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx']);

/** What kind of reader a path needs, or undefined for an unknown extension. */
export function inputKind(path: string): 'page' | 'jsonl' | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.jsonl.gz')) return 'jsonl';
  return PAGE_EXTENSIONS.has(extname(lower)) ? 'page' : undefined;
}

/** The doc id of a file: its path relative to the ingest root, with forward slashes on every OS. */
export function relativeDocId(path: string, root: string): string {
  const rel = relative(root, path);
  const id = rel === '' || rel.startsWith('..') ? path : rel;
  return id.split(sep).join('/');
}

/** Read one page file (already known to be a page extension) into a RawDoc. */
export async function readPage(path: string, root: string, maxBytes = DEFAULT_MAX_BYTES): Promise<RawDoc> {
  const docId = relativeDocId(path, root);
  const info = await stat(path);
  if (info.size > maxBytes) {
    throw new SkipError(docId, `file too large (${info.size} bytes > limit ${maxBytes})`);
  }
  const text = decodeBuffer(await readFile(path), docId);
  const ext = extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm') {
    const page = htmlToText(text);
    if (page.text.trim() === '') throw new SkipError(docId, 'no article text in HTML');
    const doc: RawDoc = { docId, source: docId, text: page.text, kind: 'page' };
    if (page.title !== undefined) doc.title = page.title;
    return doc;
  }
  const body = ext === '.txt' ? text : markdownToText(text);
  return { docId, source: docId, text: body, kind: 'page' };
}

async function* walkFiles(dir: string): AsyncIterable<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walkFiles(full);
    else if (entry.isFile()) yield full;
  }
}

async function* readFileDocs(path: string, root: string, opts: ReadOptions): AsyncIterable<RawDoc> {
  const docId = relativeDocId(path, root);
  const kind = inputKind(path);
  if (kind === undefined) throw new SkipError(docId, `unknown extension "${extname(path) || '(none)'}"`);
  if (kind === 'jsonl') {
    const info = await stat(path);
    if (info.size === 0) throw new SkipError(docId, 'empty file');
    yield* readJsonl(path, { displayPath: docId, onSkip: opts.onSkip ?? (() => undefined) });
    return;
  }
  const ext = extname(path).toLowerCase();
  if (ext === '.pdf' || ext === '.docx' || (ext === '.txt' && (await headOf(path)) === 'pdf')) {
    const info = await stat(path);
    const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    if (info.size > maxBytes)
      throw new SkipError(docId, `file too large (${info.size} bytes > limit ${maxBytes})`);
    const data = await readFile(path);
    if (ext !== '.docx' || sniff(data) === 'pdf') {
      const pages = readPdfDocs(data, docId, (s) => {
        if (opts.onSkip === undefined) throw s;
        opts.onSkip(s);
      });
      for await (const page of pages) yield withFileDate(page, path);
      return;
    }
    if (ext === '.docx') {
      // The file name is the user's own filing of the report: it comes before Word's "created" property.
      const doc = await readDocxDoc(data, docId);
      const named = dateFromFileName(path);
      if (named !== undefined) doc.date = named;
      yield doc;
      return;
    }
  }
  yield withFileDate(await readPage(path, root, opts.maxBytes), path);
}

/** A page without a date of its own (running head, properties) takes the one its file name gives, if any. */
function withFileDate(doc: RawDoc, path: string): RawDoc {
  if (doc.date !== undefined) return doc;
  const date = dateFromFileName(path);
  return date === undefined ? doc : { ...doc, date };
}

/** Read a file or (recursively, in name order) a directory into RawDocs. */
export async function* readDocuments(
  path: string,
  root: string,
  opts: ReadOptions = {},
): AsyncIterable<RawDoc> {
  let info;
  try {
    info = await stat(path);
  } catch {
    const skip = new SkipError(relativeDocId(path, root), 'no such file or directory');
    if (opts.onSkip === undefined) throw skip;
    opts.onSkip(skip);
    return;
  }
  const files = info.isDirectory() ? walkFiles(path) : oneFile(path);
  for await (const file of files) {
    try {
      yield* readFileDocs(file, root, opts);
    } catch (err) {
      const skip =
        err instanceof SkipError
          ? err
          : new SkipError(relativeDocId(file, root), err instanceof Error ? err.message : String(err));
      if (opts.onSkip === undefined) throw skip;
      opts.onSkip(skip);
    }
  }
}

/** What the first bytes of a file say it is (a PDF saved as .txt is still a PDF). */
async function headOf(path: string): Promise<'pdf' | 'zip' | undefined> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buf, 0, 16, 0);
    return sniff(buf.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

async function* oneFile(path: string): AsyncIterable<string> {
  yield path;
}
