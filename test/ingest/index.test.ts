import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { checkCompatible, SchemaMismatchError } from '../../src/store/schema.js';
import { articlePoints } from '../../ingest/points.js';
import { Indexer } from '../../ingest/indexer.js';
import { Manifest } from '../../ingest/manifest.js';
import { isTransient, withRetry } from '../../ingest/retry.js';
import type { Article } from '../../src/types.js';

const article: Article = {
  id: 'art-1',
  docId: 'pages/a.txt',
  source: 'pages/a.txt',
  title: '探寻高质量发展',
  date: '2023-08-18',
  places: [],
  paragraphs: [
    { n: 1, text: '市政协组织委员调研科技创新工作。' },
    { n: 2, text: '委员们建议加大研发投入。' },
    { n: 3, text: '的了是' },
  ],
};

test('each chunk payload carries what a citation needs: title, paragraphs and their exact texts', () => {
  const [p] = articlePoints(
    article,
    0,
    [{ text: '市政协组织委员调研科技创新工作。委员们建议加大研发投入。', paragraphs: [1, 2], chunkIndex: 0 }],
    'h1',
    ['天水市'],
  );
  assert.ok(p);
  assert.deepEqual(p.payload.paragraph_texts, [
    '市政协组织委员调研科技创新工作。',
    '委员们建议加大研发投入。',
  ]);
  assert.equal(p.payload.paragraph_count, 3);
  assert.equal(p.payload.title, '探寻高质量发展');
  assert.equal(p.payload.doc_id, 'pages/a.txt');
  assert.equal(p.payload.doc_hash, 'h1');
  assert.deepEqual(p.payload.places, ['天水市']);
  assert.equal(p.payload.date, '2023-08-18');
  assert.ok(p.sparse && p.sparse.indices.length > 0);
});

test('a chunk of stopwords only gets no sparse vector instead of an empty one', () => {
  const [p] = articlePoints(article, 0, [{ text: '的了是', paragraphs: [3], chunkIndex: 0 }], 'h1', []);
  assert.equal(p?.sparse, undefined);
});

test('an embedding model or dimension other than the collection was built with is a clear error', () => {
  assert.throws(
    () =>
      checkCompatible(
        'c',
        { model: 'text-embedding-3-small', dimensions: 1536 },
        { model: 'bge-m3', dimensions: 1024 },
      ),
    (e: unknown) =>
      e instanceof SchemaMismatchError &&
      /built with model text-embedding-3-small dim 1536; you configured model bge-m3 dim 1024/.test(
        e.message,
      ) &&
      /new collection/.test(e.message),
  );
  assert.throws(() => checkCompatible('c', undefined, { model: 'm', dimensions: 8 }), /BM25 only/);
  assert.throws(
    () => checkCompatible('c', { model: 'm', dimensions: 8 }, undefined),
    /you configured no embedding/,
  );
  assert.doesNotThrow(() =>
    checkCompatible('c', { model: 'm', dimensions: 8 }, { model: 'm', dimensions: 8 }),
  );
  assert.doesNotThrow(() => checkCompatible('c', undefined, undefined));
});

test('a flush writes chunks, then deletes stale ones, then the manifest — so a crash never marks a document done early', async () => {
  const calls: string[] = [];
  const fake = {
    upsert: async (name: string) => {
      calls.push(`upsert ${name}`);
      return { status: 'completed' as const };
    },
    delete: async (name: string) => {
      calls.push(`delete ${name}`);
      return { status: 'completed' as const };
    },
  } as unknown as QdrantClient;
  const manifest = new Manifest(fake, { QDRANT_COLLECTION: 'c' });
  const indexer = new Indexer(fake, 'c', manifest, { batchSize: 2 });
  const points = articlePoints(
    article,
    0,
    [1, 2, 3].map((n) => ({ text: `段落${n}委员建议`, paragraphs: [n], chunkIndex: n - 1 })),
    'h',
    [],
  );
  await indexer.add({
    entry: { doc_id: 'pages/a.txt', doc_hash: 'h', articles: 1, paragraphs: 3, chunks: 3 },
    points,
    cleanup: true,
  });
  assert.deepEqual(calls, ['upsert c', 'upsert c', 'delete c', 'upsert c__docs']);
});

test('a store that is briefly down is retried; a bad request is not', async () => {
  let calls = 0;
  const flaky = async () => {
    if (++calls < 3)
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:6333') });
    return 'ok';
  };
  assert.equal(await withRetry(flaky, { baseMs: 1 }), 'ok');
  assert.equal(calls, 3);

  let badCalls = 0;
  const bad = async () => {
    badCalls++;
    throw Object.assign(new Error('Bad Request'), { status: 400 });
  };
  await assert.rejects(withRetry(bad, { baseMs: 1 }), /Bad Request/);
  assert.equal(badCalls, 1);
  assert.equal(isTransient(Object.assign(new Error('x'), { status: 503 })), true);
});
