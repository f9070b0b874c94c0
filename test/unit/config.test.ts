import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.js';

test('defaults give an offline, embedded-store setup', () => {
  const cfg = loadConfig({});
  assert.equal(cfg.QDRANT_URL, undefined);
  assert.equal(cfg.OPENAI_API_KEY, undefined);
  assert.equal(cfg.BOT_MODE, 'polling');
  assert.deepEqual(cfg.ADMIN_USER_IDS, []);
});

test('a bad variable is named in the error', () => {
  assert.throws(
    () => loadConfig({ QDRANT_URL: 'not a url' }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, /QDRANT_URL/);
      return true;
    },
  );
  assert.throws(() => loadConfig({ ADMIN_USER_IDS: '12,abc' }), /ADMIN_USER_IDS/);
  assert.throws(() => loadConfig({ BOT_MODE: 'webhook' }), /WEBHOOK_URL/);
});

test('admin ids parse into numbers; empty strings count as unset', () => {
  const cfg = loadConfig({ ADMIN_USER_IDS: '1, 22', OPENAI_API_KEY: '' });
  assert.deepEqual(cfg.ADMIN_USER_IDS, [1, 22]);
  assert.equal(cfg.OPENAI_API_KEY, undefined);
});

test('HTTP API keys are a comma-separated list; a key with spaces or quotes is named as bad', () => {
  assert.deepEqual(loadConfig({}).HTTP_API_KEYS, []);
  assert.deepEqual(loadConfig({ HTTP_API_KEYS: 'sk-one, sk_two.3' }).HTTP_API_KEYS, ['sk-one', 'sk_two.3']);
  assert.throws(() => loadConfig({ HTTP_API_KEYS: 'sk one' }), /HTTP_API_KEYS/);
  assert.throws(() => loadConfig({ HTTP_API_KEYS: '"sk-quoted"' }), /HTTP_API_KEYS/);
  assert.throws(() => loadConfig({ HTTP_RATE_LIMIT: '0' }), /HTTP_RATE_LIMIT/);
});
