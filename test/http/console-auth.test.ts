import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, LoginLimiter, passwordChecker, Sessions } from '../../src/http/console/auth.js';
import { consoleLang } from '../../src/http/console/texts.js';
import { loadConfig } from '../../src/config.js';

describe('console password', () => {
  it('accepts the password, plain or as its scrypt hash, and nothing else', () => {
    const plain = passwordChecker({ ADMIN_PASSWORD: '会议室的密码', ADMIN_PASSWORD_HASH: undefined });
    assert.equal(plain('会议室的密码'), true);
    assert.equal(plain('会议室的密码 '), false);
    const hash = hashPassword('s3cret');
    assert.match(hash, /^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    const hashed = passwordChecker(loadConfig({ ADMIN_PASSWORD_HASH: hash }));
    assert.equal(hashed('s3cret'), true);
    assert.equal(hashed('S3cret'), false);
    assert.equal(passwordChecker({ ADMIN_PASSWORD: undefined, ADMIN_PASSWORD_HASH: undefined })(''), false);
    assert.throws(() => loadConfig({ ADMIN_PASSWORD_HASH: 'md5:abc' }), /ADMIN_PASSWORD_HASH/);
  });
});

describe('console sessions and sign-in limits', () => {
  it('a session lasts its time and is then reported expired once', () => {
    let t = 0;
    const s = new Sessions(1000, () => t);
    const a = s.create();
    assert.equal(s.find(a.id).session?.csrf, a.csrf);
    t = 1000;
    assert.deepEqual(s.find(a.id), { expired: true });
    assert.deepEqual(s.find(a.id), { expired: false });
    assert.deepEqual(s.find('made-up'), { expired: false });
  });

  it('five failures lock an address for the window; other addresses and a success are unaffected', () => {
    let t = 0;
    const l = new LoginLimiter(5, 60_000, () => t);
    for (let i = 0; i < 5; i++) {
      assert.equal(l.retryAfter('10.0.0.1'), 0);
      l.failed('10.0.0.1');
    }
    assert.equal(l.retryAfter('10.0.0.1'), 60);
    assert.equal(l.retryAfter('10.0.0.2'), 0);
    t = 30_000;
    assert.equal(l.retryAfter('10.0.0.1'), 30);
    t = 60_001;
    assert.equal(l.retryAfter('10.0.0.1'), 0);
    l.failed('10.0.0.3');
    l.succeeded('10.0.0.3');
    assert.equal(l.retryAfter('10.0.0.3'), 0);
  });
});

describe('console language', () => {
  it('follows the browser’s preference between Chinese and English, Chinese by default', () => {
    assert.equal(consoleLang('en-US,en;q=0.9'), 'en');
    assert.equal(consoleLang('zh-CN,zh;q=0.9,en;q=0.8'), 'zh');
    assert.equal(consoleLang('fr-FR,en;q=0.5,zh;q=0.9'), 'zh');
    assert.equal(consoleLang('de-DE'), 'zh');
    assert.equal(consoleLang(undefined), 'zh');
  });
});
