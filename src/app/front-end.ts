/**
 * The contract between the start-up module and the front ends (Telegram, console, and any other chat platform or
 * API). Every front end is built from the same core: one store, one answer service, one chat state.
 */
import type { AdminService } from '../admin/service.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import type { ChatState, IngestProgress, IngestSummary } from '../types.js';
import { recordingQa, taggedState } from './recording.js';
import type { UploadService } from './uploads.js';

/** What a front end gets from the shared core. A front end takes only the fields it needs. */
export interface FrontEndDeps {
  qa: QaService;
  log: Logger;
  cfg: Config;
  /** Re-runs ingestion of REPORTS_DIR (admin commands), in the upload service's queue. */
  reindex(onProgress?: (p: IngestProgress) => void): Promise<IngestSummary>;
  /** Report files admins send: checked, saved, indexed one import at a time across all front ends. */
  uploads: UploadService;
  /** Feedback, votes and questions per day, kept in the store (survives restarts, shared by instances). */
  state: ChatState;
  /** The web console's service, when ADMIN_PASSWORD (or its hash) is set; the HTTP server serves it. */
  admin?: AdminService;
}

export interface RunningFrontEnd {
  stop(): Promise<void>;
  /** A line for the person who started it, e.g. where an API listens. */
  announce?: string;
  /** Settles when the front end ends by itself (the console at /quit) or fails for good (a revoked token). */
  done?: Promise<void>;
}

export interface FrontEnd {
  name: string;
  start(): Promise<RunningFrontEnd>;
}

/** How a front end is turned on: `configured` reads the config, `start` builds and starts it. */
export interface FrontEndEntry {
  name: string;
  configured(cfg: Config): boolean;
  /** The variables that turn it on, named when it is asked for alone but not configured. */
  requires?: string;
  start(deps: FrontEndDeps): Promise<RunningFrontEnd>;
}

/**
 * Missing or refused credentials: the start-up prints one line naming the variable, no stack trace.
 * Front ends throw it when the platform rejects what the configuration gave them.
 */
export class CredentialsError extends Error {
  override name = 'CredentialsError';
  constructor(
    readonly variable: string,
    problem: string,
    cause?: unknown,
  ) {
    super(`${variable}: ${problem}`, cause === undefined ? undefined : { cause });
  }
}

/**
 * The front ends to run, each bound to the shared core. Each gets the answer service and chat state through
 * `recording.ts`, so every question and every 👍/👎 is kept with the front end's name, whichever front end it is.
 */
export function frontEndsFor(entries: readonly FrontEndEntry[], deps: FrontEndDeps): FrontEnd[] {
  return entries
    .filter((e) => e.configured(deps.cfg))
    .map((e) => ({
      name: e.name,
      start: () =>
        e.start({
          ...deps,
          qa: recordingQa(deps.qa, deps.state, e.name, deps.log),
          state: taggedState(deps.state, e.name),
        }),
    }));
}
