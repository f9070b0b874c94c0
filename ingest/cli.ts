/**
 * npm run ingest -- <file|dir|.jsonl>... [--dry-run] [--json] [--prune] [--batch-size N]
 *
 * Indexes reports into QDRANT_URL when set, else into the embedded store under DATA_DIR.
 * Exit codes: 0 everything ingested; 2 finished, but some inputs were skipped (each listed with its reason);
 * 1 fatal error (bad configuration, unreachable Qdrant, collection built with another embedding model);
 * 130 interrupted (Ctrl-C): the batch in flight was committed, a rerun completes the rest.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { ConfigError, loadConfigFromEnvFile, type Config } from '../src/config.js';
import { SchemaMismatchError } from '../src/store/schema.js';
import { createEmbedder } from '../src/llm/embeddings.js';
import type { Article } from '../src/types.js';
import type { IngestSummary, RawDoc } from './types.js';
import { runIngest } from './run.js';
import { createProgressReporter } from './progress.js';
import { errorStatus, isTransient, withRetry } from './retry.js';

const USAGE = `Usage: npm run ingest -- <file|dir|.jsonl>... [--dry-run] [--json] [--prune] [--batch-size N]

  --dry-run       parse and print the articles and numbered paragraphs found; index nothing
  --json          print a JSON summary as the last line of stdout: {files (documents: a page file
                  or a JSONL record), articles, paragraphs, chunks, unchanged, pruned,
                  skipped: [{path, reason}], seconds}; with --dry-run, stdout is JSON Lines: one
                  {docId, source, articles: [{id, title, subtitle?, byline?, date?, url?, places,
                  paragraphs: [{n, text}]}]} per document, then the summary
  --prune         remove chunks of documents that are no longer among the inputs
  --batch-size N  points per upsert request (default 512)

Unchanged documents (same content hash as last time) are skipped quickly; changed ones replace their chunks.

Exit codes: 0 ok, 2 some inputs skipped (listed on stderr), 1 fatal error, 130 interrupted.`;

/** Errors the user can fix; shown as one clear line, without a stack trace. */
class FatalError extends Error {}

interface Args {
  paths: string[];
  dryRun: boolean;
  json: boolean;
  prune: boolean;
  batchSize: number;
}

function parseCli(argv: string[]): Args | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false },
      'batch-size': { type: 'string', default: '512' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length === 0) throw new FatalError(`no input given\n\n${USAGE}`);
  const batchSize = Number(values['batch-size']);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new FatalError('--batch-size must be a positive integer');
  return { paths: positionals, dryRun: values['dry-run'], json: values.json, prune: values.prune, batchSize };
}

/** The --dry-run listing of one document. */
export function formatArticles(doc: RawDoc, articles: Article[]): string {
  const lines = [
    `== ${doc.docId}${doc.source !== doc.docId ? ` (${doc.source})` : ''}: ${articles.length} article(s)`,
  ];
  articles.forEach((a, i) => {
    lines.push(`\n[${i + 1}] 《${a.title}》`);
    if (a.subtitle) lines.push(`    subtitle: ${a.subtitle}`);
    if (a.byline) lines.push(`    byline: ${a.byline}`);
    if (a.date) lines.push(`    date: ${a.date}`);
    if (a.places.length > 0) lines.push(`    places: ${a.places.map((p) => p.name).join(', ')}`);
    for (const p of a.paragraphs) lines.push(`  ${p.n}. ${p.text}`);
  });
  return `${lines.join('\n')}\n\n`;
}

/** The --dry-run --json line of one document: what was found, as data (places by name). */
export function articlesJson(doc: RawDoc, articles: Article[]): string {
  return `${JSON.stringify({
    docId: doc.docId,
    source: doc.source,
    articles: articles.map((a) => ({
      id: a.id,
      title: a.title,
      ...(a.subtitle ? { subtitle: a.subtitle } : {}),
      ...(a.byline ? { byline: a.byline } : {}),
      ...(a.date ? { date: a.date } : {}),
      ...(a.url ? { url: a.url } : {}),
      places: a.places.map((p) => p.name),
      paragraphs: a.paragraphs.map((p) => ({ n: p.n, text: p.text })),
    })),
  })}\n`;
}

