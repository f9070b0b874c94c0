/** Worker-thread entry: processes documents sent by ingest/pool.ts, one message per document. */
import { parentPort } from 'node:worker_threads';
import { processDocument } from './document.js';
import type { PoolRequest, PoolResponse } from './pool.js';

const port = parentPort;
if (!port) throw new Error('ingest/worker.ts must run in a worker thread');

port.on('message', (req: PoolRequest) => {
  let res: PoolResponse;
  try {
    const { entry, points } = processDocument(req.raw, req.hash);
    // Articles stay here: only the CLI's --dry-run listing needs them, and it runs inline.
    res = { id: req.id, entry, points };
  } catch (err) {
    res = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(res);
});
