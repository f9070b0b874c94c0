/**
 * runIngest against the embedded store (through the real Qdrant client): re-ingest, changed and deleted
 * reports, bad inputs, and interrupted runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, unlink, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { openStore } from '../../src/store/connect.js';
import { runIngest, type RunOptions } from '../../ingest/run.js';
import { DENSE_VECTOR, manifestCollection, SchemaMismatchError } from '../../src/store/schema.js';
import { allPoints as pointsOf, FIXTURES, tempDir, type TestContext } from './helpers.js';

const cfg = { QDRANT_COLLECTION: 'chunks' };

/** Opens a fresh embedded store for the test; closed (and its data dir removed) afterwards. */
async function store(t: TestContext): Promise<QdrantClient> {
  const dataDir = await tempDir(t, 'ingest-store-');
  const s = await openStore({ DATA_DIR: dataDir });
  t.after(() => s.close());
  return s.client;
}

const allPoints = (client: QdrantClient) => pointsOf(client, cfg.QDRANT_COLLECTION);

function ingest(client: QdrantClient, paths: string[], extra: Partial<RunOptions> = {}) {
  return runIngest({ paths, client, cfg, ...extra });
}

test('re-ingesting the same reports changes nothing: same point ids, same count, all unchanged', async (t) => {
  const client = await store(t);
  const dir = path.join(FIXTURES, 'ingest-basic');
  const first = await ingest(client, [dir]);
  assert.equal(first.files, 5);
  assert.ok(first.chunks > 0);
  assert.deepEqual(first.skipped, []);
  const before = await allPoints(client);
  assert.equal(before.length, first.chunks);

  const second = await ingest(client, [dir]);
  assert.equal(second.unchanged, 5);
  assert.equal(second.chunks, first.chunks);
  assert.deepEqual(await allPoints(client), before);
});

test('JSONL records keep their record id as doc_id', async (t) => {
  const client = await store(t);
  await ingest(client, [path.join(FIXTURES, 'ingest-basic', 'records.jsonl')]);
  const docs = new Set((await allPoints(client)).map((p) => p.doc_id));
  assert.deepEqual([...docs].sort(), ['rec-001', 'rec-002']);
});

test('a changed report replaces its chunks: no stale chunk is left, the result equals a clean ingest', async (t) => {
  const client = await store(t);
  const dir = await tempDir(t, 'ingest-changed-');
  await cp(path.join(FIXTURES, 'ingest-basic'), dir, { recursive: true });
  await ingest(client, [dir]);
  const docId = 'pages/changzhi.txt';
  const oldIds = (await allPoints(client)).filter((p) => p.doc_id === docId).map((p) => p.id);
  assert.equal(oldIds.length, 3);
  const file = path.join(dir, 'pages', 'changzhi.txt');
  const text = await readFile(file, 'utf8');
  // Drop the last two paragraphs and reword another: fewer chunks, different text.
  await writeFile(file, text.split('\n\n').slice(0, -2).join('\n\n').replace('智能矿山', '数字矿山'));
  const summary = await ingest(client, [dir]);
  assert.equal(summary.unchanged, 4);

  const after = await allPoints(client);
  const changed = after.filter((p) => p.doc_id === docId);
  assert.equal(changed.length, 2, 'the third chunk of the old version is gone');
  assert.ok(
    changed.every((p) => oldIds.includes(p.id)),
    'surviving chunks were updated in place (same ids)',
  );
  assert.equal(new Set(changed.map((p) => p.doc_hash)).size, 1, 'only the new version remains');
  assert.ok(changed.some((p) => p.text.includes('数字矿山')));
  assert.ok(!after.some((p) => p.text.includes('智能矿山') || p.text.includes('真知灼见')), 'no stale text');

  const clean = await store(t);
  await ingest(clean, [dir]);
  assert.deepEqual(after, await allPoints(clean));
});

