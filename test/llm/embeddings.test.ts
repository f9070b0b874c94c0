import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { LlmError } from '../../src/llm/errors.js';
import { createEmbedder, embeddingModelFor, type Embedder } from '../../src/llm/embeddings.js';
import { fakeEmbedding, startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

describe('createEmbedder: which model, if any', () => {
  it('is undefined offline', () => {
    assert.equal(createEmbedder(loadConfig({})), undefined);
  });

  it('is undefined without OPENAI_EMBEDDING_MODEL, even with a key (adding a key must not change the index)', () => {
    assert.equal(createEmbedder(loadConfig({ OPENAI_API_KEY: 'k' })), undefined);
    assert.equal(embeddingModelFor(loadConfig({ OPENAI_API_KEY: 'k' })), undefined);
  });

  it('uses the named model with any provider', () => {
    const other = {
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
      OPENAI_EMBEDDING_MODEL: 'bge-m3',
    };
    assert.equal(createEmbedder(loadConfig(other))?.model, 'bge-m3');
  });
});

describe('Embedder against a fake OpenAI-compatible server', () => {
  let fake: FakeOpenAI;
  const env = (extra: Record<string, string> = {}): ReturnType<typeof loadConfig> =>
    loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_EMBEDDING_MODEL: 'fake-embed',
      LLM_TIMEOUT_MS: '5000',
      LLM_MAX_RETRIES: '2',
      ...extra,
    });
  const make = (extra: Record<string, string> = {}): Embedder => {
    const e = createEmbedder(env(extra), { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    assert.ok(e);
    return e;
  };

  before(async () => {
    fake = await startFakeOpenAI({ dimensions: 16 });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  it('embeds in batches of 64, one vector per text, in input order', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `第${i}段：政协委员围绕民生建言`);
    const vectors = await make().embed(texts);
    assert.equal(vectors.length, 150);
    assert.deepEqual(
      fake.requests.map((r) => (r.body.input as string[]).length).sort((a, b) => b - a),
      [64, 64, 22],
    );
    // In input order across batches sent in parallel, and by `index` within a batch (the fake reverses them).
    for (const i of [0, 63, 64, 100, 149])
      assert.deepEqual(vectors[i], fakeEmbedding(texts[i] as string, 16));
    assert.equal(fake.requests[0]?.body.model, 'fake-embed');
    assert.equal(fake.requests[0]?.body.encoding_format, 'float');
  });

  it('learns the dimension from the first response', async () => {
    const e = make();
    assert.equal(await e.dimensions(), 16);
    assert.equal(fake.requests.length, 1); // one probe
    await e.embed(['提案']);
    assert.equal(await e.dimensions(), 16);
    assert.equal(fake.requests.length, 2);
  });

  it('asks for OPENAI_EMBEDDING_DIMENSIONS and knows it without a call', async () => {
    const e = make({ OPENAI_EMBEDDING_DIMENSIONS: '8' });
    assert.equal(await e.dimensions(), 8);
    assert.equal(fake.requests.length, 0);
    const [v] = await e.embed(['协商议政']);
    assert.equal(v?.length, 8);
    assert.equal(fake.requests[0]?.body.dimensions, 8);
  });

  it('retries a 429 and a 500, then succeeds', async () => {
    fake.embeddings({ kind: 'status', status: 429, retryAfterMs: '10' }, { kind: 'status', status: 500 });
    const vectors = await make().embed(['民主监督', '调研视察']);
    assert.equal(vectors.length, 2);
    assert.equal(fake.requests.length, 3);
  });

  it('fails with an LlmError after its retries when the server stays down', async () => {
    fake.embeddings({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    await assert.rejects(
      make().embed(['委员履职']),
      (e: unknown) => e instanceof LlmError && e.kind === 'timeout',
    );
    assert.equal(fake.requests.length, 3);
  });

  it('rejects NaN/null, empty and short vectors with a clear message', async () => {
    fake.embeddings({ kind: 'vectors', vectors: [[0.1, null, 0.3]] });
    await assert.rejects(make().embed(['a']), /non-finite/);
    fake.embeddings({ kind: 'vectors', vectors: [[]] });
    await assert.rejects(make().embed(['a']), /empty/);
    fake.embeddings({ kind: 'vectors', vectors: [[0.1, 0.2]] });
    await assert.rejects(make().embed(['a', 'b']), /expected 2 vectors, got 1/);
    fake.embeddings({ kind: 'vectors', vectors: [[0.1, 0.2], [0.3]] });
    await assert.rejects(make().embed(['a', 'b']), /dimensions/);
  });

  it('refuses to embed an empty text instead of sending it', async () => {
    await assert.rejects(make().embed(['正文', '  ']), /empty text \(input 1\)/);
    assert.equal(fake.requests.length, 0);
  });

  it('returns nothing for nothing, without a request', async () => {
    assert.deepEqual(await make().embed([]), []);
    assert.equal(fake.requests.length, 0);
  });
});
