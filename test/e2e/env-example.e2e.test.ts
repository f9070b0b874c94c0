/**
 * A new user's first step: `cp .env.example .env && npm start`. The app must start from that file verbatim
 * (every empty variable meaning "unset"), ingest the samples into the embedded store and answer in the console.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { parse } from 'dotenv';
import { loadConfig } from '../../src/config.js';

const repo = resolve(import.meta.dirname, '../..');

describe('.env.example copied verbatim', () => {
  it('parses into the offline defaults', async () => {
    const env = parse(await readFile(join(repo, '.env.example'), 'utf8'));
    const cfg = loadConfig(env);
    assert.equal(cfg.OPENAI_EMBEDDING_DIMENSIONS, undefined);
    assert.equal(cfg.QDRANT_URL, undefined);
    assert.equal(cfg.TELEGRAM_BOT_TOKEN, undefined);
    assert.equal(cfg.DATA_DIR, './data');
  });

  it('npm start in a fresh folder ingests the samples and answers in the console', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'env-example-'));
    try {
      await writeFile(join(dir, '.env'), await readFile(join(repo, '.env.example')));
      await cp(join(repo, 'samples'), join(dir, 'samples'), { recursive: true });
      // Only what a shell would pass: the variables that .env sets must come from .env, not from this process.
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
      const tsx = pathToFileURL(createRequire(join(repo, 'package.json')).resolve('tsx')).href;
      const child = spawn(process.execPath, ['--import', tsx, join(repo, 'src/cli/start.ts')], {
        cwd: dir,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
      child.stdin.end('成都市政协围绕什么开展了民主监督？\n/quit\n');
      const code = await exited;
      assert.equal(code, 0, err);
      assert.match(err, /导入完成/);
      assert.doesNotMatch(err, /Invalid configuration/);
      assert.match(out, /养老/);
      assert.match(out, /\[1\] 《成都市政协开展社区养老服务民主监督》第\d+段/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
