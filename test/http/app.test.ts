/** The HTTP API in process (Hono's app.request, no socket) over the fake QaService. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { createApp, MODEL_ID, type HttpApp } from '../../src/http/app.js';
import { FakeQa, type FakeQaOptions } from '../support/fake-qa.js';

const KEY = 'sk-test-alpha';
const apps: HttpApp[] = [];
after(() => apps.forEach((a) => a.close()));

function setup(env: Record<string, string> = {}, qaOptions: FakeQaOptions = {}) {
  const qa = new FakeQa(qaOptions);
  const cfg = loadConfig({ HTTP_API_KEYS: `${KEY}, sk-test-beta`, ...env });
  const made = createApp({ qa, log: pino({ level: 'silent' }), cfg });
  apps.push(made);
  const call = (path: string, init: RequestInit & { key?: string | null } = {}) => {
    const headers = new Headers(init.headers);
    if (init.key !== null) headers.set('authorization', `Bearer ${init.key ?? KEY}`);
    if (init.body !== undefined && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    return made.app.request(path, { ...init, headers });
  };
  const chat = (body: unknown, init: RequestInit & { key?: string | null } = {}) =>
    call('/v1/chat/completions', { method: 'POST', body: JSON.stringify(body), ...init });
  return { qa, call, chat };
}

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };

async function expectError(res: Response, status: number, type: string): Promise<ErrorBody['error']> {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as ErrorBody;
  assert.equal(body.error.type, type);
  assert.ok(body.error.message.length > 0);
  assert.ok('param' in body.error && 'code' in body.error);
  return body.error;
}

const ask = (content: string) => ({ model: MODEL_ID, messages: [{ role: 'user', content }] });

describe('HTTP API in process', () => {
  it('answers a question with footnotes in the text and structured citations beside it', async () => {
    const { chat } = setup();
    const res = await chat(ask('深圳市政协开了什么会？'));
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      object: string;
      model: string;
      choices: { message: { role: string; content: string }; finish_reason: string }[];
      citations: { index: number; article_id: string; paragraphs: number[]; text: string }[];
      refused: boolean;
    };
    assert.equal(body.object, 'chat.completion');
    assert.equal(body.model, MODEL_ID);
    const content = body.choices[0]?.message.content ?? '';
    assert.match(content, /专题协商会\[1\]/);
    assert.match(content, /\[2\] 《深圳市政协召开“加快建设现代化产业体系”专题协商会》第3段 · 2024年5月10日$/);
    assert.equal(body.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(
      body.citations.map((c) => [c.index, c.article_id, c.paragraphs]),
      [
        [1, 'a1f3c9d2e0b4', [1]],
        [2, 'a1f3c9d2e0b4', [3]],
      ],
    );
    assert.equal(body.citations[1]?.text, '委员建议加大对中小企业创新的支持力度，完善人才政策。');
    assert.equal(body.refused, false);
  });

  it('passes earlier turns on for follow-ups, and says when the reports hold no answer', async () => {
    const { chat, qa } = setup();
    const res = await chat({
      messages: [
        { role: 'user', content: '深圳市政协开了什么会？' },
        { role: 'assistant', content: '开了专题协商会[1]。\n\n来源  \n[1] 《某报道》第1段' },
        { role: 'user', content: '火星上呢？' },
      ],
    });
    const body = (await res.json()) as {
      refused: boolean;
      citations: unknown[];
      choices: { message: { content: string } }[];
    };
    assert.equal(body.refused, true);
    assert.deepEqual(body.citations, []);
    assert.match(body.choices[0]?.message.content ?? '', /没有找到/);
    const call = qa.calls.find((c) => c.method === 'answer');
    assert.equal(call?.arg, '火星上呢？');
    assert.deepEqual(call?.opts?.turns, [
      {
        question: '深圳市政协开了什么会？',
        answer: '开了专题协商会[1]。',
        articles: [{ id: '某报道', title: '某报道' }],
      },
    ]);
  });

  it('streams OpenAI chunks as the answer grows, citations on the last chunk, then [DONE]', async () => {
    const { chat } = setup({}, { streamSteps: 4, streamStepMs: 5 });
    const res = await chat({ ...ask('深圳市政协开了什么会？'), stream: true });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const events = (await res.text())
      .split('\n\n')
      .filter((e) => e.startsWith('data: '))
      .map((e) => e.slice(6));
    assert.equal(events.at(-1), '[DONE]');
    const chunks = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e) as {
          object: string;
          choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[];
          citations?: unknown[];
        },
    );
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.equal(chunks[0]?.choices[0]?.delta.role, 'assistant');
    const contentChunks = chunks.filter((c) => (c.choices[0]?.delta.content ?? '') !== '');
    assert.ok(contentChunks.length >= 4, `${contentChunks.length} content chunks`);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.match(text, /^关于“深圳市政协开了什么会？”：.*\[2\]。\n\n来源 {2}\n\[1\] 《/);
    const last = chunks.at(-1);
    assert.equal(last?.choices[0]?.finish_reason, 'stop');
    assert.equal(last?.citations?.length, 2);
  });

  it('lists the one model and answers the health check without a key', async () => {
    const { call } = setup();
    const models = (await (await call('/v1/models')).json()) as { data: { id: string }[] };
    assert.deepEqual(
      models.data.map((m) => m.id),
      [MODEL_ID],
    );
    await expectError(await call('/v1/models/gpt-4'), 404, 'invalid_request_error');
    const health = await call('/healthz', { key: null });
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', articles: 2 });
  });

  it('searches passages with article, paragraph, text, source, date and rank', async () => {
    const { call } = setup();
    const res = await call('/v1/search', {
      method: 'POST',
      body: JSON.stringify({ query: '委员建议', limit: 2 }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      data: {
        rank: number;
        article_id: string;
        title: string;
        paragraphs: number[];
        text: string;
        source: string;
        date: string;
      }[];
    };
    assert.equal(body.data.length, 2);
    assert.deepEqual(
      body.data.map((h) => h.rank),
      [1, 2],
    );
    const hit = body.data[0];
    assert.ok(
      hit && hit.article_id && hit.title && hit.source && hit.date && hit.text && hit.paragraphs.length === 1,
    );
    await expectError(
      await call('/v1/search', { method: 'POST', body: JSON.stringify({ query: '' }) }),
      400,
      'invalid_request_error',
    );
  });

  it('refuses requests without a key, with a wrong key or a malformed header (401)', async () => {
    const { chat, qa } = setup();
    const none = await expectError(await chat(ask('问'), { key: null }), 401, 'authentication_error');
    assert.match(none.message, /API key/);
    await expectError(await chat(ask('问'), { key: 'sk-wrong' }), 401, 'authentication_error');
    await expectError(
      await chat(ask('问'), { key: null, headers: { authorization: 'Basic abc' } }),
      401,
      'authentication_error',
    );
    assert.equal(qa.calls.length, 0);
    assert.equal((await chat(ask('问'), { key: 'sk-test-beta' })).status, 200);
  });

  it('answers a browser preflight without a key, so web front ends can call it from the page', async () => {
    const { call } = setup();
    const res = await call('/v1/chat/completions', {
      method: 'OPTIONS',
      key: null,
      headers: {
        origin: 'http://chat.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /authorization/i);
  });

  it('malformed JSON and invalid bodies are 400, unknown routes 404, oversized bodies 413', async () => {
    const { call, chat, qa } = setup({ HTTP_MAX_BODY_KB: '1' });
    const bad = await expectError(
      await call('/v1/chat/completions', { method: 'POST', body: '{"messages": [' }),
      400,
      'invalid_request_error',
    );
    assert.equal(bad.code, 'invalid_json');
    const noMessages = await expectError(await chat({ messages: [] }), 400, 'invalid_request_error');
    assert.equal(noMessages.param, 'messages');
    await expectError(
      await chat({ messages: [{ role: 'assistant', content: '你好' }] }),
      400,
      'invalid_request_error',
    );
    const unknown = await expectError(
      await call('/v1/embeddings', { method: 'POST', body: '{}' }),
      404,
      'invalid_request_error',
    );
    assert.match(unknown.message, /POST \/v1\/embeddings/);
    await expectError(await call('/nowhere', { key: null }), 404, 'invalid_request_error');
    const big = await expectError(await chat(ask('问'.repeat(2000))), 413, 'invalid_request_error');
    assert.match(big.message, /1 KiB/);
    assert.equal(qa.calls.length, 0);
  });

  it('rate-limits per key with 429 and Retry-After; another key is not affected', async () => {
    const { chat } = setup({ HTTP_RATE_LIMIT: '2' });
    assert.equal((await chat(ask('问一'))).status, 200);
    assert.equal((await chat(ask('问二'))).status, 200);
    const res = await chat(ask('问三'));
    await expectError(res, 429, 'rate_limit_error');
    const retry = Number(res.headers.get('retry-after'));
    assert.ok(retry > 0 && retry <= 60, `Retry-After ${retry}`);
    assert.equal((await chat(ask('问四'), { key: 'sk-test-beta' })).status, 200);
  });

  it('a failing core gives a polite 500 without internals, streamed or not', async () => {
    const { chat } = setup();
    const err = await expectError(await chat(ask('boom')), 500, 'server_error');
    assert.doesNotMatch(err.message, /secret|database|exploded/);
    assert.match(err.message, /请稍后再试/);
    const res = await chat({ ...ask('boom'), stream: true });
    const text = await res.text();
    assert.match(text, /"type":"server_error"/);
    assert.doesNotMatch(text, /secret|exploded/);
    assert.match(text, /data: \[DONE\]\n\n$/);
  });
});
