/**
 * Term IDFs are probed once per state of the collection: a repeated term costs no probe and gives the same
 * retrieval, and a report ingested afterwards is found at once (the cached IDFs are dropped by the write).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { loadConfig, type Config } from '../../src/config.js';
import { openStore } from '../../src/store/connect.js';
import { runIngest } from '../../ingest/run.js';
import { retrieve } from '../../src/rag/retrieve.js';
import { TermStatsCache } from '../../src/rag/term-cache.js';
import { chunkCollection } from '../../src/store/schema.js';

const FIRST: Record<string, string> = {
  'park.txt':
    '# 杭州市政协视察城市公园建设\n\n' +
    '本报讯 杭州市政协组织委员视察城市公园建设，今年全市新建口袋公园46个，新增绿地120公顷。\n',
  'water.txt':
    '# 杭州市政协协商河道治理\n\n' +
    '本报讯 杭州市政协召开专题协商会，围绕河道治理提出建议，全年完成清淤河道38条。\n',
};
const LATER: Record<string, string> = {
  'tea.txt':
    '# 杭州市政协调研龙井茶产业\n\n' +
    '本报讯 杭州市政协组织委员调研龙井茶产业，全市茶园面积达到18万亩，茶农年均增收1.2万元。\n',
};

let dir: string;
let cfg: Config;
let client: QdrantClient;
let close: () => Promise<void>;
let collection: string;
const batches: Schemas['QueryRequest'][][] = [];

async function writeReports(sub: string, reports: Record<string, string>): Promise<string> {
  const d = path.join(dir, sub);
  await mkdir(d);
  for (const [name, text] of Object.entries(reports)) await writeFile(path.join(d, name), text);
  return d;
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'cppcc-termcache-'));
  cfg = loadConfig({ DATA_DIR: path.join(dir, 'data') });
  const store = await openStore(cfg);
  client = store.client;
  close = () => store.close();
  collection = chunkCollection(cfg);
  await runIngest({ paths: [await writeReports('first', FIRST)], client, cfg });
  const queryBatch = client.queryBatch.bind(client);
  client.queryBatch = (name, args) => {
    batches.push(args.searches);
    return queryBatch(name, args);
  };
});
after(async () => {
  await close();
  await rm(dir, { recursive: true, force: true });
});

test('a term asked again is not probed again, and retrieval is the same', async () => {
  const q = '杭州市政协今年新建了多少个口袋公园？';
  batches.length = 0;
  const first = await retrieve(client, { collection, text: q });
  const second = await retrieve(client, { collection, text: q });
  assert.equal(batches.length, 2);
  assert.ok(first.terms.length >= 2);
  // The first batch holds the fused query and one probe per term; the second only the fused query.
  assert.equal(batches[0]?.length, 1 + first.terms.length);
  assert.equal(batches[1]?.length, 1);
  assert.deepEqual(second.terms, first.terms);
  assert.deepEqual(
    second.passages.map((p) => [p.docId, p.paragraphs, p.sparse]),
    first.passages.map((p) => [p.docId, p.paragraphs, p.sparse]),
  );
});

test('after an ingest, a term no report held before is probed again and its new report is found', async () => {
  const q = '杭州市龙井茶园面积有多少？';
  const before = await retrieve(client, { collection, text: q });
  const tea = before.terms.find((t) => t.term === '龙井茶' || t.term === '龙井');
  assert.ok(tea, `terms: ${before.terms.map((t) => t.term).join(' ')}`);
  assert.equal(tea.absent, true);
  await runIngest({ paths: [await writeReports('later', LATER)], client, cfg });
  // Asked at once (the collection's point count is otherwise re-read only every 2 s).
  const afterIngest = await retrieve(client, { collection, text: q });
  const teaNow = afterIngest.terms.find((t) => t.term === tea.term);
  assert.equal(teaNow?.absent, false);
  assert.ok((teaNow?.idf ?? Infinity) < tea.idf);
  assert.match(afterIngest.passages[0]?.title ?? '', /龙井茶/);
  assert.equal(afterIngest.corpusSize, before.corpusSize + 1);
});

test('the cache starts afresh when the point count changes or the entries are old', () => {
  let now = 0;
  const cache = new TermStatsCache<number>(1000, () => now);
  const c = {} as QdrantClient;
  cache.set(c, 'chunks', 10, '公园', 1.5);
  assert.equal(cache.get(c, 'chunks', 10, '公园'), 1.5);
  assert.equal(cache.get(c, 'other', 10, '公园'), undefined);
  assert.equal(cache.get(c, 'chunks', 11, '公园'), undefined);
  cache.set(c, 'chunks', 11, '公园', 2);
  now = 999;
  assert.equal(cache.get(c, 'chunks', 11, '公园'), 2);
  now = 1000;
  assert.equal(cache.get(c, 'chunks', 11, '公园'), undefined);
  cache.set(c, 'chunks', 11, '公园', 3);
  cache.forget(c, 'chunks');
  assert.equal(cache.get(c, 'chunks', 11, '公园'), undefined);
});
