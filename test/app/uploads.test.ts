/**
 * The upload service every front end hands report files to: refusals before anything is kept, names that cannot
 * leave the uploads folder, unreadable files not kept, and one import at a time across front ends.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createUploadService, shownName, type UploadEvent, type Uploader } from '../../src/app/uploads.js';
import type { IngestSummary } from '../../src/types.js';
import {
  REPORT_NAME,
  REPORT_TEXT,
  SECOND_REPORT_NAME,
  SECOND_REPORT_TEXT,
} from '../support/upload-report.js';

const log = pino({ level: 'silent' });
const admin = (frontEnd: string): Uploader => ({ frontEnd, userId: 'u1', admin: true });
const SUMMARY: IngestSummary = {
  files: 1,
  articles: 1,
  paragraphs: 4,
  chunks: 4,
  unchanged: 0,
  pruned: 0,
  skipped: [],
  seconds: 0,
};
const report = Buffer.from(REPORT_TEXT, 'utf8');

describe('upload service', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'uploads-unit-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  const folder = async (name: string) => {
    const dir = path.join(root, name);
    // Dot files are the service's own (the staging folder, the log of who added what); ingest skips them.
    return { dir, kept: async () => (await readdir(dir).catch(() => [])).filter((f) => !f.startsWith('.')) };
  };

  it('refuses non-admins, unknown kinds and files over the cap, keeping nothing', async () => {
    const { dir, kept } = await folder('refusals');
    let indexed = 0;
    const svc = createUploadService({
      dir,
      maxBytes: 1000,
      log,
      reindex: () => (indexed++, Promise.resolve(SUMMARY)),
    });
    assert.deepEqual(svc.precheck('a.pdf', { frontEnd: 'feishu', userId: 'x', admin: false }), {
      kind: 'admin-only',
    });
    assert.deepEqual(svc.precheck('照片.jpg', admin('feishu')), { kind: 'file-kind', name: '照片.jpg' });
    assert.deepEqual(svc.precheck('a.pdf', admin('telegram'), 5000), {
      kind: 'too-large',
      size: 5000,
      limit: 1000,
    });
    assert.equal(svc.precheck('a.PDF', admin('telegram'), 500), undefined);
    const big = await svc.add({ bytes: Buffer.alloc(1001, 0x41), name: 'big.txt', who: admin('dingtalk') });
    assert.equal(big.kind, 'too-large');
    const stranger = await svc.add({
      bytes: report,
      name: REPORT_NAME,
      who: { ...admin('x'), admin: false },
    });
    assert.equal(stranger.kind, 'admin-only');
    assert.deepEqual(await kept(), []);
    assert.equal(indexed, 0);
  });

  it('a name with folders or control characters is kept as a stamped base name inside the uploads folder', async () => {
    const { dir, kept } = await folder('names');
    const svc = createUploadService({ dir, maxBytes: 1e6, log, reindex: () => Promise.resolve(SUMMARY) });
    const r = await svc.add({
      bytes: report,
      name: '../../etc/\u0007调研\n报道.txt',
      who: admin('telegram'),
    });
    assert.equal(r.kind, 'done');
    assert.equal(r.kind === 'done' && r.check.name, '调研报道.txt');
    const files = await kept();
    assert.equal(files.length, 1);
    assert.match(files[0] ?? '', /^\d{8}-\d{6}-调研报道\.txt$/);
    // Nothing was written beside the per-test folders.
    assert.deepEqual((await readdir(root)).sort(), ['names']);
    assert.equal(shownName('C:\\reports\\第3版.pdf'), '第3版.pdf');
  });

  it('a file nothing can be read from is refused with the reason and not kept', async () => {
    const { dir, kept } = await folder('unreadable');
    const svc = createUploadService({ dir, maxBytes: 1e6, log, reindex: () => Promise.resolve(SUMMARY) });
    const r = await svc.add({ bytes: Buffer.alloc(0), name: '空白.txt', who: admin('feishu') });
    assert.equal(r.kind, 'unreadable');
    assert.deepEqual(await kept(), []);
  });

  it('an index failure keeps the file for the next re-index and gives a reference', async () => {
    const { dir, kept } = await folder('failed');
    const svc = createUploadService({
      dir,
      maxBytes: 1e6,
      log,
      reindex: () => Promise.reject(new Error('store down')),
    });
    const r = await svc.add({ bytes: report, name: REPORT_NAME, who: admin('feishu') });
    assert.equal(r.kind, 'failed');
    assert.ok(r.kind === 'failed' && r.saved && /^[0-9a-f]{8}$/.test(r.ref));
    assert.equal((await kept()).length, 1);
  });

  it('overlapping imports from two front ends and a re-index run one after another, none refused', async () => {
    const { dir, kept } = await folder('queue');
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const svc = createUploadService({
      dir,
      maxBytes: 1e6,
      log,
      reindex: async () => {
        running++;
        most = Math.max(most, running);
        order.push(`start ${running}`);
        await new Promise((r) => setTimeout(r, 50));
        running--;
        return SUMMARY;
      },
    });
    const events: Record<string, UploadEvent[]> = { telegram: [], dingtalk: [] };
    const [a, b, c] = await Promise.all([
      svc.add({ bytes: report, name: 'a.txt', who: admin('telegram') }, (e) => events.telegram?.push(e)),
      svc.add({ bytes: report, name: 'b.txt', who: admin('dingtalk') }, (e) => events.dingtalk?.push(e)),
      svc.reindex(),
    ]);
    assert.equal(a.kind, 'done');
    assert.equal(b.kind, 'done');
    assert.equal(c.files, 1);
    assert.equal(most, 1, order.join(', '));
    assert.deepEqual(
      events.dingtalk?.map((e) => e.kind),
      ['queued', 'found'],
    );
    assert.deepEqual(events.dingtalk?.[0], { kind: 'queued', ahead: 1 });
    assert.equal(events.telegram?.[0]?.kind, 'found');
    assert.equal((await kept()).length, 2);
    assert.equal(svc.pending, 0);
  });

  it('a file whose bytes are not what its name says is refused before any reader sees it', async () => {
    const { dir, kept } = await folder('content');
    let indexed = 0;
    const svc = createUploadService({
      dir,
      maxBytes: 1e6,
      log,
      reindex: () => (indexed++, Promise.resolve(SUMMARY)),
    });
    const fakePdf = await svc.add({ bytes: report, name: '第3版.pdf', who: admin('telegram') });
    assert.deepEqual(fakePdf, { kind: 'content', name: '第3版.pdf' });
    const binary = await svc.stage({
      bytes: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]),
      name: 'a.txt',
      who: admin('admin'),
    });
    assert.deepEqual(binary, { kind: 'content', name: 'a.txt' });
    assert.deepEqual(await kept(), []);
    assert.equal(indexed, 0);
    // JSONL records are reports too (the console and the chats take the same kinds).
    assert.equal(svc.precheck('records.jsonl', admin('feishu'), 10), undefined);
  });

  it('staged files are kept and indexed once together; the log says who added each and through which front end', async () => {
    const { dir, kept } = await folder('batch');
    let indexed = 0;
    const svc = createUploadService({
      dir,
      maxBytes: 1e6,
      log,
      reindex: () => (indexed++, Promise.resolve(SUMMARY)),
    });
    const who = { frontEnd: 'admin', userId: 'admin', admin: true };
    const a = await svc.stage({ bytes: report, name: REPORT_NAME, who });
    const b = await svc.stage({
      bytes: Buffer.from(SECOND_REPORT_TEXT),
      name: `x/../${SECOND_REPORT_NAME}`,
      who,
    });
    assert.equal(a.kind, 'staged');
    assert.equal(b.kind, 'staged');
    const tokens = [a, b].flatMap((r) => (r.kind === 'staged' ? [r.staged.token] : []));
    assert.equal(b.kind === 'staged' && b.staged.name, SECOND_REPORT_NAME);
    // Staged is not indexed: nothing in the folder yet.
    assert.deepEqual(await kept(), []);
    assert.equal(svc.staged(tokens).length, 2);
    const done = await svc.commit(tokens);
    assert.equal(done.kind, 'done');
    assert.equal(indexed, 1);
    assert.equal((await kept()).length, 2);
    const history = await svc.history();
    assert.deepEqual(
      history.map((h) => [h.name, h.channel, h.by]),
      [
        [REPORT_NAME, 'admin', 'admin'],
        [SECOND_REPORT_NAME, 'admin', 'admin'],
      ],
    );
    // A second commit of the same tokens has nothing left to do.
    assert.deepEqual(await svc.commit(tokens), { kind: 'nothing' });
    await svc.add({ bytes: report, name: 'c.txt', who: admin('wecom') });
    assert.deepEqual((await svc.history()).at(-1)?.channel, 'wecom');
  });

  it('a removal deletes only a file inside the reports folders, and waits for the import ahead of it', async () => {
    const { dir } = await folder('remove');
    const reports = path.join(root, 'remove-reports');
    const elsewhere = path.join(root, 'remove-elsewhere');
    await mkdir(reports, { recursive: true });
    await mkdir(elsewhere, { recursive: true });
    const order: string[] = [];
    const svc = createUploadService({
      dir,
      maxBytes: 1e6,
      log,
      folders: [reports],
      reindex: async () => {
        order.push('index start');
        await new Promise((r) => setTimeout(r, 50));
        order.push('index end');
        return SUMMARY;
      },
      unindex: (ids) => (order.push(`unindex ${ids.join(',')}`), Promise.resolve()),
    });
    const outside = path.join(elsewhere, 'keep.txt');
    await writeFile(outside, 'x');
    await assert.rejects(svc.remove({ docIds: ['keep.txt'], file: outside }, admin('admin')), /outside/);
    assert.equal(await readFile(outside, 'utf8'), 'x');
    await assert.rejects(
      svc.remove({ docIds: ['a'] }, { frontEnd: 'admin', userId: 'x', admin: false }),
      /only admins/,
    );
    assert.deepEqual(order, []);

    const inside = path.join(reports, '旧报道.txt');
    await writeFile(inside, 'x');
    const importing = svc.add({ bytes: report, name: REPORT_NAME, who: admin('telegram') });
    await svc.remove({ docIds: ['旧报道.txt'], file: inside }, admin('admin'));
    await importing;
    assert.deepEqual(order, ['index start', 'index end', 'unindex 旧报道.txt']);
    await assert.rejects(readFile(inside));
  });
});
