import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import {
  CredentialsError,
  frontEndsFor,
  type FrontEndDeps,
  type FrontEndEntry,
} from '../../src/app/front-end.js';
import { FALLBACK_FRONT_END, FRONT_ENDS } from '../../src/app/front-ends.js';
import { uploadServiceFor } from '../../src/app/uploads.js';
import { firstEnded, startAll, stopAll } from '../../src/app/run.js';
import { MemoryChatState } from '../../src/bot/state.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Logger } from '../../src/log.js';
import type { QaService } from '../../src/rag/service.js';
import { FakeQa } from '../support/fake-qa.js';

const log = pino({ level: 'silent' });

function depsFor(env: Record<string, string>): FrontEndDeps {
  const cfg = loadConfig(env);
  const reindex = () => Promise.reject(new Error('not in this test'));
  return {
    qa: new FakeQa(),
    log,
    cfg,
    reindex,
    uploads: uploadServiceFor(cfg, reindex, log),
    state: new MemoryChatState(),
  };
}

/** A front end shaped like the other platforms' `startX({ qa, log, cfg })`, recording what happens to it. */
function platform(events: string[], name: string, fail?: Error) {
  return (deps: { qa: QaService; log: Logger; cfg: Config }) => {
    events.push(`start ${name} ${deps.cfg.QDRANT_COLLECTION}`);
    if (fail) return Promise.reject(fail);
    return Promise.resolve({
      stop: () => {
        events.push(`stop ${name}`);
        return Promise.resolve();
      },
    });
  };
}

describe('front ends side by side', () => {
  it('runs exactly the configured ones, each turned on by its own variables', () => {
    assert.deepEqual(
      FRONT_ENDS.filter((e) => e.configured(loadConfig({}))).map((e) => e.name),
      [],
    );
    assert.deepEqual(
      FRONT_ENDS.filter((e) => e.configured(loadConfig({ TELEGRAM_BOT_TOKEN: '1:x' }))).map((e) => e.name),
      ['telegram'],
    );
    const all = loadConfig({
      TELEGRAM_BOT_TOKEN: '1:x',
      DINGTALK_CLIENT_ID: 'id',
      DINGTALK_CLIENT_SECRET: 'secret',
      HTTP_API_KEYS: 'sk-local',
    });
    assert.deepEqual(
      FRONT_ENDS.filter((e) => e.configured(all)).map((e) => e.name),
      ['telegram', 'dingtalk', 'http'],
    );
    assert.equal(FALLBACK_FRONT_END.name, 'console');
  });

  it('starts every configured front end on the one core and stops them all', async () => {
    const events: string[] = [];
    const entries: FrontEndEntry[] = [
      { name: 'a', configured: () => true, start: platform(events, 'a') },
      { name: 'off', configured: () => false, start: platform(events, 'off') },
      { name: 'b', configured: () => true, start: platform(events, 'b') },
    ];
    const started = await startAll(frontEndsFor(entries, depsFor({ QDRANT_COLLECTION: 'one' })), log);
    assert.deepEqual(
      started.map((s) => s.name),
      ['a', 'b'],
    );
    await stopAll(started, log);
    assert.deepEqual(events, ['start a one', 'start b one', 'stop a', 'stop b']);
  });

  it('one front end failing to start stops those already running and names the variable in one line', async () => {
    const events: string[] = [];
    const entries: FrontEndEntry[] = [
      { name: 'a', configured: () => true, start: platform(events, 'a') },
      {
        name: 'feishu',
        configured: () => true,
        start: platform(events, 'feishu', new CredentialsError('FEISHU_APP_SECRET', 'rejected by Feishu')),
      },
    ];
    await assert.rejects(startAll(frontEndsFor(entries, depsFor({})), log), (e: Error) => {
      assert.equal(e.message, 'feishu: FEISHU_APP_SECRET: rejected by Feishu');
      return true;
    });
    assert.deepEqual(events, ['start a cppcc_chunks', 'start feishu cppcc_chunks', 'stop a']);
  });

  it('notices the first front end that ends by itself or fails for good', async () => {
    let fail: (e: Error) => void = () => undefined;
    const failing = new Promise<void>((_, reject) => (fail = reject));
    const ended = firstEnded([
      { name: 'quiet', running: { stop: () => Promise.resolve() } },
      { name: 'telegram', running: { stop: () => Promise.resolve(), done: failing } },
    ]);
    fail(new Error('token revoked'));
    const r = await ended;
    assert.equal(r.name, 'telegram');
    assert.match(String(r.error), /token revoked/);
  });
});
