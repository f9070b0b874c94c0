/**
 * The ingest CLI as a user runs it (a child process, embedded store in a temp DATA_DIR): exit codes,
 * the --json summary, --dry-run output, bad configuration, and a kill -9 in the middle of a run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { openStore } from '../../src/store/connect.js';
import type { IngestSummary } from '../../ingest/types.js';
import { allPoints, FIXTURES, tempDir, type StoredPoint, type TestContext } from './helpers.js';

const ROOT = path.join(import.meta.dirname, '..', '..');
const COLLECTION = 'cli_chunks';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(
  args: string[],
  env: Record<string, string>,
  onStart?: (child: ReturnType<typeof spawn>, stderr: () => string) => void,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        QDRANT_URL: '',
        QDRANT_API_KEY: '',
        OPENAI_API_KEY: '',
        QDRANT_COLLECTION: COLLECTION,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    onStart?.(child, () => stderr);
  });
}

function lastJson(stdout: string): IngestSummary {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as IngestSummary;
}

async function pointsIn(dataDir: string): Promise<StoredPoint[]> {
  const store = await openStore({ DATA_DIR: dataDir });
  try {
    return await allPoints(store.client, COLLECTION);
  } finally {
    await store.close();
  }
}

/** Total size of the files under a directory (missing: 0). */
async function bytesUnder(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const e of entries) {
    if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

async function dataDir(t: TestContext): Promise<string> {
  return tempDir(t, 'ingest-cli-');
}

test('a clean ingest exits 0 and --json makes the last stdout line the summary', async (t) => {
  const DATA_DIR = await dataDir(t);
  const run = await cli([path.join(FIXTURES, 'ingest-basic'), '--json'], { DATA_DIR });
  assert.equal(run.code, 0, run.stderr);
  const summary = lastJson(run.stdout);
  assert.equal(summary.files, 5);
  assert.ok(summary.chunks > 0);
  assert.deepEqual(summary.skipped, []);
  assert.equal((await pointsIn(DATA_DIR)).length, summary.chunks);

  const again = await cli([path.join(FIXTURES, 'ingest-basic'), '--json'], { DATA_DIR });
  assert.equal(again.code, 0, again.stderr);
  assert.equal(lastJson(again.stdout).unchanged, 5);
});

test('skipped inputs: each is listed with path and reason, the rest completes, exit code 2', async (t) => {
  const DATA_DIR = await dataDir(t);
  const run = await cli([path.join(FIXTURES, 'ingest-bad'), '--json'], { DATA_DIR });
  assert.equal(run.code, 2, run.stderr);
  for (const name of ['empty.txt', 'photo.txt', 'scan.bin', 'report.docx', 'mixed.jsonl']) {
    assert.match(run.stderr, new RegExp(`skipped: ${name.replace('.', '\\.')}\\S* — \\S`), `${name} listed`);
  }
  const summary = lastJson(run.stdout);
  assert.equal(summary.skipped.length, 5);
  const docs = new Set((await pointsIn(DATA_DIR)).map((p) => p.doc_id));
  assert.deepEqual([...docs].sort(), ['good.txt', 'ok-1', 'ok-2']);
});

test('--dry-run prints articles with numbered paragraphs and indexes nothing', async (t) => {
  const DATA_DIR = path.join(await dataDir(t), 'never');
  const run = await cli([path.join(FIXTURES, 'ingest-basic', 'pages'), '--dry-run'], { DATA_DIR });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /天水市政协召开文旅融合发展协商会/);
  assert.match(run.stdout, /^ {2}1\. .*安阳市政协组织部分委员/m);
  assert.match(run.stdout, /3 documents found \(dry run, nothing indexed\)/);
  assert.equal(existsSync(DATA_DIR), false, 'no store was opened');
});

