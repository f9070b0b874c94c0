/**
 * The embedded store on its own thread: the same `startEmbeddedStore`, run in a worker so the store's work
 * (scoring, logging to disk) takes the second core while the main thread answers and talks to Telegram. It is
 * reached over loopback HTTP, and — for the hot requests — over a MessagePort given to the worker at start
 * (`request`, port/), which skips JSON and HTTP. Log lines and start-up errors travel back as messages;
 * `close()` compacts and releases the lock inside the worker, then ends it.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { claimInProcess } from './disk/lock.js';
import type { StoreLogger } from './log.js';
import { PortCaller, type PortAnswer, type PortCall } from './port/caller.js';

export interface StoreThreadOptions {
  dir: string;
  host?: string;
  port?: number;
  apiKey?: string | undefined;
  log?: StoreLogger | undefined;
  compactBytes?: number;
}

export interface StoreThread {
  url: string;
  /**
   * Runs one request in the store thread by structured clone (same routes and write queue as HTTP). Rejects
   * with StoreClosedError once close() was called or the thread has stopped.
   */
  request(req: PortCall): Promise<PortAnswer>;
  /** Stops the server, compacts the log into a snapshot, releases the lock and ends the thread. */
  close(): Promise<void>;
}

/** Messages between the host and the worker (thread-main.ts). */
export type ToHost =
  | { type: 'ready'; url: string }
  | { type: 'log'; level: keyof StoreLogger; obj: object; msg: string }
  | { type: 'failed'; name: string; message: string }
  | { type: 'closed' };
export type ToWorker = { type: 'close' };
/** What the worker is started with: the options, and its end of the request port. */
export type WorkerData = Omit<StoreThreadOptions, 'log'> & { requests: MessagePort };

/**
 * A worker for thread-main. Run from TypeScript sources (tsx), the worker registers tsx itself before loading
 * it: on Node 20 loader hooks given by `--import` do not reach a worker's entry module.
 */
function spawnWorker(workerData: WorkerData): Worker {
  const transferList = [workerData.requests];
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./thread-main.js', import.meta.url), { workerData, transferList });
  }
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./thread-main.ts', import.meta.url).href;
  const code =
    `import(${JSON.stringify(api)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(code, { eval: true, workerData, transferList, execArgv: [] });
}

function rebuild(m: { name: string; message: string }): Error {
  const err = new Error(m.message);
  err.name = m.name;
  return err;
}

export function startStoreThread(opts: StoreThreadOptions): Promise<StoreThread> {
  const { log, ...options } = opts;
  // Synchronous, so two opens of one directory in this process cannot both pass before either thread locks it.
  let unclaim: () => void;
  try {
    unclaim = claimInProcess(opts.dir);
  } catch (e) {
    return Promise.reject(e as Error);
  }
  const channel = new MessageChannel();
  const caller = new PortCaller(channel.port1);
  const worker = spawnWorker({ ...options, requests: channel.port2 });
  let closed: (() => void) | undefined;
  let closeFailed: ((e: Error) => void) | undefined;
  let exited = false;
  const exit = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return new Promise<StoreThread>((resolve, reject) => {
    let started = false;
    worker.on('message', (m: ToHost) => {
      switch (m.type) {
        case 'log':
          log?.[m.level](m.obj, m.msg);
          break;
        case 'ready':
          started = true;
          resolve({
            url: m.url,
            request: (req) => caller.call(req),
            close: () => {
              caller.refuse('the embedded store is closed');
              if (exited) return Promise.resolve();
              const done = new Promise<void>((res, rej) => {
                closed = res;
                closeFailed = rej;
              });
              worker.postMessage({ type: 'close' } satisfies ToWorker);
              return done.then(() => exit);
            },
          });
          break;
        case 'failed':
          if (!started) reject(rebuild(m));
          else closeFailed?.(rebuild(m));
          break;
        case 'closed':
          closed?.();
          break;
      }
    });
    worker.on('error', (e) => {
      if (!started) reject(e);
      else {
        log?.error({ err: e }, 'store: the embedded store thread crashed');
        closeFailed?.(e);
      }
    });
    worker.once('exit', (code) => {
      exited = true;
      // Normally the worker closed its end already; after a crash this is what rejects waiting requests.
      caller.stop(`the embedded store thread exited (code ${code})`);
      channel.port1.close();
      unclaim();
      if (!started) reject(new Error(`the embedded store thread exited (code ${code}) before it started`));
      closed?.();
    });
  });
}
