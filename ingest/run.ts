/**
 * One ingest run: inputs (files, directories, JSONL) → documents → articles → chunks → Qdrant.
 * Used by the CLI, by first-run start-up and by the bot's /reindex. Documents stream through one at a time,
 * so memory stays bounded by one write batch whatever the corpus size.
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { Config } from '../src/config.js';
import type { Article } from '../src/types.js';
import { availableParallelism } from 'node:os';
import { chunkCollection, ensureCollection, type ClusterSettings } from '../src/store/schema.js';
import { SkipError, type IngestProgress, type IngestSummary, type RawDoc } from './types.js';
import { inputKind, readDocuments, relativeDocId } from './read.js';
import { docHash } from './ids.js';
import { Manifest, type ManifestEntry } from './manifest.js';
import { processDocument, type ProcessedDoc } from './document.js';
import { DocPool, WorkerCrashError, type PoolResult } from './pool.js';
import { Indexer, type DenseEmbedder } from './indexer.js';
import { withRetry, type RetryOptions } from './retry.js';
import { forgetCollectionStats } from '../src/rag/retrieve.js';

export interface Skip {
  path: string;
  reason: string;
}

export interface RunOptions {
  paths: string[];
  /** Required unless dryRun. */
  client?: QdrantClient;
  /** Collection name; cluster layout and upsert parallelism when set (defaults: 1 shard, 1 replica, 2). */
  cfg: Pick<Config, 'QDRANT_COLLECTION'> & ClusterSettings & Partial<Pick<Config, 'QDRANT_UPSERT_PARALLEL'>>;
  embedder?: DenseEmbedder;
  /** Remove chunks and manifest entries of documents not seen among this run's inputs. */
  prune?: boolean;
  /** Read, parse and chunk, but write nothing. */
  dryRun?: boolean;
  /** Points per upsert request (default 512). */
  batchSize?: number;
  /** Worker threads for parsing and BM25 (default: one per core, at most 4, for large inputs; 0 = inline). */
  workers?: number;
  retry?: RetryOptions;
  onProgress?(p: IngestProgress): void;
  onSkip?(s: Skip): void;
  /** Every parsed document with its articles (the CLI's --dry-run prints them). */
  onArticles?(doc: RawDoc, articles: Article[]): void;
  /** Abort stops reading; the current batch is still committed so the store stays consistent. */
  signal?: AbortSignal;
}

export interface InputFile {
  file: string;
  /** Directory the document ids are relative to. */
  root: string;
}

/** Expands the inputs into files, directories walked recursively in sorted order (deterministic ids). */
export async function listInputs(paths: string[], onSkip: (s: Skip) => void): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const walk = async (dir: string, root: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue; // .git, .DS_Store: never reports
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full, root);
      else if (e.isFile()) accept(full, root);
    }
  };
  const accept = (file: string, root: string): void => {
    if (inputKind(file) !== undefined) out.push({ file, root });
    else
      onSkip({
        path: relativeDocId(file, root),
        reason: `unknown extension "${path.extname(file) || '(none)'}"`,
      });
  };
  for (const p of paths) {
    const st = await stat(p).catch(() => undefined);
    if (!st) onSkip({ path: p, reason: 'no such file or directory' });
    else if (st.isDirectory()) await walk(p, p);
    else accept(p, path.dirname(p));
  }
  return out;
}

/** Documents to expect, for the progress bar: one per page file, one per JSONL line. */
async function expectedDocs(files: InputFile[]): Promise<number | undefined> {
  let total = 0;
  for (const { file } of files) {
    if (inputKind(file) !== 'jsonl') {
      total++;
      continue;
    }
    if (file.toLowerCase().endsWith('.gz')) return undefined; // counting would mean decompressing twice
    for await (const chunk of createReadStream(file)) {
      const buf = chunk as Buffer;
      for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) total++;
    }
  }
  return total;
}

/** Below this many documents, worker start-up (dictionaries, gazetteer) costs more than it saves. */
const WORKER_MIN_DOCS = 300;
/**
 * Documents in flight to the workers: enough to keep them busy while the main thread writes a batch (~170 docs a
 * lane), few enough that finished documents die young on the main thread: 1000 let them reach the old generation
 * and its garbage added ~60–90 MB to a pool ingest's peak RSS, for no measurable speed.
 */
