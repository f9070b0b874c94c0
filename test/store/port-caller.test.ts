/**
 * The app's end of the in-process port: when the store thread stops (or is closing), waiting and new requests
 * fail with StoreClosedError at once instead of hanging, and the ingest does not retry them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import { isTransient } from '../../ingest/retry.js';
import { PortCaller, StoreClosedError } from '../../src/store/embedded/port/caller.js';
import type { PortReply, PortRequest } from '../../src/store/embedded/port/protocol.js';

const count = { method: 'POST', path: '/collections/c/points/count', query: '', body: {} };

test('a store thread that stops answering rejects the waiting request and every later one', async () => {
  const { port1, port2 } = new MessageChannel();
  const seen: PortRequest[] = [];
  port2.on('message', (m: PortRequest) => seen.push(m)); // a store that never answers, then dies
  const caller = new PortCaller(port1);
  const waiting = caller.call(count);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(seen.length, 1);
  port2.close();
  await assert.rejects(waiting, (e: Error) => {
    assert.ok(e instanceof StoreClosedError);
    assert.match(e.message, /has stopped: no answer came/);
    assert.equal(isTransient(e), false, 'a stopped in-process store is not retried');
    return true;
  });
  await assert.rejects(caller.call(count), { name: 'StoreClosedError', message: /was not run/ });
});

test('a request the closing store refuses is rejected clearly; answers reach their own callers', async () => {
  const { port1, port2 } = new MessageChannel();
  port2.on('message', (m: PortRequest) => {
    // Answered out of order: each caller still gets its own reply.
    const reply: PortReply =
      m.path === '/refused'
        ? { id: m.id, closed: true }
        : { id: m.id, status: 200, result: { path: m.path } };
    setTimeout(() => port2.postMessage(reply), m.path === '/a' ? 30 : 0);
  });
  const caller = new PortCaller(port1);
  const a = caller.call({ ...count, path: '/a' });
  const b = caller.call({ ...count, path: '/b' });
  const refused = assert.rejects(caller.call({ ...count, path: '/refused' }), {
    name: 'StoreClosedError',
    message: /is closing: the request was not run/,
  });
  assert.deepEqual(await a, { id: 1, status: 200, result: { path: '/a' } });
  assert.deepEqual(await b, { id: 2, status: 200, result: { path: '/b' } });
  await refused;
  port1.close();
});
