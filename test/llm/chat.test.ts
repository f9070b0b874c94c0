import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { createChatModel, type ChatModel } from '../../src/llm/chat.js';
import { LlmError } from '../../src/llm/errors.js';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fake-openai.js';

const messages = [{ role: 'user' as const, content: '青石市政协开了什么会？' }];

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const d of it) out.push(d);
  return out;
}

describe('createChatModel', () => {
  it('is undefined offline (no OPENAI_API_KEY)', () => {
    assert.equal(createChatModel(loadConfig({})), undefined);
  });
});

describe('ChatModel against a fake OpenAI-compatible server', () => {
  let fake: FakeOpenAI;
  let chat: ChatModel;
  /** A short idle timeout for the hang/stall tests; the others get a generous one so a busy CI does not flake. */
  let quick: ChatModel;
  const retries: number[] = [];

  before(async () => {
    fake = await startFakeOpenAI();
    const make = (timeoutMs: string): ChatModel => {
      const cfg = loadConfig({
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: fake.baseURL,
        OPENAI_CHAT_MODEL: 'fake-chat',
        LLM_TIMEOUT_MS: timeoutMs,
        LLM_MAX_RETRIES: '2',
      });
      const model = createChatModel(cfg, {
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        onRetry: ({ delayMs }) => retries.push(delayMs),
      });
      assert.ok(model);
      return model;
    };
    chat = make('5000');
    quick = make('300');
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    retries.length = 0;
  });

  it('streams the reply in the chunks the server sent', async () => {
    fake.chat({ kind: 'reply', chunks: ['青石市', '政协召开', '常委会[', '1]。'] });
    assert.deepEqual(await collect(chat.stream(messages)), ['青石市', '政协召开', '常委会[', '1]。']);
    const req = fake.requests[0];
    assert.equal(req?.body.model, 'fake-chat');
    assert.equal(req?.body.stream, true);
    assert.equal(req?.headers.authorization, 'Bearer sk-test');
  });

  it("hides a reasoning model's <think> block, even split across chunks", async () => {
    fake.chat({ kind: 'reply', chunks: ['<thi', 'nk>先看段落。</th', 'ink>\n', '会议召开', '[1]。'] });
    assert.equal((await collect(chat.stream(messages))).join(''), '会议召开[1]。');
    fake.chat({ kind: 'reply', chunks: ['<think>想想</think>', '好的'] });
    assert.equal(await chat.complete(messages), '好的');
  });

  it('returns the whole reply with complete()', async () => {
    fake.chat({ kind: 'reply', chunks: ['你好', '。'] });
    assert.equal(await chat.complete(messages, { temperature: 0 }), '你好。');
    assert.equal(fake.requests[0]?.body.temperature, 0);
    assert.equal(fake.requests[0]?.body.stream, undefined);
  });

  it('waits for Retry-After on 429, then succeeds', async () => {
    fake.chat({ kind: 'status', status: 429, retryAfter: '1' }, { kind: 'reply', chunks: ['好', '的'] });
    const t0 = Date.now();
    assert.deepEqual(await collect(chat.stream(messages)), ['好', '的']);
    assert.ok(Date.now() - t0 >= 950, 'waited for Retry-After: 1');
    assert.equal(fake.requests.length, 2);
    assert.deepEqual(retries, [1000]);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    fake.chat({ kind: 'status', status: 500 }, { kind: 'reply', chunks: ['成功'] });
    assert.equal(await chat.complete(messages), '成功');
    assert.equal(fake.requests.length, 2);
  });

  it('gives up after LLM_MAX_RETRIES with an LlmError the caller can fall back on (SDK retries off)', async () => {
    fake.chat(...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 503 })));
    await assert.rejects(
      collect(chat.stream(messages)),
      (e: unknown) => e instanceof LlmError && e.kind === 'server',
    );
    assert.equal(fake.requests.length, 3); // 1 + LLM_MAX_RETRIES, counted once
  });

  it('does not retry an authentication error', async () => {
    fake.chat({ kind: 'status', status: 401, message: 'bad key' });
    await assert.rejects(
      chat.complete(messages),
      (e: unknown) => e instanceof LlmError && e.kind === 'client',
    );
    assert.equal(fake.requests.length, 1);
  });

  it('times out a server that never answers, retrying first, then fails with kind "timeout"', async () => {
    fake.chat({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const t0 = Date.now();
    await assert.rejects(
      collect(quick.stream(messages)),
      (e: unknown) => e instanceof LlmError && e.kind === 'timeout',
    );
    assert.equal(fake.requests.length, 3);
    assert.ok(Date.now() - t0 < 3_000);
  });

  it('a hang then success is retried transparently', async () => {
    fake.chat({ kind: 'hang' }, { kind: 'reply', chunks: ['恢复'] });
    assert.deepEqual(await collect(quick.stream(messages)), ['恢复']);
  });

  it('after tokens have flowed, a stall is an error, not a silent restart', async () => {
    fake.chat({ kind: 'stall', chunks: ['青石市', '政协'] }, { kind: 'reply', chunks: ['不应出现'] });
    const got: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const d of quick.stream(messages)) got.push(d);
      })(),
      (e: unknown) => e instanceof LlmError && e.kind === 'timeout',
    );
    assert.deepEqual(got, ['青石市', '政协']);
    assert.equal(fake.requests.length, 1);
  });

  it('reports a malformed response as kind "bad_response"', async () => {
    fake.chat({ kind: 'malformed' });
    await assert.rejects(
      chat.complete(messages),
      (e: unknown) => e instanceof LlmError && e.kind === 'bad_response',
    );
  });

  it('retries once without temperature when the model rejects it', async () => {
    fake.chat(
      { kind: 'status', status: 400, message: "Unsupported value: 'temperature' does not support 0.2" },
      { kind: 'reply', chunks: ['可以'] },
    );
    assert.deepEqual(await collect(chat.stream(messages, { temperature: 0.2 })), ['可以']);
    assert.equal(fake.requests[0]?.body.temperature, 0.2);
    assert.equal(fake.requests[1]?.body.temperature, undefined);
  });

  it('stops when the caller cancels', async () => {
    fake.chat({ kind: 'hang' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(
      collect(chat.stream(messages, { signal: ac.signal })),
      (e: unknown) => e instanceof LlmError && e.kind === 'aborted',
    );
    assert.equal(fake.requests.length, 1);
  });
});