const IN_FLIGHT = 300;

/**
 * One worker per core: parsing and jieba are most of an ingest's CPU, while the main thread mostly waits on the
 * store (whose own thread is busy only part of the time), so leaving a core to them left one idle.
 */
function defaultWorkers(expected: number | undefined): number {
  if (expected !== undefined && expected < WORKER_MIN_DOCS) return 0;
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Ingests the inputs. Summary counts describe the inputs as now indexed: `files` counts documents (a page
 * file, or one JSONL record), and unchanged documents contribute their articles/paragraphs/chunks from the
 * manifest — so re-running on the same inputs reports the same numbers, with `unchanged` = `files`.
 */
export async function runIngest(opts: RunOptions): Promise<IngestSummary> {
  const started = performance.now();
  const summary: IngestSummary = {
    files: 0,
    articles: 0,
    paragraphs: 0,
    chunks: 0,
    unchanged: 0,
    pruned: 0,
    skipped: [],
    seconds: 0,
  };
  // Documents present but unreadable this time keep their old chunks under --prune (their path is their id).
  const present = new Set<string>();
  const skip = (s: Skip): void => {
    summary.skipped.push(s);
    present.add(s.path);
    opts.onSkip?.(s);
  };
  const files = await listInputs(opts.paths, skip);
  const total = await expectedDocs(files);
  const progress = (phase: IngestProgress['phase']): void =>
    opts.onProgress?.({
      phase,
      filesDone: summary.files,
      ...(total !== undefined ? { filesTotal: total } : {}),
      articles: summary.articles,
      chunks: summary.chunks,
    });
  progress('read');

  const store = opts.dryRun ? undefined : await openIndex(opts);
  // --dry-run lists articles, which stay inside workers: parse inline there.
  const workers = opts.onArticles ? 0 : (opts.workers ?? defaultWorkers(total));
  const pool = workers > 0 ? new DocPool(workers) : undefined;
  const seen = new Set<string>();

  interface InFlight {
    raw: RawDoc;
    before: ManifestEntry | undefined;
    result: Promise<ProcessedDoc | PoolResult | Error>;
  }
  const queue: InFlight[] = [];
  const settle = (p: Promise<ProcessedDoc | PoolResult>) =>
    p.catch((err: unknown) => {
      if (err instanceof WorkerCrashError) throw err;
      return err instanceof Error ? err : new Error(String(err));
    });
  /** Hands finished documents to the indexer, in input order, until at most `max` remain in flight. */
  const drain = async (max: number): Promise<void> => {
    while (queue.length > max) {
      const item = queue.shift();
      if (!item) break;
      const done = await item.result;
      if (done instanceof Error) {
        skip({ path: item.raw.source, reason: `could not parse: ${done.message}` });
        continue;
      }
      if ('articles' in done) opts.onArticles?.(item.raw, done.articles);
      count(summary, done.entry);
      await store?.indexer.add({
        entry: done.entry,
        points: done.points,
        cleanup: item.before !== undefined || !store.fresh,
      });
      progress(store ? 'index' : 'read');
    }
  };

  try {
    for (const { file, root } of files) {
      if (opts.signal?.aborted) break;
      try {
        for await (const raw of readDocuments(file, root, {
          onSkip: (e: SkipError) => skip({ path: e.path, reason: e.reason }),
        })) {
          if (opts.signal?.aborted) break;
          if (seen.has(raw.docId)) {
            skip({
              path: raw.source,
              reason: `duplicate document id "${raw.docId}" (first occurrence kept)`,
            });
            continue;
          }
          seen.add(raw.docId);
          summary.files++;
          const hash = docHash(raw.docId, raw.text, raw.date);
          const before = store?.known.get(raw.docId);
          if (before && before.doc_hash === hash) {
            summary.unchanged++;
            count(summary, before);
            progress('index');
            continue;
          }
          const result = pool
            ? pool.run(raw, hash)
            : new Promise<ProcessedDoc>((resolve) => resolve(processDocument(raw, hash)));
          queue.push({ raw, before, result: settle(result) });
          await drain(pool ? IN_FLIGHT : 0);
        }
      } catch (err) {
        if (err instanceof SkipError) skip({ path: err.path, reason: err.reason });
        else if (isFileError(err)) skip({ path: file, reason: err.message });
        else throw err;
      }
    }
    // Even when aborted: documents already read are finished and committed, so the store stays consistent.
    await drain(0);
    await store?.indexer.flush();
  } finally {
    await pool?.close();
    // Questions asked from now on see the new reports' terms and counts (retrieval caches IDFs per collection).
    if (store) forgetCollectionStats(store.client, store.collection);
  }

  if (store && opts.prune && !opts.signal?.aborted) {
    progress('prune');
    summary.pruned = await prune(store, new Set([...seen, ...present]), opts);
    forgetCollectionStats(store.client, store.collection);
  }
  summary.seconds = Math.round((performance.now() - started) / 10) / 100;
  progress('done');
  return summary;
}

function count(summary: IngestSummary, e: ManifestEntry): void {
  summary.articles += e.articles;
  summary.paragraphs += e.paragraphs;
  summary.chunks += e.chunks;
}

/** A file-system failure on one input (unreadable, vanished): skip the file, keep the run going. */
function isFileError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' && /^E[A-Z]+$/.test(err.code);
}

