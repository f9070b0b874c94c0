/**
 * Event-callback (HTTP) mode: Feishu posts events and card callbacks to one request URL. The SDK's dispatcher
 * decrypts (Encrypt Key), checks signatures and routes; this server adds what its `adaptDefault` lacks: a body
 * size limit, clear 4xx answers, JSON responses and the URL-verification challenge with token check.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../log.js';

const MAX_BODY = 1 << 20;

export interface WebhookServer {
  url: string;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The verification token of a plain event: in the v2 header, or at the top of v1 events and challenges. */
function tokenOf(body: object): unknown {
  const b = body as { header?: { token?: unknown }; token?: unknown };
  return b.header?.token ?? b.token;
}

export async function startWebhook(opts: {
  dispatcher: lark.EventDispatcher;
  path: string;
  port: number;
  host?: string;
  encryptKey?: string;
  verificationToken?: string;
  log: Logger;
}): Promise<WebhookServer> {
  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== opts.path) return send(res, 404, { error: 'not found' });
      if (req.method !== 'POST') return send(res, 405, { error: 'POST only' });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req));
      } catch {
        return send(res, 400, { error: 'body must be JSON of at most 1 MB' });
      }
      if (typeof body !== 'object' || body === null)
        return send(res, 400, { error: 'body must be a JSON object' });
      // The dispatcher reads signature headers from the prototype, as the SDK's own adapters arrange it.
      const data = Object.assign(Object.create({ headers: req.headers }) as object, body);
      let verification: ReturnType<typeof lark.generateChallenge>;
      try {
        verification = lark.generateChallenge(data, { encryptKey: opts.encryptKey ?? '' });
      } catch {
        return send(res, 401, { error: 'cannot decrypt: check FEISHU_ENCRYPT_KEY' });
      }
      const { isChallenge, challenge } = verification;
      if (isChallenge) {
        if (opts.verificationToken && !('encrypt' in body) && tokenOf(body) !== opts.verificationToken) {
          return send(res, 403, { error: 'verification token mismatch' });
        }
        return send(res, 200, challenge);
      }
      // Encrypted requests are signed and checked by the dispatcher; plain ones carry the verification token.
      if (opts.verificationToken && !('encrypt' in body) && tokenOf(body) !== opts.verificationToken) {
        return send(res, 403, { error: 'verification token mismatch' });
      }
      const value: unknown = await opts.dispatcher.invoke(data);
      return send(res, 200, typeof value === 'object' && value !== null ? value : {});
    })().catch((err: unknown) => {
      opts.log.error(
        { err: err instanceof Error ? err.message : String(err) },
        'feishu webhook request failed',
      );
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}${opts.path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
