import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LlmError, LlmTimeoutError } from '../../src/llm/errors.js';
import { isRetryable, retryAfterMs, retryDelayMs, withRetry, type RetryPolicy } from '../../src/llm/retry.js';

const policy: RetryPolicy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 };
const status = (code: number, headers: Record<string, string> = {}): APIError =>
  APIError.generate(code, { message: `status ${code}` }, undefined, new Headers(headers));

describe('isRetryable', () => {
  it('retries rate limits, server errors, timeouts and network errors', () => {
    for (const code of [408, 409, 429, 500, 502, 503])
      assert.equal(isRetryable(status(code)), true, String(code));
    assert.equal(isRetryable(new APIConnectionTimeoutError()), true);
    assert.equal(isRetryable(new LlmTimeoutError(10)), true);
  });

  it('does not retry what cannot get better: bad requests, auth, cancellations', () => {
    for (const code of [400, 401, 403, 404, 422])
      assert.equal(isRetryable(status(code)), false, String(code));
    assert.equal(isRetryable(new APIUserAbortError()), false);
    assert.equal(isRetryable(new LlmError('bad_response', 'x')), false);
    assert.equal(isRetryable(new Error('bug')), false);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    assert.equal(retryAfterMs(status(429, { 'retry-after': '2' })), 2_000);
    assert.equal(retryAfterMs(status(429, { 'retry-after-ms': '150' })), 150);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs(status(429, { 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now), 3_000);
    assert.equal(retryAfterMs(status(429)), undefined);
  });
});

describe('retryDelayMs', () => {
  it('backs off exponentially with jitter between half and the full step', () => {
    assert.equal(
      retryDelayMs(0, status(500), policy, () => 0),
      50,
    );
    assert.equal(
      retryDelayMs(0, status(500), policy, () => 1),
      100,
    );
    assert.equal(
      retryDelayMs(2, status(500), policy, () => 1),
      400,
    );
    assert.equal(
      retryDelayMs(10, status(500), policy, () => 1),
      1_000,
    ); // capped
  });

  it("honours the server's Retry-After over the computed delay", () => {
    assert.equal(
      retryDelayMs(0, status(429, { 'retry-after': '3' }), policy, () => 0),
      3_000,
    );
  });

  it('gives up rather than wait longer than a chat user would', () => {
    assert.equal(retryDelayMs(0, status(429, { 'retry-after': '60' }), policy), undefined);
  });
});

describe('withRetry', () => {
  const noSleep = async (): Promise<void> => {};

  it('retries a transient failure and returns the success', async () => {
    const waits: number[] = [];
    let calls = 0;
    const out = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw status(503);
        return 'ok';
      },
      policy,
      { sleep: async (ms) => void waits.push(ms), random: () => 1 },
    );
    assert.equal(out, 'ok');
    assert.equal(calls, 3);
    assert.deepEqual(waits, [100, 200]);
  });

  it('stops after maxRetries retries and throws the last error', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw status(500);
        },
        policy,
        { sleep: noSleep },
      ),
      (e: unknown) => e instanceof APIError && e.status === 500,
    );
    assert.equal(calls, policy.maxRetries + 1);
  });

  it('does not retry a non-retryable error', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(
        async () => {
          calls++;
          throw status(401);
        },
        policy,
        { sleep: noSleep },
      ),
    );
    assert.equal(calls, 1);
  });

  it('stops waiting when the caller cancels', async () => {
    const ac = new AbortController();
    let calls = 0;
    const p = withRetry(
      async () => {
        calls++;
        throw status(500);
      },
      { ...policy, baseDelayMs: 10_000, maxDelayMs: 10_000 },
      { signal: ac.signal },
    );
    setTimeout(() => ac.abort(), 20);
    await assert.rejects(p, (e: unknown) => e instanceof LlmError && e.kind === 'aborted');
    assert.equal(calls, 1);
  });
});
