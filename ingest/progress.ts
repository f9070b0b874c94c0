/**
 * Ingest progress for people: a progress bar on a terminal, plain periodic lines otherwise (logs, CI, pipes).
 * Everything goes to stderr, so stdout stays clean for --dry-run listings and the --json summary.
 */
import cliProgress from 'cli-progress';
import type { IngestProgress } from './types.js';
import type { Skip } from './run.js';

export interface ProgressReporter {
  update(p: IngestProgress): void;
  skip(s: Skip): void;
  stop(): void;
}

export interface ReporterOptions {
  stream?: NodeJS.WriteStream;
  /** Plain mode: minimum seconds between lines. */
  intervalSec?: number;
}

export function createProgressReporter(opts: ReporterOptions = {}): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  return stream.isTTY ? barReporter(stream) : lineReporter(stream, opts.intervalSec ?? 5);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        '{bar} {value}/{total} docs | {articles} articles | {chunks} chunks | {phase} | {duration_formatted}',
      hideCursor: true,
      etaBuffer: 200,
    },
    cliProgress.Presets.shades_classic,
  );
  const skips: Skip[] = [];
  let started = false;
  return {
    update(p) {
      const payload = { articles: p.articles, chunks: p.chunks, phase: p.phase };
      if (!started) {
        bar.start(p.filesTotal ?? 0, p.filesDone, payload);
        started = true;
      } else {
        if (p.filesTotal !== undefined && p.filesDone > p.filesTotal) bar.setTotal(p.filesDone);
        bar.update(p.filesDone, payload);
      }
    },
    // The bar owns the terminal line while it runs; skips are listed once it is done.
    skip(s) {
      skips.push(s);
    },
    stop() {
      if (started) bar.stop();
      for (const s of skips) stream.write(`skipped: ${s.path} — ${s.reason}\n`);
    },
  };
}

function lineReporter(stream: NodeJS.WriteStream, intervalSec: number): ProgressReporter {
  const t0 = performance.now();
  let last = -Infinity;
  return {
    update(p) {
      const now = performance.now();
      if (p.phase !== 'done' && p.phase !== 'prune' && now - last < intervalSec * 1000) return;
      last = now;
      const of = p.filesTotal !== undefined ? `/${p.filesTotal}` : '';
      const secs = ((now - t0) / 1000).toFixed(1);
      stream.write(
        `ingest ${p.phase}: ${p.filesDone}${of} docs, ${p.articles} articles, ${p.chunks} chunks (${secs} s)\n`,
      );
    },
    skip(s) {
      stream.write(`skipped: ${s.path} — ${s.reason}\n`);
    },
    stop() {},
  };
}
