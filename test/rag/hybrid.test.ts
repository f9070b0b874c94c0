import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { createEmbedder } from '../../src/llm/embeddings.js';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';
import { openSampleStore, type SampleStore } from './helpers.js';

let fake: FakeOpenAI;
let store: SampleStore;
let qa: QaEngine;

before(async () => {
  fake = await startFakeOpenAI({ dimensions: 64 });
  const cfg = loadConfig({
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: fake.baseURL,
    OPENAI_EMBEDDING_MODEL: 'fake-embed',
  });
  const embedder = createEmbedder(cfg, { retry: { baseDelayMs: 5, maxDelayMs: 10 } });
  assert.ok(embedder);
  store = await openSampleStore(embedder);
  // Answers stay offline (no chat model): this tests hybrid retrieval only.
  qa = createQaService({ client: store.client, cfg: store.cfg, embedder });
});
after(async () => {
  await store.close();
  await fake.close();
});

test('with an embedder, retrieval fuses BM25 and dense results and keeps both raw scores', async () => {
  const e = await qa.explain('兰州南北两山累计完成绿化面积多少万亩？');
  const top = e.retrieval?.chunks[0];
  assert.ok(top);
  assert.ok((top.sparse ?? 0) > 0, 'raw BM25 score kept');
  assert.ok(top.dense !== undefined && top.dense > 0 && top.dense <= 1, 'raw cosine score kept');
  assert.match(e.answer.text, /60万亩/);
  const embedCalls = fake.requests.filter((r) => r.path.endsWith('/embeddings'));
  assert.ok(embedCalls.length >= 2, 'chunks and the query were embedded');
});

test('when the embeddings endpoint fails at question time, BM25 alone still answers', async () => {
  fake.embeddings({ kind: 'status', status: 400, message: 'bad request' });
  const a = await qa.answer('苏州市政协委员张立群建议设立多大规模的古城保护专项基金？');
  assert.equal(a.refused, false);
  assert.match(a.text, /2亿元/);
});