interface OpenIndex {
  client: QdrantClient;
  collection: string;
  manifest: Manifest;
  indexer: Indexer;
  /** Documents fully indexed by earlier runs, by id. */
  known: Map<string, ManifestEntry>;
  /** The chunk collection was created by this run: no document can have older chunks. */
  fresh: boolean;
}

async function openIndex(opts: RunOptions): Promise<OpenIndex> {
  const client = opts.client;
  if (!client) throw new Error('runIngest: a Qdrant client is required unless dryRun is set');
  const embedder = opts.embedder
    ? { model: opts.embedder.model, dimensions: await opts.embedder.dimensions() }
    : undefined;
  const { created, head } = await withRetry(() => ensureCollection(client, opts.cfg, embedder), opts.retry);
  const manifest = new Manifest(client, opts.cfg);
  // A new chunk collection makes any old manifest a lie ("indexed" with no chunks): start it over.
  await withRetry(() => manifest.ensure(created), opts.retry);
  const known = await withRetry(() => manifest.load(), opts.retry);
  const collection = chunkCollection(opts.cfg);
  const indexer = new Indexer(client, collection, manifest, {
    batchSize: opts.batchSize ?? 512,
    headVector: head,
    parallel: opts.cfg.QDRANT_UPSERT_PARALLEL ?? 2,
    ...(opts.embedder ? { embedder: opts.embedder } : {}),
    ...(opts.retry ? { retry: opts.retry } : {}),
  });
  return { client, collection, manifest, indexer, known, fresh: created };
}

/** Every doc id that has chunks in the collection (payload field only, paged). */
async function storedDocIds(store: OpenIndex, opts: RunOptions): Promise<Set<string>> {
  const ids = new Set<string>();
  let offset: string | number | undefined;
  for (;;) {
    const page = await withRetry(
      () =>
        store.client.scroll(store.collection, {
          limit: 10_000,
          with_payload: ['doc_id'],
          with_vector: false,
          ...(offset !== undefined ? { offset } : {}),
        }),
      opts.retry,
    );
    for (const p of page.points) if (typeof p.payload?.doc_id === 'string') ids.add(p.payload.doc_id);
    const next = page.next_page_offset;
    if (typeof next !== 'string' && typeof next !== 'number') return ids;
    offset = next;
  }
}

/**
 * Deletes everything of documents not among `seen`: those in the manifest and orphans an interrupted run
 * left without a manifest entry. Deletes go by `doc_id` lists (indexed), never by a huge "not in" filter.
 */
async function prune(store: OpenIndex, seen: Set<string>, opts: RunOptions): Promise<number> {
  if (seen.size === 0) return 0; // an empty input list is far likelier a mistake than "delete everything"
  const gone = new Set([...store.known.keys()].filter((id) => !seen.has(id)));
  for (const id of await storedDocIds(store, opts)) if (!seen.has(id)) gone.add(id);
  const list = [...gone];
  for (let i = 0; i < list.length; i += 1000) {
    const ids = list.slice(i, i + 1000);
    await withRetry(
      () =>
        store.client.delete(store.collection, {
          wait: true,
          filter: { must: [{ key: 'doc_id', match: { any: ids } }] },
        }),
      opts.retry,
    );
    await withRetry(() => store.manifest.remove(ids), opts.retry);
  }
  return list.length;
}
