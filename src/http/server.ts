/** The HTTP API on a socket: `startHttpApi` listens on HTTP_HOST:HTTP_PORT and stops by draining requests. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { ConfigError } from '../config.js';
import { createApp, type HttpDeps } from './app.js';

export interface RunningHttpApi {
  /** Stops accepting connections and waits (up to `drainMs`) for answers in flight. */
  stop(): Promise<void>;
  /** Base URL, e.g. http://127.0.0.1:8787 (clients use `${url}/v1`, the console is `${url}/admin`). */
  url: string;
}

export async function startHttpApi(deps: HttpDeps, opts: { drainMs?: number } = {}): Promise<RunningHttpApi> {
  const { cfg } = deps;
  if (cfg.HTTP_API_KEYS.length === 0 && !deps.admin)
    throw new ConfigError('HTTP_API_KEYS: set at least one API key to run the HTTP API');
  const { app, close } = createApp(deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: cfg.HTTP_PORT, hostname: cfg.HTTP_HOST });
    s.once('listening', () => resolve(s));
    s.once('error', (e: NodeJS.ErrnoException) => {
      close();
      reject(
        e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL'
          ? new ConfigError(
              `HTTP_PORT/HTTP_HOST: cannot listen on ${cfg.HTTP_HOST}:${cfg.HTTP_PORT} (${e.code})`,
            )
          : e,
      );
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = cfg.HTTP_HOST === '0.0.0.0' || cfg.HTTP_HOST === '::' ? '127.0.0.1' : cfg.HTTP_HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (cfg.HTTP_API_KEYS.length > 0) deps.log.info({ url: `${url}/v1` }, 'HTTP API listening');
  if (deps.admin) deps.log.info({ url: `${url}/admin` }, 'web console listening');
  let stopped: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopped ??= new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, opts.drainMs ?? 10_000);
        server.close(() => {
          clearTimeout(force);
          close();
          resolve();
        });
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      })),
  };
}
