import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classify, FeishuApiError, withRetry } from '../../src/feishu/retry.js';

const httpError = (status: number, data: object = {}, headers: object = {}) =>
  Object.assign(new Error(`Request failed with status code ${status}`), {
    response: { status, data, headers },
  });

describe('Feishu retry policy', () => {
  it('retries rate limits, server errors and network failures; not client errors', () => {
    assert.equal(classify(httpError(429, { code: 99991400 })).retry, true);
    assert.equal(classify(httpError(503)).retry, true);
    assert.equal(classify(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })).retry, true);
    assert.equal(classify(httpError(400, { code: 230001 })).retry, false);
    assert.equal(classify(new FeishuApiError(230020, 'frequency limit')).retry, true);
    assert.equal(classify(new FeishuApiError(230011, 'withdrawn')).retry, false);
    assert.equal(classify(new Error('failed to get tenant_access_token, code: 10014')).retry, false);
  });

  it('waits as long as the platform asks (x-ogw-ratelimit-reset)', () => {
    assert.equal(classify(httpError(429, {}, { 'x-ogw-ratelimit-reset': '2' })).waitMs, 2000);
  });

  it('backs off exponentially and gives up after the last attempt', async () => {
    const waits: number[] = [];
    let calls = 0;
    const op = () => {
      calls++;
      return Promise.reject(httpError(500));
    };
    await assert.rejects(
      withRetry('x', op, { attempts: 4, baseMs: 100, maxMs: 250, sleep: async (ms) => void waits.push(ms) }),
      /status code 500/,
    );
    assert.equal(calls, 4);
    assert.equal(waits.length, 3);
    assert.ok(waits[0]! >= 75 && waits[0]! <= 125, `first wait ${waits[0]}`);
    assert.ok(waits[1]! > waits[0]!);
    assert.ok(
      waits.every((w) => w <= 250),
      'capped',
    );
  });

  it('returns the first success', async () => {
    let calls = 0;
    const v = await withRetry(
      'x',
      async () => {
        if (++calls < 3) throw httpError(429);
        return 'ok';
      },
      { attempts: 5, baseMs: 1, maxMs: 1 },
    );
    assert.equal(v, 'ok');
    assert.equal(calls, 3);
  });
});