function describeSummary(s: IngestSummary, dryRun: boolean): string {
  const verb = dryRun ? 'found (dry run, nothing indexed)' : 'indexed';
  return (
    `${s.files} documents ${verb}: ${s.articles} articles, ${s.paragraphs} paragraphs, ${s.chunks} chunks; ` +
    `${s.unchanged} unchanged, ${s.pruned} pruned, ${s.skipped.length} skipped; ${s.seconds} s`
  );
}

async function ingest(args: Args, cfg: Config): Promise<{ summary: IngestSummary; interrupted: boolean }> {
  const log = pino({ level: cfg.LOG_LEVEL === 'info' ? 'warn' : cfg.LOG_LEVEL }, pino.destination(2));
  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(130); // second Ctrl-C: give up at once
    process.stderr.write('\nStopping after the current batch… (Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const reporter = createProgressReporter();
  const store = args.dryRun ? undefined : await connect(cfg, log);
  try {
    const embedder = args.dryRun ? undefined : createEmbedder(cfg);
    const summary = await runIngest({
      paths: args.paths,
      cfg,
      dryRun: args.dryRun,
      prune: args.prune,
      batchSize: args.batchSize,
      signal: abort.signal,
      onProgress: (p) => reporter.update(p),
      onSkip: (s) => reporter.skip(s),
      retry: {
        onRetry: (err, attempt, waitMs) =>
          log.warn({ attempt, waitMs, err: String(err) }, 'Qdrant call failed; retrying'),
      },
      ...(store ? { client: store.client } : {}),
      ...(embedder ? { embedder } : {}),
      ...(args.dryRun
        ? {
            onArticles: (doc, articles) =>
              process.stdout.write(args.json ? articlesJson(doc, articles) : formatArticles(doc, articles)),
          }
        : {}),
    });
    return { summary, interrupted: abort.signal.aborted };
  } finally {
    reporter.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    await store?.close();
  }
}

type Store = Awaited<ReturnType<typeof import('../src/store/connect.js').openStore>>;

async function connect(cfg: Config, log: pino.Logger): Promise<Store> {
  // Loaded lazily: --dry-run never needs the store (or its start-up cost).
  const { openStore } = await import('../src/store/connect.js');
  return withRetry(() => openStore(cfg, log), {
    tries: 4,
    onRetry: (err, attempt, waitMs) =>
      log.warn({ attempt, waitMs, err: explain(err) }, 'Qdrant not answering; retrying'),
  });
}

function explain(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = errorStatus(err);
  const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${status !== undefined ? `HTTP ${status}: ` : ''}${err.message}${cause}`;
}

async function main(): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseCli(process.argv.slice(2));
  } catch (err) {
    throw err instanceof FatalError ? err : new FatalError(`${explain(err)}\n\n${USAGE}`);
  }
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cfg = await loadConfigFromEnvFile();
  const { summary, interrupted } = await ingest(args, cfg);
  process.stdout.write(`${args.json ? JSON.stringify(summary) : describeSummary(summary, args.dryRun)}\n`);
  if (interrupted) {
    process.stderr.write(
      'Interrupted: the index is consistent; run the same command again to complete it.\n',
    );
    return 130;
  }
  return summary.skipped.length > 0 ? 2 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const expected =
      err instanceof FatalError ||
      err instanceof ConfigError ||
      err instanceof SchemaMismatchError ||
      (err instanceof Error && (err.name === 'StoreConnectError' || err.name === 'DataDirLockedError')) ||
      isTransient(err) ||
      errorStatus(err) !== undefined;
    process.stderr.write(
      `ingest failed: ${expected ? explain(err) : err instanceof Error ? err.stack : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
