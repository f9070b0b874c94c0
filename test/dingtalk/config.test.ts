import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, dingtalkEnabled, loadConfig } from '../../src/config.js';

describe('DingTalk configuration', () => {
  it('is off without credentials and on with both', () => {
    assert.equal(dingtalkEnabled(loadConfig({})), false);
    const cfg = loadConfig({ DINGTALK_CLIENT_ID: 'dingabc', DINGTALK_CLIENT_SECRET: 's3cret' });
    assert.equal(dingtalkEnabled(cfg), true);
    assert.equal(cfg.DINGTALK_API_BASE, undefined);
  });

  it('one credential without the other is an error naming the missing variable', () => {
    assert.throws(
      () => loadConfig({ DINGTALK_CLIENT_ID: 'dingabc' }),
      (e: Error) => {
        assert.ok(e instanceof ConfigError);
        assert.match(e.message, /DINGTALK_CLIENT_SECRET: required/);
        return true;
      },
    );
    assert.throws(
      () => loadConfig({ DINGTALK_CLIENT_SECRET: 'x', DINGTALK_CLIENT_ID: ' ' }),
      /DINGTALK_CLIENT_ID/,
    );
  });

  it('DINGTALK_API_BASE must be a URL', () => {
    assert.throws(
      () =>
        loadConfig({ DINGTALK_CLIENT_ID: 'a', DINGTALK_CLIENT_SECRET: 'b', DINGTALK_API_BASE: 'not a url' }),
      /DINGTALK_API_BASE/,
    );
  });
});