test('--dry-run --json prints JSON Lines: one line per document with its articles, then the summary', async (t) => {
  const DATA_DIR = path.join(await dataDir(t), 'never');
  const run = await cli([path.join(FIXTURES, 'ingest-basic', 'pages'), '--dry-run', '--json'], { DATA_DIR });
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const docs = parsed.slice(0, -1) as {
    docId: string;
    articles: { title: string; places: string[]; paragraphs: { n: number; text: string }[] }[];
  }[];
  assert.deepEqual(docs.map((d) => d.docId).sort(), ['anyang.txt', 'changzhi.txt', 'tianshui.txt']);
  const tianshui = docs.find((d) => d.docId === 'tianshui.txt')?.articles ?? [];
  assert.ok(tianshui.some((a) => a.title.includes('天水市政协召开文旅融合发展协商会')));
  const anyang = docs.find((d) => d.docId === 'anyang.txt')?.articles[0];
  assert.equal(anyang?.paragraphs[0]?.n, 1);
  assert.match(anyang?.paragraphs[0]?.text ?? '', /安阳市政协组织部分委员/);
  const summary = lastJson(run.stdout);
  assert.equal(summary.files, 3);
  assert.equal(summary.chunks > 0, true);
  assert.doesNotMatch(run.stdout, /found \(dry run/);
  assert.equal(existsSync(DATA_DIR), false, 'no store was opened');
});

test('a bad configuration fails with exit code 1 and a message naming the variable, no stack trace', async (t) => {
  const DATA_DIR = await dataDir(t);
  const run = await cli([path.join(FIXTURES, 'ingest-basic')], { DATA_DIR, QDRANT_URL: 'not a url' });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /QDRANT_URL/);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});

test('an unreachable Qdrant fails with exit code 1 and a clear message after retrying', async (t) => {
  const DATA_DIR = await dataDir(t);
  // A port that was just free: connections to it are refused.
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const run = await cli([path.join(FIXTURES, 'ingest-basic')], { DATA_DIR, QDRANT_URL: url });
  assert.equal(run.code, 1);
  assert.match(run.stderr, /retrying/);
  assert.match(
    run.stderr,
    new RegExp(`ingest failed: Qdrant at ${url.replace(/[.]/g, '\\.')} is not reachable`),
  );
  assert.doesNotMatch(run.stderr, /\n\s+at /);
});

/** 1,500 small JSONL records: long enough to interrupt mid-run. */
async function manyRecords(t: TestContext): Promise<string> {
  const dir = await tempDir(t, 'ingest-kill-input-');
  const file = path.join(dir, 'many.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const text = `第${i}号提案：委员建议加强第${i % 37}区社区养老服务。\n\n政协办公室对第${i}号提案进行督办，推动落实${i % 11}项措施。`;
    lines.push(JSON.stringify({ id: `r${i}`, title: `提案${i}`, text }));
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** Sends `signal` once the store has durably written some batches (its files grow), i.e. mid-run. */
function interruptMidRun(dir: string, signal: NodeJS.Signals) {
  return (child: ReturnType<typeof spawn>): void => {
    let sent = false;
    const timer = setInterval(() => {
      void bytesUnder(dir).then((n) => {
        if (!sent && n > 100_000 && child.exitCode === null) {
          sent = true;
          clearInterval(timer);
          child.kill(signal);
        }
      });
    }, 25);
    child.on('close', () => clearInterval(timer));
  };
}

async function cleanPoints(t: TestContext, file: string): Promise<StoredPoint[]> {
  const clean = await dataDir(t);
  const run = await cli([file], { DATA_DIR: clean });
  assert.equal(run.code, 0, run.stderr);
  return pointsIn(clean);
}

test('kill -9 in the middle of an ingest, then a rerun: the same points as a clean run', async (t) => {
  const file = await manyRecords(t);
  const killed = await dataDir(t);
  const first = await cli(
    [file, '--batch-size', '8'],
    { DATA_DIR: killed },
    interruptMidRun(killed, 'SIGKILL'),
  );
  assert.equal(first.signal, 'SIGKILL', 'the run was still going when killed');
  const rerun = await cli([file, '--json'], { DATA_DIR: killed });
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.ok(lastJson(rerun.stdout).unchanged > 0, 'work done before the kill is kept');
  assert.deepEqual(await pointsIn(killed), await cleanPoints(t, file));
});

test('Ctrl-C finishes the current batch, closes the store and exits 130; a rerun completes the ingest', async (t) => {
  const file = await manyRecords(t);
  const stopped = await dataDir(t);
  const first = await cli(
    [file, '--batch-size', '8', '--json'],
    { DATA_DIR: stopped },
    interruptMidRun(stopped, 'SIGINT'),
  );
  assert.equal(first.code, 130, first.stderr);
  assert.match(first.stderr, /Interrupted/);
  const partial = lastJson(first.stdout);
  assert.ok(partial.files > 0 && partial.files < 1500, `stopped part-way (${partial.files} documents)`);
  const rerun = await cli([file, '--json'], { DATA_DIR: stopped });
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.equal(
    lastJson(rerun.stdout).unchanged,
    partial.files,
    'everything read before Ctrl-C was committed',
  );
  assert.deepEqual(await pointsIn(stopped), await cleanPoints(t, file));
});