test('--prune removes the chunks of a deleted report and forgets it', async (t) => {
  const client = await store(t);
  const dir = await tempDir(t, 'ingest-prune-');
  await cp(path.join(FIXTURES, 'ingest-basic'), dir, { recursive: true });
  await ingest(client, [dir]);
  await unlink(path.join(dir, 'pages', 'anyang.txt'));

  const withoutPrune = await ingest(client, [dir]);
  assert.equal(withoutPrune.pruned, 0);
  assert.ok(
    (await allPoints(client)).some((p) => p.doc_id === 'pages/anyang.txt'),
    'kept without --prune',
  );

  // A report that is still there but unreadable this time keeps its chunks: only deleted ones are pruned.
  await writeFile(path.join(dir, 'pages', 'tianshui.txt'), '');
  const pruned = await ingest(client, [dir], { prune: true });
  assert.equal(pruned.pruned, 1);
  assert.deepEqual(
    pruned.skipped.map((s) => s.path),
    ['pages/tianshui.txt'],
  );
  const after = await allPoints(client);
  assert.ok(!after.some((p) => p.doc_id === 'pages/anyang.txt'));
  assert.ok(after.some((p) => p.doc_id === 'pages/tianshui.txt'));
  const manifest = await client.count(manifestCollection(cfg));
  assert.equal(manifest.count, 4);
});

test('bad inputs are skipped with path and reason; the rest is indexed', async (t) => {
  const client = await store(t);
  const seen: string[] = [];
  const summary = await ingest(client, [path.join(FIXTURES, 'ingest-bad')], {
    onSkip: (s) => seen.push(s.path),
  });
  const reasons = new Map(summary.skipped.map((s) => [s.path, s.reason]));
  for (const p of ['empty.txt', 'photo.txt', 'scan.bin', 'report.docx']) {
    assert.ok(reasons.has(p), `${p} reported (got ${JSON.stringify(summary.skipped)})`);
    assert.ok((reasons.get(p) ?? '').length > 3, `${p} has a reason`);
  }
  assert.ok(
    summary.skipped.some((s) => s.path.startsWith('mixed.jsonl') && /2/.test(s.path + s.reason)),
    'the malformed JSONL line is reported with its line number',
  );
  assert.deepEqual(
    seen,
    summary.skipped.map((s) => s.path),
  );
  const docs = new Set((await allPoints(client)).map((p) => p.doc_id));
  assert.deepEqual([...docs].sort(), ['good.txt', 'ok-1', 'ok-2']);
});

test('an aborted run keeps the index consistent and a rerun gives the same points as a clean run', async (t) => {
  const dir = path.join(FIXTURES, 'ingest-basic');
  const clean = await store(t);
  await ingest(clean, [dir]);
  const expected = await allPoints(clean);

  const client = await store(t);
  const abort = new AbortController();
  let flushes = 0;
  const first = await ingest(client, [dir], {
    batchSize: 1,
    signal: abort.signal,
    onProgress: (p) => {
      if (p.phase === 'index' && ++flushes === 1) abort.abort();
    },
  });
  assert.ok(first.files < 5, 'stopped early');
  const second = await ingest(client, [dir]);
  assert.equal(second.unchanged, first.files);
  assert.deepEqual(await allPoints(client), expected);
});

test('a crash between writing chunks and the manifest is completed by the next run without duplicates', async (t) => {
  const dir = await tempDir(t, 'ingest-crash-');
  await cp(path.join(FIXTURES, 'ingest-basic'), dir, { recursive: true });
  const client = await store(t);
  await ingest(client, [dir]);
  const file = path.join(dir, 'pages', 'changzhi.txt');
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.split('\n\n').slice(0, -2).join('\n\n'));

  let crashed = false;
  // The store dies right after the new chunks are written: no stale delete, no manifest entry.
  const crashing = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'delete' || (prop === 'upsert' && crashed)) {
        return () => Promise.reject(Object.assign(new Error('simulated crash'), { status: 400 }));
      }
      if (prop === 'upsert') {
        return async (...args: Parameters<QdrantClient['upsert']>) => {
          const r = await target.upsert(...args);
          crashed = true;
          return r;
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  await assert.rejects(ingest(crashing, [dir], { batchSize: 1 }), /simulated crash/);
  assert.ok(crashed);

  const rerun = await ingest(client, [dir]);
  assert.equal(rerun.unchanged, 4);
  const clean = await store(t);
  await ingest(clean, [dir]);
  assert.deepEqual(await allPoints(client), await allPoints(clean));
});

test('worker threads index exactly what the inline path indexes', async (t) => {
  const dir = path.join(FIXTURES, 'ingest-basic');
  const inline = await store(t);
  const threaded = await store(t);
  const a = await ingest(inline, [dir], { workers: 0 });
  const b = await ingest(threaded, [dir], { workers: 2 });
  assert.equal(b.chunks, a.chunks);
  assert.deepEqual(await allPoints(threaded), await allPoints(inline));
});

