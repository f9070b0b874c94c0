/**
 * A QdrantClient that runs the hot methods through both transports of the embedded store — loopback HTTP and
 * the in-process port (EmbeddedClient) — so every contract case shows they agree. Reads run over both and must
 * give deep-equal results or the same error; writes run over the port (so the suite's data goes in that way),
 * and a rejected write is sent over HTTP too and must fail alike (a rejected write changes nothing).
 */
import assert from 'node:assert/strict';
import type { QdrantClient } from '@qdrant/js-client-rest';

const READS = new Set(['query', 'queryBatch', 'scroll', 'retrieve', 'count']);
const WRITES = new Set(['upsert', 'delete']);

type Method = (...args: unknown[]) => Promise<unknown>;

/** What a caller can see of a failure (the time in `data` differs from call to call). */
export function errorShape(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { thrown: e };
  const x = e as Error & { status?: unknown; statusText?: unknown; data?: { status?: { error?: unknown } } };
  return {
    name: x.name,
    message: x.message,
    status: x.status,
    statusText: x.statusText,
    error: x.data?.status?.error,
  };
}

function call(client: QdrantClient, method: string, args: unknown[]): Promise<unknown> {
  return (Reflect.get(client, method) as Method).apply(client, args);
}

export function twinClient(http: QdrantClient, inProcess: QdrantClient): QdrantClient {
  const read = async (method: string, args: unknown[]) => {
    const [a, b] = await Promise.allSettled([call(http, method, args)]).then(async ([h]) => [
      h,
      (await Promise.allSettled([call(inProcess, method, args)]))[0],
    ]);
    if (a?.status === 'fulfilled' && b?.status === 'fulfilled') {
      assert.deepStrictEqual(b.value, a.value, `${method}: in-process result differs from HTTP`);
      return a.value;
    }
    if (a?.status === 'rejected' && b?.status === 'rejected') {
      assert.deepStrictEqual(errorShape(b.reason), errorShape(a.reason), `${method}: errors differ`);
      throw a.reason;
    }
    assert.fail(`${method}: one transport failed, the other did not (${JSON.stringify([a, b])})`);
  };
  const write = async (method: string, args: unknown[]) => {
    try {
      return await call(inProcess, method, args);
    } catch (e) {
      const viaHttp = await call(http, method, args).then(
        () => assert.fail(`${method}: failed in-process but not over HTTP`),
        (h: unknown) => h,
      );
      assert.deepStrictEqual(errorShape(e), errorShape(viaHttp), `${method}: errors differ`);
      throw e;
    }
  };
  return new Proxy(http, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && READS.has(prop)) return (...args: unknown[]) => read(prop, args);
      if (typeof prop === 'string' && WRITES.has(prop)) return (...args: unknown[]) => write(prop, args);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}
