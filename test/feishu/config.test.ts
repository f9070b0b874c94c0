import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Domain } from '@larksuiteoapi/node-sdk';
import { ConfigError, feishuEnabled, loadConfig } from '../../src/config.js';
import { sdkDomain } from '../../src/feishu/start.js';

const ID = 'cli_a1b2c3d4e5f60718';

describe('Feishu configuration', () => {
  it('is off by default and on with both credentials; long connection on open.feishu.cn by default', () => {
    assert.equal(feishuEnabled(loadConfig({})), false);
    const cfg = loadConfig({ FEISHU_APP_ID: ID, FEISHU_APP_SECRET: 's' });
    assert.equal(feishuEnabled(cfg), true);
    assert.equal(cfg.FEISHU_MODE, 'ws');
    assert.equal(sdkDomain(cfg.FEISHU_DOMAIN), Domain.Feishu);
  });

  it('Lark international and custom base URLs by FEISHU_DOMAIN', () => {
    assert.equal(sdkDomain(loadConfig({ FEISHU_DOMAIN: 'lark' }).FEISHU_DOMAIN), Domain.Lark);
    assert.equal(
      sdkDomain(loadConfig({ FEISHU_DOMAIN: 'http://127.0.0.1:9000/' }).FEISHU_DOMAIN),
      'http://127.0.0.1:9000',
    );
    assert.throws(() => loadConfig({ FEISHU_DOMAIN: 'larksuite' }), /FEISHU_DOMAIN/);
  });

  it('names the missing or malformed variable', () => {
    assert.throws(
      () => loadConfig({ FEISHU_APP_ID: ID }),
      (e: unknown) => e instanceof ConfigError && /FEISHU_APP_SECRET: required/.test(e.message),
    );
    assert.throws(() => loadConfig({ FEISHU_APP_SECRET: 's' }), /FEISHU_APP_ID: required/);
    assert.throws(
      () => loadConfig({ FEISHU_APP_ID: 'my-app', FEISHU_APP_SECRET: 's' }),
      /FEISHU_APP_ID: must look like cli_/,
    );
    assert.throws(() => loadConfig({ FEISHU_MODE: 'http' }), /FEISHU_MODE/);
  });

  it('empty values from a copied .env.example mean unset', () => {
    assert.equal(feishuEnabled(loadConfig({ FEISHU_APP_ID: '', FEISHU_APP_SECRET: '' })), false);
  });
});
