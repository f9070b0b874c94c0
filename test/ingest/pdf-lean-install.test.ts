/**
 * The lean production install (README, "Sizes") has no `@napi-rs/canvas`: pdf.js's rendering binary, which it
 * loads when it starts. Reading a PDF's text must still work there, without pdf.js's notes about the missing
 * package on the console. The test lays out a tree whose node_modules holds every installed package but that one
 * (symlinks, resolved as laid out with --preserve-symlinks) and runs the ingest CLI on a PDF fixture.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const repo = resolve(import.meta.dirname, '../..');

describe('PDF reading without the canvas package (lean production install)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lean-install-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a three-column page and prints no warnings', () => {
    for (const f of ['ingest', 'src', 'prompts', 'package.json', 'tsconfig.json'])
      symlinkSync(join(repo, f), join(dir, f));
    mkdirSync(join(dir, 'node_modules'));
    for (const e of readdirSync(join(repo, 'node_modules'))) {
      if (e !== '@napi-rs') symlinkSync(join(repo, 'node_modules', e), join(dir, 'node_modules', e));
    }
    const pdf = join(repo, 'test/fixtures/reports/page-3col.pdf');
    const r = spawnSync(
      process.execPath,
      [
        '--preserve-symlinks',
        '--preserve-symlinks-main',
        '--import',
        'tsx',
        'ingest/cli.ts',
        '--dry-run',
        '--json',
        pdf,
      ],
      {
        cwd: dir,
        env: { PATH: process.env.PATH, DATA_DIR: join(dir, 'data'), QDRANT_URL: '', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
      articles?: number;
      skipped?: number;
    };
    assert.deepEqual(summary.skipped, [], r.stdout);
    assert.ok((summary.articles ?? 0) >= 2, r.stdout);
    assert.doesNotMatch(r.stderr, /canvas|DOMMatrix|Warning/);
  });
});
