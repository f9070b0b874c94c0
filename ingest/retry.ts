/**
 * Retries a store call when the failure is transient (connection refused/reset, timeouts, 429, 5xx),
 * with exponential backoff, so a Qdrant restarting for a few seconds does not abort a long ingest.
 * Anything else (a 4xx: bad request, missing collection) fails at once — retrying would not help.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  tries?: number;
  baseMs?: number;
  onRetry?(err: unknown, attempt: number, waitMs: number): void;
}

/** HTTP status of a client error, if it carries one. */
export function errorStatus(err: unknown): number | undefined {
  if (err && typeof err === 'object' && 'status' in err && typeof err.status === 'number') return err.status;
  return undefined;
}

/** True for failures worth retrying: no HTTP answer at all, or 408/429/5xx. */
export function isTransient(err: unknown): boolean {
  const status = errorStatus(err);
  if (status !== undefined) return status === 408 || status === 429 || status >= 500;
  if (!(err instanceof Error)) return false;
  // Wrapped errors (e.g. "Qdrant at … is not reachable") are as transient as their cause.
  if (err.cause instanceof Error && err.cause !== err && isTransient(err.cause)) return true;
  if (err.name === 'QdrantClientTimeoutError' || err.name === 'QdrantClientResourceExhaustedError')
    return true;
  // undici reports network failures as TypeError("fetch failed") with the system error as its cause.
  return (
    err.message === 'fetch failed' ||
    /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|socket/i.test(String(err.cause))
  );
}

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const tries = opts.tries ?? 5;
  const base = opts.baseMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= tries || !isTransient(err)) throw err;
      const wait = base * 2 ** (attempt - 1);
      opts.onRetry?.(err, attempt, wait);
      await sleep(wait);
    }
  }
}
