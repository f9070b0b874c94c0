/**
 * A Qdrant-compatible REST server on node:http, embeddable in the app's process (loopback by default).
 * Writes are serialised through one queue (writer.ts), which the in-process port shares when given `write`;
 * requests are answered by `dispatch()`, as over the port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { StoreError } from '../engine/errors.js';
import type { Mutation } from '../api/mutation.js';
import type { Writer } from './routes.js';
import { Storage } from '../engine/storage.js';
import { dispatch } from './dispatch.js';
import { createWriter } from './writer.js';

export interface EmbeddedServerOptions {
  host?: string;
  port?: number;
  apiKey?: string;
  storage?: Storage;
  /** Durably records a mutation; awaited before the mutation is applied and answered. */
  persist?: (m: Mutation) => Promise<void>;
  /** The store's write queue, when others (the in-process port) write too; else one made from `persist`. */
  write?: Writer;
  /** Largest accepted request body (413 above). Default 64 MiB. */
  maxBodyBytes?: number;
}

export interface EmbeddedServer {
  url: string;
  port: number;
  storage: Storage;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
/** Paths Qdrant serves without an API key. */
const OPEN_PATHS = new Set(['/', '/healthz', '/livez', '/readyz']);

class BodyTooLarge extends Error {
  constructor(readonly size: number) {
    super('body too large');
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) {
      req.resume();
      reject(new BodyTooLarge(declared));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new BodyTooLarge(size));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function keyMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startEmbeddedServer(opts: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const storage = opts.storage ?? new Storage();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const write = opts.write ?? createWriter(storage, opts.persist);

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    started: bigint,
    contentType = 'application/json',
  ) => {
    const text = typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    void started;
  };

  const seconds = (started: bigint) => Number(process.hrtime.bigint() - started) / 1e9;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = process.hrtime.bigint();
    const fail = (status: number, error: string) =>
      send(res, status, { status: { error }, time: seconds(started) }, started);
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (opts.apiKey !== undefined && !OPEN_PATHS.has(url.pathname)) {
        const header = req.headers['api-key'];
        const auth = req.headers.authorization;
        const given =
          typeof header === 'string' ? header : auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
        if (given === undefined) {
          req.resume();
          return fail(401, 'Must provide an API key or an Authorization bearer token');
        }
        if (!keyMatches(given, opts.apiKey)) {
          req.resume();
          return fail(403, 'Invalid API key or JWT');
        }
      }
      let raw: Buffer;
      try {
        raw = await readBody(req, maxBody);
      } catch (e) {
        if (e instanceof BodyTooLarge) {
          res.setHeader('connection', 'close');
          return fail(
            413,
            `JSON payload (${e.size} bytes) is larger than allowed (limit: ${maxBody} bytes).`,
          );
        }
        throw e;
      }
      let body: unknown;
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch (e) {
          return fail(400, `Format error in JSON body: ${(e as Error).message}`);
        }
      }
      const answer = await dispatch(
        { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, body },
        storage,
        write,
      );
      if ('error' in answer) return fail(answer.status, answer.error);
      const out = answer.response;
      if ('raw' in out) return send(res, 200, out.raw, started);
      if ('text' in out) return send(res, 200, out.text, started, 'text/plain; charset=utf-8');
      return send(res, 200, { result: out.result, status: 'ok', time: seconds(started) }, started);
    } catch (e) {
      if (e instanceof StoreError) return fail(e.status, e.message);
      return fail(500, `Service internal error: ${(e as Error).message}`);
    }
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  // Keep-alive connections from the client's undici pool must not hold close() forever.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    port: addr.port,
    storage,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
