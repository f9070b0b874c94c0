/**
 * Worker side of thread.ts: starts the store, serves the request port, forwards log lines, closes when asked
 * (port first, so every request under way is answered before the store closes).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { StoreLogger } from './log.js';
import { startEmbeddedStore } from './store.js';
import { servePort } from './port/serve.js';
import type { ToHost, ToWorker, WorkerData } from './thread.js';

const port = parentPort;
if (!port) throw new Error('thread-main.ts runs only as a worker (see thread.ts)');
const post = (m: ToHost) => {
  try {
    port.postMessage(m);
  } catch {
    // A log object that cannot be cloned (a function inside): keep the line, drop the fields.
    if (m.type === 'log') port.postMessage({ ...m, obj: {} });
  }
};

/** Log objects cross as structured clones: errors become plain {name, message, stack}. */
function cloneable(obj: object): object {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
  }
  return out;
}

const log: StoreLogger = {
  debug: (obj, msg) => post({ type: 'log', level: 'debug', obj: cloneable(obj), msg }),
  info: (obj, msg) => post({ type: 'log', level: 'info', obj: cloneable(obj), msg }),
  warn: (obj, msg) => post({ type: 'log', level: 'warn', obj: cloneable(obj), msg }),
  error: (obj, msg) => post({ type: 'log', level: 'error', obj: cloneable(obj), msg }),
};

const { requests, ...opts } = workerData as WorkerData;
const failed = (e: unknown) =>
  post({
    type: 'failed',
    name: e instanceof Error ? e.name : 'Error',
    message: e instanceof Error ? e.message : String(e),
  });

try {
  const store = await startEmbeddedStore({ ...opts, log });
  const served = servePort(requests, (req) => store.dispatch(req));
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'close') return;
    served
      .close()
      .then(() => store.close())
      .then(
        () => {
          post({ type: 'closed' });
          requests.close();
          port.close();
        },
        (e: unknown) => {
          failed(e);
          requests.close();
          port.close();
        },
      );
  });
  post({ type: 'ready', url: store.server.url });
} catch (e) {
  failed(e);
  requests.close();
  port.close();
}
