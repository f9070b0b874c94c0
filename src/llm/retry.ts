/**
 * Our one retry policy for model calls (the SDK's own retries are off, so every retry is counted here):
 * exponential backoff with jitter on 429, 408/409, 5xx, timeouts and network errors; a 429's Retry-After wins
 * over the computed delay. Pure apart from the injected sleep, so it is tested without a network.
 */
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { LlmError } from './errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt (LLM_MAX_RETRIES). */
  maxRetries: number;
  /** Delay before the first retry; doubles each time. */
  baseDelayMs: number;
  /** Cap on any single computed delay. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: a chat user would rather get the fallback now. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 30_000,
};

/** True for failures that may succeed when tried again. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof APIUserAbortError) return false;
  if (err instanceof APIConnectionError) return true; // includes APIConnectionTimeoutError
  if (err instanceof APIError) {
    const status = err.status;
    if (status === undefined) return false;
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }
  if (err instanceof LlmError) return err.kind === 'timeout' || err.kind === 'network';
  return false;
}

/** The server's requested wait in ms (retry-after-ms, or Retry-After as seconds or an HTTP date), if any. */
export function retryAfterMs(err: unknown, now: number = Date.now()): number | undefined {
  if (!(err instanceof APIError) || !err.headers) return undefined;
  const headers = err.headers;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Delay before retry number `attempt` (0 = first retry), or undefined when we should not retry at all
 * (the server asks for a longer wait than we accept).
 */
export function retryDelayMs(
  attempt: number,
  err: unknown,
  policy: RetryPolicy,
  random: () => number = Math.random,
  now: number = Date.now(),
): number | undefined {
  const requested = retryAfterMs(err, now);
  if (requested !== undefined) return requested > policy.maxRetryAfterMs ? undefined : requested;
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  // "Equal jitter": at least half the backoff, so clients that failed together do not retry together.
  return Math.round(exp / 2 + random() * (exp / 2));
}

export interface RetryHooks {
  signal?: AbortSignal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

/** Rejects with an AbortError-named error when the signal fires, so waiting never outlives the request. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new LlmError('aborted', 'aborted'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new LlmError('aborted', 'aborted'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn` until it succeeds, a failure is not retryable, or retries run out; the last error is thrown.
 * `fn` gets the attempt number (0-based).
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  hooks: RetryHooks = {},
): Promise<T> {
  const wait = hooks.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (hooks.signal?.aborted || attempt >= policy.maxRetries || !isRetryable(err)) throw err;
      const delayMs = retryDelayMs(attempt, err, policy, hooks.random);
      if (delayMs === undefined) throw err;
      hooks.onRetry?.({ attempt, delayMs, error: err });
      await wait(delayMs, hooks.signal);
    }
  }
}
