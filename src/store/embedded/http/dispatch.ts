/**
 * One request through `route()`, with its failure turned into Qdrant's status and message: the part of
 * answering a request that the HTTP server and the in-process port share, so both answer alike.
 */
import { StoreError } from '../engine/errors.js';
import type { Storage } from '../engine/storage.js';
import { route, type RouteRequest, type RouteResponse, type Writer } from './routes.js';

export type Answer = { status: 200; response: RouteResponse } | { status: number; error: string };

export async function dispatch(req: RouteRequest, storage: Storage, write: Writer): Promise<Answer> {
  try {
    const response = await route(req, storage, write);
    if (!response) return { status: 404, error: `Not found: ${req.method} ${req.path}` };
    return { status: 200, response };
  } catch (e) {
    if (e instanceof StoreError) return { status: e.status, error: e.message };
    return { status: 500, error: `Service internal error: ${(e as Error).message}` };
  }
}
