/**
 * Retries for Feishu open platform calls. The SDK's Client does not retry (only its WebSocket reconnects), so
 * every send goes through here: 429, 5xx, network errors and Feishu's frequency-limit codes are retried with
 * exponential backoff (honouring x-ogw-ratelimit-reset / Retry-After); other errors fail at once.
 */
import type { Logger } from '../log.js';

export interface RetryOptions {
  attempts: number;
  baseMs: number;
  maxMs: number;
  log?: Logger;
  sleep?: (ms: number) => Promise<void>;
}

export const defaultRetry: RetryOptions = { attempts: 5, baseMs: 300, maxMs: 10_000 };

/** Business codes Feishu returns (HTTP 200 or 429/400) when a call is rate limited or the server is busy. */
const RETRY_CODES = new Set([
  99991400, // request trigger frequency limit
  230020, // message send frequency limit
  1000040343, // internal error (long connection endpoint)
  1, // system busy
]);

/** An API answer with a non-zero code: the platform refused, with its code and message. */
export class FeishuApiError extends Error {
  override name = 'FeishuApiError';
  constructor(
    readonly code: number,
    msg: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(`Feishu API error ${code}: ${msg}`);
  }
}

interface HttpLikeError {
  code?: unknown;
  response?: { status?: number; headers?: Record<string, unknown>; data?: { code?: unknown; msg?: unknown } };
}

function headerSeconds(h: Record<string, unknown> | undefined, name: string): number | undefined {
  const v = h?.[name];
  const n = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

/** Whether to try again, and how long the platform asked us to wait. */
export function classify(err: unknown): { retry: boolean; waitMs?: number } {
  if (err instanceof FeishuApiError) {
    return {
      retry: RETRY_CODES.has(err.code) || err.status === 429 || (err.status ?? 0) >= 500,
      ...(err.retryAfterMs !== undefined ? { waitMs: err.retryAfterMs } : {}),
    };
  }
  const e = err as HttpLikeError | null;
  const res = e?.response;
  if (res && typeof res.status === 'number') {
    const code = typeof res.data?.code === 'number' ? res.data.code : undefined;
    const waitMs =
      headerSeconds(res.headers, 'x-ogw-ratelimit-reset') ?? headerSeconds(res.headers, 'retry-after');
    const retry = res.status === 429 || res.status >= 500 || (code !== undefined && RETRY_CODES.has(code));
    return { retry, ...(waitMs !== undefined ? { waitMs } : {}) };
  }
  // No response at all: connection refused/reset, timeout, DNS — worth another try.
  return { retry: typeof e?.code === 'string' || err instanceof TypeError };
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withRetry<T>(
  what: string,
  op: () => Promise<T>,
  o: RetryOptions = defaultRetry,
): Promise<T> {
  const sleep = o.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const c = classify(err);
      if (!c.retry || attempt >= o.attempts) throw err;
      const backoff = Math.min(o.maxMs, o.baseMs * 2 ** (attempt - 1)) * (0.75 + Math.random() * 0.5);
      const wait = Math.min(o.maxMs, Math.max(backoff, c.waitMs ?? 0));
      o.log?.warn(
        { what, attempt, waitMs: Math.round(wait), err: describe(err) },
        'Feishu API call failed; retrying',
      );
      await sleep(wait);
    }
  }
}

/** A short, secret-free description of an API error for logs. */
export function describe(err: unknown): string {
  const e = err as HttpLikeError & { message?: unknown };
  if (e?.response?.status) {
    const d = e.response.data;
    return `HTTP ${e.response.status}${d?.code !== undefined ? ` code ${String(d.code)}: ${String(d.msg ?? '')}` : ''}`;
  }
  return typeof e?.message === 'string' ? e.message : String(err);
}