test('a large input ingests on one worker per core like inline, and broken records lose nothing else', async (t) => {
  const dir = await tempDir(t, 'ingest-many-');
  const file = path.join(dir, 'many.jsonl');
  const places = ['嘉峪关市', '长治市', '怀化市', '白银市', '鸡西市'];
  const lines: string[] = [];
  for (let i = 0; i < 360; i++) {
    const place = places[i % places.length] as string;
    const text =
      `${place}政协第${i}次专题协商会召开。委员们围绕产业发展提出建议${i % 7}条。\n\n` +
      `会议指出，要把${i}项民生实事办好，倾听群众呼声，提升履职质量。`;
    lines.push(JSON.stringify({ id: `rec-${i}`, title: `${place}政协协商会（第${i}期）`, text }));
  }
  // Broken records among the good ones: not JSON, no text.
  lines.splice(100, 0, '{"id": "broken-1", "text": ');
  lines.splice(250, 0, JSON.stringify({ id: 'broken-2', title: '无正文' }));
  await writeFile(file, lines.join('\n') + '\n');

  const inline = await store(t);
  const pooled = await store(t);
  const a = await ingest(inline, [file], { workers: 0 });
  const b = await ingest(pooled, [file]);
  assert.equal(b.files, 360);
  assert.equal(b.skipped.length, 2, JSON.stringify(b.skipped));
  assert.ok(
    b.skipped.every((s) => s.path.startsWith('many.jsonl')),
    JSON.stringify(b.skipped),
  );
  const docs = new Set((await allPoints(pooled)).map((p) => p.doc_id));
  assert.equal(docs.size, 360);
  assert.deepEqual({ ...b, seconds: 0 }, { ...a, seconds: 0 });
  assert.deepEqual(await allPoints(pooled), await allPoints(inline));
});

test('with an embedder, chunks get dense vectors; another model or none is refused with a clear error', async (t) => {
  const client = await store(t);
  const fake = (model: string, dim: number) => ({
    model,
    dimensions: async () => dim,
    embed: async (texts: string[]) =>
      texts.map((s) => Array.from({ length: dim }, (_, i) => (s.length % 7) + i + 1)),
  });
  const dir = path.join(FIXTURES, 'ingest-basic');
  const first = await ingest(client, [dir], { embedder: fake('fake-a', 4) });
  const info = await client.getCollection(cfg.QDRANT_COLLECTION);
  assert.deepEqual(info.config.params.vectors, { [DENSE_VECTOR]: { size: 4, distance: 'Cosine' } });
  const page = await client.scroll(cfg.QDRANT_COLLECTION, { limit: 100, with_vector: true });
  assert.equal(page.points.length, first.chunks);
  for (const p of page.points) {
    const v = (p.vector as Record<string, unknown>)[DENSE_VECTOR];
    assert.ok(Array.isArray(v) && v.length === 4, 'every chunk has a 4-d dense vector');
  }

  await assert.rejects(
    ingest(client, [dir], { embedder: fake('fake-b', 8) }),
    (e: unknown) =>
      e instanceof SchemaMismatchError &&
      /built with model fake-a dim 4; you configured model fake-b dim 8/.test(e.message),
  );
  await assert.rejects(ingest(client, [dir], { embedder: fake('fake-b', 4) }), /model fake-a dim 4/);
  await assert.rejects(ingest(client, [dir]), /you configured no embedding model/);
  assert.equal((await ingest(client, [dir], { embedder: fake('fake-a', 4) })).unchanged, 5);
});

test('--prune also removes chunks an interrupted run left for a report that is gone since', async (t) => {
  const dir = await tempDir(t, 'ingest-orphan-');
  await cp(path.join(FIXTURES, 'ingest-basic'), dir, { recursive: true });
  const client = await store(t);
  await ingest(client, [dir]);
  const extra = path.join(dir, 'pages', 'extra.txt');
  await writeFile(extra, '鹤壁市政协调研营商环境\n\n鹤壁市政协组织委员调研营商环境建设。');
  // Chunks of extra.txt get written, then the run dies before its manifest entry.
  const dying = new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === 'delete') return () => Promise.reject(new Error('simulated crash'));
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  await assert.rejects(ingest(dying, [dir]), /simulated crash/);
  assert.ok((await allPoints(client)).some((p) => p.doc_id === 'pages/extra.txt'));

  await unlink(extra);
  const pruned = await ingest(client, [dir], { prune: true });
  assert.equal(pruned.pruned, 1);
  assert.ok(!(await allPoints(client)).some((p) => p.doc_id === 'pages/extra.txt'));
});
