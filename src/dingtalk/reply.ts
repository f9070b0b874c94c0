/**
 * Replies through the sessionWebhook that came with the message (no token needed; valid about 90 minutes).
 * Throttling (HTTP 429, errcode 130101 "send too fast"), 5xx and network failures are retried with exponential
 * backoff and jitter, honouring Retry-After, so a busy platform delays an answer but does not drop it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DingtalkMessage } from '../present/dingtalk.js';

export interface ReplyPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per-attempt timeout. */
  timeoutMs: number;
}

export const DEFAULT_REPLY_POLICY: ReplyPolicy = {
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  timeoutMs: 10_000,
};

/** errcodes DingTalk returns (with HTTP 200) when it is busy or throttling: worth trying again. */
const RETRYABLE_ERRCODES = new Set([-1, 130101, 130102, 410100]);

export class ReplyError extends Error {
  override name = 'ReplyError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

function retryAfter(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The session URL without its query (the session key is a credential for this chat). */
export function redactWebhook(url: string): string {
  return url.replace(/\?.*$/, '?…');
}

/** One POST; throws ReplyError saying whether it is worth retrying. */
export async function postOnce(
  webhook: string,
  body: DingtalkMessage,
  timeoutMs: number,
  fetchFn: typeof fetch = fetch,
): Promise<void> {
  let res: Response;
  try {
    res = await fetchFn(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new ReplyError(`network: ${e instanceof Error ? e.message : String(e)}`, true);
  }
  const text = await res.text().catch(() => '');
  if (res.status === 429 || res.status >= 500) {
    throw new ReplyError(`HTTP ${res.status}`, true, retryAfter(res.headers.get('retry-after')));
  }
  if (!res.ok) throw new ReplyError(`HTTP ${res.status}: ${text.slice(0, 200)}`, false);
  let parsed: { errcode?: number; errmsg?: string } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // An empty or non-JSON 200 is taken as delivered.
  }
  if (parsed.errcode !== undefined && parsed.errcode !== 0) {
    throw new ReplyError(
      `errcode ${parsed.errcode}: ${parsed.errmsg ?? ''}`,
      RETRYABLE_ERRCODES.has(parsed.errcode),
    );
  }
}

export interface SendOptions {
  policy?: Partial<ReplyPolicy>;
  fetchFn?: typeof fetch;
  onRetry?(err: ReplyError, attempt: number, waitMs: number): void;
}

/** Posts `body` to the session webhook, retrying transient failures; throws the last error when it gives up. */
export async function sendToSession(
  webhook: string,
  body: DingtalkMessage,
  o: SendOptions = {},
): Promise<number> {
  const p = { ...DEFAULT_REPLY_POLICY, ...o.policy };
  for (let attempt = 0; ; attempt++) {
    try {
      await postOnce(webhook, body, p.timeoutMs, o.fetchFn);
      return attempt;
    } catch (e) {
      const err = e instanceof ReplyError ? e : new ReplyError(String(e), false);
      if (!err.retryable || attempt >= p.maxRetries) throw err;
      const backoff = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
      const wait = Math.min(p.maxDelayMs * 2, err.retryAfterMs ?? backoff * (0.5 + Math.random() / 2));
      o.onRetry?.(err, attempt + 1, wait);
      await sleep(wait);
    }
  }
}
