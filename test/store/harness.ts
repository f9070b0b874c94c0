/**
 * Test target for the contract suite: a real Qdrant when QDRANT_URL is set, otherwise the embedded server on a
 * random loopback port together with its in-process port, the client running the hot methods over both
 * (twin-client.ts). Collection names are unique per run so a shared Qdrant is never disturbed.
 */
import { randomUUID } from 'node:crypto';
import { MessageChannel } from 'node:worker_threads';
import { QdrantClient } from '@qdrant/js-client-rest';
import { startEmbeddedServer } from '../../src/store/embedded/http/server.js';
import { dispatch } from '../../src/store/embedded/http/dispatch.js';
import { createWriter } from '../../src/store/embedded/http/writer.js';
import { Storage } from '../../src/store/embedded/engine/storage.js';
import { PortCaller } from '../../src/store/embedded/port/caller.js';
import { servePort } from '../../src/store/embedded/port/serve.js';
import { EmbeddedClient } from '../../src/store/embedded-client.js';
import { twinClient } from './twin-client.js';

export interface Target {
  client: QdrantClient;
  url: string;
  apiKey: string | undefined;
  /** A collection name unique to this run; remembered for cleanup. */
  name(base: string): string;
  close(): Promise<void>;
}

export async function openTarget(): Promise<Target> {
  const created: string[] = [];
  const external = process.env.QDRANT_URL;
  const apiKey = process.env.QDRANT_API_KEY || undefined;
  let url: string;
  let stop: () => Promise<void> = async () => {};
  let client: QdrantClient;
  if (external) {
    url = external.replace(/\/$/, '');
    client = new QdrantClient({ url, apiKey, checkCompatibility: false });
  } else {
    // One storage and write queue behind both transports, as in the store thread.
    const storage = new Storage();
    const write = createWriter(storage);
    const srv = await startEmbeddedServer({ storage, write });
    const channel = new MessageChannel();
    const served = servePort(channel.port2, (req) => dispatch(req, storage, write));
    const caller = new PortCaller(channel.port1);
    url = srv.url;
    const http = new QdrantClient({ url, checkCompatibility: false });
    client = twinClient(http, new EmbeddedClient({ url, checkCompatibility: false }, (r) => caller.call(r)));
    stop = async () => {
      await served.close();
      channel.port1.close();
      await srv.close();
    };
  }
  const run = randomUUID().slice(0, 8);
  return {
    client,
    url,
    apiKey,
    name(base) {
      const n = `contract_${run}_${base}`;
      created.push(n);
      return n;
    },
    async close() {
      for (const n of created) await client.deleteCollection(n).catch(() => undefined);
      await stop();
    },
  };
}

/** The status and Qdrant error message of a rejected client call. */
export async function apiError(p: Promise<unknown>): Promise<{ status: number; error: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { status?: number; data?: { status?: { error?: string } } };
    if (typeof err.status === 'number') return { status: err.status, error: err.data?.status?.error ?? '' };
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** Raw HTTP, for what the client cannot send (malformed JSON, huge numbers). */
export async function rawRequest(
  t: Target,
  method: string,
  path: string,
  body: string,
): Promise<{ status: number; json: { status?: { error?: string } | string; result?: unknown } }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (t.apiKey) headers['api-key'] = t.apiKey;
  const res = await fetch(t.url + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : {} };
}

export function approx(actual: number, expected: number, eps = 1e-5): boolean {
  return Math.abs(actual - expected) <= eps * Math.max(1, Math.abs(expected));
}
