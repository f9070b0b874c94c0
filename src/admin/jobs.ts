/**
 * Long console tasks (indexing uploads, re-indexing everything, removing a document) run one at a time: a second
 * request while one runs is told which one is running, never queued behind it or run beside it. Each job keeps
 * its events, so a page that subscribes late (server-sent events) replays them before it follows live.
 */
import { randomBytes } from 'node:crypto';
import type { IngestProgress, IngestSummary } from '../types.js';

export type JobKind = 'upload' | 'reindex' | 'remove';

export type JobEvent =
  | { type: 'progress'; progress: IngestProgress }
  | { type: 'note'; text: string }
  /** Imports from the chats are ahead of this one in the upload service's queue. */
  | { type: 'queued'; ahead: number }
  | { type: 'done'; summary?: IngestSummary; text?: string }
  /** `ref`: the log line's correlation id; `kept`: uploaded files were kept and the next re-index takes them. */
  | { type: 'failed'; error: string; ref?: string; kept?: boolean };

/** A failure the page explains: what failed, and the reference of its log line. */
export class JobError extends Error {
  override name = 'JobError';
  constructor(
    message: string,
    readonly ref: string,
    readonly kept: boolean,
  ) {
    super(message);
  }
}

export interface JobView {
  id: string;
  kind: JobKind;
  startedAt: number;
  finished: boolean;
}

export class Job implements JobView {
  readonly id = randomBytes(9).toString('base64url');
  readonly startedAt = Date.now();
  readonly events: JobEvent[] = [];
  finished = false;
  private readonly listeners = new Set<(e: JobEvent) => void>();

  constructor(readonly kind: JobKind) {}

  emit(e: JobEvent): void {
    // Progress comes many times a second on a large ingest: keep only the latest, so replays stay short.
    const last = this.events.at(-1);
    if (e.type === 'progress' && last?.type === 'progress') this.events[this.events.length - 1] = e;
    else this.events.push(e);
    if (e.type === 'done' || e.type === 'failed') this.finished = true;
    for (const l of this.listeners) l(e);
  }

  /** Past events first, then live ones until the job ends; returns the unsubscribe. */
  follow(listener: (e: JobEvent) => void): () => void {
    for (const e of this.events) listener(e);
    if (this.finished) return () => undefined;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export type Started = { ok: true; job: Job } | { ok: false; running: Job };

const KEEP = 20;

export class Jobs {
  private running: Job | undefined;
  private readonly recent: Job[] = [];

  /** The job now running, if any. */
  get current(): Job | undefined {
    return this.running;
  }

  get(id: string): Job | undefined {
    return this.recent.find((j) => j.id === id);
  }

  /** Starts `work` unless another job runs; its result or failure becomes the job's last event. */
  start(kind: JobKind, work: (job: Job) => Promise<JobEvent & { type: 'done' }>): Started {
    if (this.running) return { ok: false, running: this.running };
    const job = new Job(kind);
    this.running = job;
    this.recent.push(job);
    if (this.recent.length > KEEP) this.recent.shift();
    void (async () => {
      let last: JobEvent;
      try {
        last = await work(job);
      } catch (e) {
        last =
          e instanceof JobError
            ? { type: 'failed', error: e.message, ref: e.ref, kept: e.kept }
            : { type: 'failed', error: e instanceof Error ? e.message : String(e) };
      }
      // Free before telling: whoever hears "done" may start the next job at once.
      this.running = undefined;
      job.emit(last);
    })();
    return { ok: true, job };
  }
}
