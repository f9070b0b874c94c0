/**
 * Liveness for container health checks. Webhook mode already answers GET /healthz on its public port; in long
 * polling there is no server, so the bot opens this one on loopback only (nothing outside the container sees
 * it) and answers 200 while polling runs and the event loop is responsive. `src/cli/health.ts` probes either.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const HEALTH_PATH = '/healthz';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(o: {
  port: number;
  host?: string;
  /** False once the bot can no longer serve (polling ended): the check then fails. */
  alive: () => boolean;
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== HEALTH_PATH) res.writeHead(404).end();
    else if (o.alive()) res.writeHead(200).end('ok');
    else res.writeHead(503).end('polling stopped');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** True when GET /healthz on that port answers 200 within the timeout. */
export async function probeHealth(port: number, timeoutMs = 3000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${HEALTH_PATH}`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.status === 200;
  } catch {
    return false;
  }
}
