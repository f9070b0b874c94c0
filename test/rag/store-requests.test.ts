/**
 * What an answer asks of the store: one round trip, only the payload fields a passage uses, and citations that
 * still carry everything the stored chunk says about its paragraphs; answers given at once match answers given
 * one at a time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { QdrantClient } from '@qdrant/js-client-rest';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { CHUNK_FIELDS } from '../../src/rag/retrieve.js';
import { toChunkPayload } from '../../src/rag/payload.js';
import { openSampleStore, type SampleStore } from './helpers.js';

let store: SampleStore;
let qa: QaEngine;

/** Store calls made through the client (method name and its request), recorded while `recording` is set. */
const seen: { method: string; args: unknown }[] = [];
let recording = false;

function spy(client: QdrantClient): void {
  const methods = ['query', 'queryBatch', 'scroll', 'retrieve', 'count', 'queryGroups'] as const;
  for (const m of methods) {
    const original = (client[m] as (...a: unknown[]) => Promise<unknown>).bind(client);
    (client as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      if (recording) seen.push({ method: m, args: a[1] });
      return original(...a);
    };
  }
}

const QUESTIONS = [
  '苏州市政协委员张立群建议设立多大规模的古城保护专项基金？',
  '兰州南北两山累计完成绿化面积多少？',
  '苏州市政协专题协商会是哪天召开的？',
  '厦门市政协委员建议设立多大规模的产业投资基金？',
  '成都市政协围绕什么开展了协商？',
  '青川市运动会一共设了多少个比赛项目？',
];

before(async () => {
  store = await openSampleStore();
  spy(store.client);
  qa = createQaService({ client: store.client, cfg: store.cfg });
  await qa.answer(QUESTIONS[0] as string); // collection facts are cached from here on
});
after(async () => {
  await store.close();
});

test('an answer costs one search request to the store, asking only for the fields a passage uses', async () => {
  seen.length = 0;
  recording = true;
  const a = await qa.answer('兰州南北两山累计完成绿化面积多少？');
  recording = false;
  assert.equal(a.refused, false);
  assert.deepEqual(
    seen.map((s) => s.method),
    ['queryBatch'],
  );
  const searches = (seen[0]?.args as { searches: { with_payload?: unknown }[] }).searches;
  assert.deepEqual(searches[0]?.with_payload, CHUNK_FIELDS);
  // The term probes still read only the chunk text.
  for (const s of searches.slice(1)) assert.deepEqual(s.with_payload, ['text']);
});

test('citations from the lean payload carry the stored chunk: paragraph texts, title, date, source', async () => {
  const a = await qa.answer('苏州市政协委员张立群建议设立多大规模的古城保护专项基金？');
  assert.ok(a.citations.length > 0);
  for (const c of a.citations) {
    const [point] = await store.client.retrieve(store.cfg.QDRANT_COLLECTION, {
      ids: [c.pointId],
      with_payload: true,
    });
    const stored = toChunkPayload(point?.payload);
    assert.ok(stored, `point ${c.pointId} has a chunk payload`);
    assert.equal(c.articleId, stored.article_id);
    assert.equal(c.title, stored.title);
    assert.equal(c.date, stored.date);
    assert.equal(c.source, stored.source);
    assert.equal(c.docId, stored.doc_id);
    assert.equal(c.paragraphCount, stored.paragraph_count);
    for (const [i, n] of c.paragraphs.entries()) {
      const view = await qa.paragraph(c.articleId, n);
      assert.equal(c.paragraphTexts[i], view?.text, `paragraph ${n} of ${c.title}`);
    }
  }
});

test('answers given all at once are the answers given one at a time', async () => {
  const one: string[] = [];
  for (const q of QUESTIONS) one.push(JSON.stringify(strip(await qa.answer(q))));
  const asked = Array.from({ length: 30 }, (_, i) => QUESTIONS[i % QUESTIONS.length] as string);
  const all = await Promise.all(asked.map((q) => qa.answer(q)));
  all.forEach((a, i) => assert.equal(JSON.stringify(strip(a)), one[i % QUESTIONS.length], asked[i]));
});

/** The answer without its timings (which differ run to run). */
function strip(a: Awaited<ReturnType<QaEngine['answer']>>): Omit<typeof a, 'timings'> {
  const { timings: _timings, ...rest } = a;
  return rest;
}
