/** The health endpoint the container check asks: 200 while the bot serves, 503 once polling stopped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeHealth, startHealthServer } from '../../src/health.js';

test('answers 200 on /healthz while alive, 503 after, 404 elsewhere; only on loopback', async (t) => {
  let alive = true;
  const server = await startHealthServer({ port: 0, alive: () => alive });
  t.after(() => server.close());
  assert.equal(await probeHealth(server.port), true);
  assert.equal((await fetch(`http://127.0.0.1:${server.port}/`)).status, 404);
  alive = false;
  assert.equal((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status, 503);
  assert.equal(await probeHealth(server.port), false);
});

test('a probe of a port where nothing listens fails quickly instead of hanging', async () => {
  const server = await startHealthServer({ port: 0, alive: () => true });
  const port = server.port;
  await server.close();
  const started = Date.now();
  assert.equal(await probeHealth(port, 1000), false);
  assert.ok(Date.now() - started < 1500);
});

test('a port already in use is an error the caller can log, not a crash', async (t) => {
  const first = await startHealthServer({ port: 0, alive: () => true });
  t.after(() => first.close());
  await assert.rejects(startHealthServer({ port: first.port, alive: () => true }), /EADDRINUSE/);
});
