/**
 * First contact: a store with nothing indexed yet (no collection). Asking, summarising and listing places answer
 * plainly that there are no reports and how to add them — no "Not Found" error, no crash.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { openStore, type OpenedStore } from '../../src/store/connect.js';

const repo = path.resolve(import.meta.dirname, '../..');

describe('an archive with nothing indexed', () => {
  let dir: string;
  let store: OpenedStore;
  let qa: QaEngine;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'empty-archive-'));
    const cfg = loadConfig({ DATA_DIR: dir });
    store = await openStore(cfg);
    qa = createQaService({ client: store.client, cfg });
  });
  after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says there are no reports yet and how to add them', async () => {
    const a = await qa.answer('青禾县政协今年开展了哪些协商活动？');
    assert.equal(a.refused, true);
    assert.match(a.text, /还没有报道/);
    assert.match(a.text, /npm run ingest/);
    assert.deepEqual(a.citations, []);
  });

  it('answers in English when asked in English', async () => {
    const a = await qa.answer('What did the committee discuss?');
    assert.equal(a.refused, true);
  });

  it('summarises and lists places without failing', async () => {
    const s = await qa.summarize('青禾县');
    assert.equal(s.refused, true);
    assert.deepEqual(await qa.places(), []);
  });

  it('npm run ask prints the message, not a stack trace', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '青禾县政协做了什么'], {
      cwd: repo,
      env: { PATH: process.env.PATH, DATA_DIR: path.join(dir, 'cli'), QDRANT_URL: '', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /还没有报道/);
    assert.doesNotMatch(r.stdout + r.stderr, /Not Found|\n\s+at /);
  });
});
