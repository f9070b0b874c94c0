/**
 * The store thread's end of the in-process port: each request runs through the same `dispatch()` (routes and
 * write queue) as an HTTP request, and its result goes back by structured clone after `jsonValue`, so the
 * caller sees what the HTTP client would have parsed. Closing refuses new requests and waits for those under
 * way, so none is left without an answer.
 */
import type { MessagePort } from 'node:worker_threads';
import type { Answer } from '../http/dispatch.js';
import type { RouteRequest } from '../http/routes.js';
import { jsonValue } from './json-value.js';
import type { PortReply, PortRequest } from './protocol.js';

export interface PortServer {
  /** Refuses further requests and resolves once every request under way has been answered. */
  close(): Promise<void>;
}

export function servePort(port: MessagePort, handle: (req: RouteRequest) => Promise<Answer>): PortServer {
  const running = new Set<Promise<void>>();
  let closing = false;

  const answer = async (m: PortRequest): Promise<PortReply> => {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    // Parsed as the server parses req.url, so paths and query strings mean the same on both transports.
    const url = new URL(m.path + m.query, 'http://localhost');
    const a = await handle({ method: m.method, path: url.pathname, query: url.searchParams, body: m.body });
    if ('error' in a) return { id: m.id, status: a.status, error: a.error, time: seconds() };
    const out = a.response;
    // The hot routes all answer in the `result` envelope; the others are only reached over HTTP.
    if (!('result' in out)) {
      return { id: m.id, status: 500, error: 'Service internal error: no result', time: seconds() };
    }
    return { id: m.id, status: 200, result: jsonValue(out.result, { revive: true, distinct: true }) };
  };

  const reply = (m: PortRequest, r: PortReply) => {
    try {
      port.postMessage(r);
    } catch (e) {
      port.postMessage({
        id: m.id,
        status: 500,
        error: `Service internal error: ${(e as Error).message}`,
        time: 0,
      } satisfies PortReply);
    }
  };

  port.on('message', (m: PortRequest) => {
    if (closing) {
      port.postMessage({ id: m.id, closed: true } satisfies PortReply);
      return;
    }
    const p = answer(m).then(
      (r) => reply(m, r),
      (e: unknown) =>
        reply(m, {
          id: m.id,
          status: 500,
          error: `Service internal error: ${(e as Error).message}`,
          time: 0,
        }),
    );
    running.add(p);
    void p.finally(() => running.delete(p));
  });

  return {
    async close() {
      closing = true;
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
