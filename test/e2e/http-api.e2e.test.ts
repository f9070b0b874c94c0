/**
 * End to end: the HTTP API on a loopback socket, driven by the real `openai` npm client as Open WebUI, LobeChat
 * or a bot framework would. Most tests answer from the fake QaService; one boots the real offline core over the
 * sample reports, and one runs `npm run serve:http` as its own process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { MODEL_ID, startHttpApi, type RunningHttpApi } from '../../src/http/index.js';
import { createQaService } from '../../src/rag/answer.js';
import type { QaService } from '../../src/rag/service.js';
import { openSampleStore, type SampleStore } from '../rag/helpers.js';
import { FakeQa } from '../support/fake-qa.js';

const KEY = 'sk-e2e-key';
const silent = pino({ level: 'silent' });

async function serve(qa: QaService, env: Record<string, string> = {}): Promise<RunningHttpApi> {
  const cfg = loadConfig({ HTTP_API_KEYS: KEY, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0', ...env });
  return startHttpApi({ qa, log: silent, cfg }, { drainMs: 2000 });
}

const client = (api: RunningHttpApi, apiKey = KEY) =>
  new OpenAI({ apiKey, baseURL: `${api.url}/v1`, maxRetries: 0, timeout: 20_000 });

interface Extras {
  citations?: {
    index: number;
    article_id: string;
    title: string;
    paragraphs: number[];
    text: string;
    footnote: string;
  }[];
  refused?: boolean;
}

describe('HTTP API through the openai client (fake core)', () => {
  let api: RunningHttpApi;
  before(async () => {
    api = await serve(new FakeQa({ streamSteps: 5, streamStepMs: 10 }), {
      HTTP_RATE_LIMIT: '8',
      HTTP_MAX_BODY_KB: '4',
    });
  });
  after(() => api.stop());

  it('lists the model, answers with footnotes and citations, and keeps the conversation', async () => {
    const openai = client(api);
    const models = await openai.models.list();
    assert.deepEqual(
      models.data.map((m) => m.id),
      [MODEL_ID],
    );
    const res = await openai.chat.completions.create({
      model: MODEL_ID,
      messages: [
        { role: 'user', content: '深圳市政协开了什么会？' },
        { role: 'assistant', content: '深圳市政协召开专题协商会[1]。' },
        { role: 'user', content: '委员提了什么建议？' },
      ],
    });
    const content = res.choices[0]?.message.content ?? '';
    assert.match(content, /委员建议加大对中小企业创新的支持力度\[2\]/);
    assert.match(content, /\[1\] 《深圳市政协.*》第1段 · 2024年5月10日/);
    const extras = res as unknown as Extras;
    assert.equal(extras.refused, false);
    assert.equal(extras.citations?.[1]?.text, '委员建议加大对中小企业创新的支持力度，完善人才政策。');
  });

  it('streams: deltas arrive before the end, join to the full reply, citations on the last chunk', async () => {
    const stream = await client(api).chat.completions.create({
      model: MODEL_ID,
      stream: true,
      messages: [{ role: 'user', content: '深圳市政协开了什么会？' }],
    });
    let text = '';
    let deltas = 0;
    let last: Extras | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const d = chunk.choices[0]?.delta.content ?? '';
      if (d !== '') deltas++;
      text += d;
      finish = chunk.choices[0]?.finish_reason ?? finish;
      last = chunk as unknown as Extras;
    }
    assert.ok(deltas >= 5, `${deltas} deltas`);
    assert.equal(finish, 'stop');
    assert.match(text, /^关于“深圳市政协开了什么会？”：深圳市政协召开专题协商会\[1\]。[\s\S]*\[2\] 《/);
    assert.equal(last?.citations?.length, 2);
  });

  it('bad keys, unknown routes, oversized and malformed bodies give OpenAI errors', async () => {
    await assert.rejects(
      client(api, 'sk-wrong').chat.completions.create({
        model: MODEL_ID,
        messages: [{ role: 'user', content: '问' }],
      }),
      (e: unknown) => e instanceof OpenAI.AuthenticationError && /Incorrect API key/.test(e.message),
    );
    await assert.rejects(client(api).models.retrieve('gpt-4o'), OpenAI.NotFoundError);
    await assert.rejects(
      client(api).embeddings.create({ model: MODEL_ID, input: '政协' }),
      (e: unknown) => e instanceof OpenAI.NotFoundError && /Unknown request URL/.test(e.message),
    );
    await assert.rejects(
      client(api).chat.completions.create({
        model: MODEL_ID,
        messages: [{ role: 'user', content: '问'.repeat(3000) }],
      }),
      (e: unknown) => e instanceof OpenAI.APIError && e.status === 413 && /4 KiB/.test(e.message),
    );
    await assert.rejects(
      client(api).chat.completions.create({
        model: MODEL_ID,
        messages: [{ role: 'assistant', content: '你好' }],
      }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && e.param === 'messages',
    );
    const raw = await fetch(`${api.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: '{"model": "cppcc-qa", "messages": [',
    });
    assert.equal(raw.status, 400);
    assert.equal(((await raw.json()) as { error: { code: string } }).error.code, 'invalid_json');
  });

  it('a client that hangs up mid-stream cancels its answer and the server carries on', async () => {
    const slow = new FakeQa({ streamSteps: 40, streamStepMs: 25 });
    const other = await serve(slow);
    try {
      const ac = new AbortController();
      const res = await fetch(`${other.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: MODEL_ID,
          stream: true,
          messages: [{ role: 'user', content: '深圳' }],
        }),
        signal: ac.signal,
      });
      const reader = res.body?.getReader();
      await reader?.read();
      ac.abort();
      const signal = slow.calls.find((c) => c.method === 'answer')?.opts?.signal;
      for (let i = 0; i < 50 && !signal?.aborted; i++) await new Promise((r) => setTimeout(r, 20));
      assert.equal(signal?.aborted, true);
      const after = await client(other).chat.completions.create({
        model: MODEL_ID,
        messages: [{ role: 'user', content: '广州' }],
      });
      assert.match(after.choices[0]?.message.content ?? '', /广州/);
    } finally {
      await other.stop();
    }
  });

  it('a key over its rate limit gets RateLimitError with Retry-After', async () => {
    const other = await serve(new FakeQa(), { HTTP_RATE_LIMIT: '1' });
    try {
      const openai = client(other);
      await openai.models.list();
      const err = await openai.models.list().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.ok(Number(err.headers?.get('retry-after')) > 0);
    } finally {
      await other.stop();
    }
  });
});

describe('HTTP API over the real offline core (sample reports)', () => {
  let store: SampleStore;
  let api: RunningHttpApi;
  before(async () => {
    store = await openSampleStore();
    api = await serve(createQaService({ client: store.client, cfg: store.cfg }));
  });
  after(async () => {
    await api.stop();
    await store.close();
  });

  it('answers from the reports with the paragraph cited, streamed and not, and searches', async () => {
    const openai = client(api);
    const question = '成都市政协围绕什么开展了民主监督？';
    const res = await openai.chat.completions.create({
      model: MODEL_ID,
      messages: [{ role: 'user', content: question }],
    });
    const content = res.choices[0]?.message.content ?? '';
    assert.match(content, /养老/);
    assert.match(content, /\[1\] 《成都市政协开展社区养老服务民主监督》第\d+段/);
    const cited = (res as unknown as Extras).citations?.[0];
    assert.equal(cited?.title, '成都市政协开展社区养老服务民主监督');
    assert.ok(cited && cited.text.includes('养老'));

    const stream = await openai.chat.completions.create({
      model: MODEL_ID,
      stream: true,
      messages: [{ role: 'user', content: question }],
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    assert.equal(streamed, content);

    const search = await fetch(`${api.url}/v1/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '黄河生态保护', limit: 3 }),
    });
    const hits = ((await search.json()) as { data: { rank: number; title: string; text: string }[] }).data;
    assert.ok(hits.length > 0 && hits.length <= 3);
    assert.match(hits[0]?.title ?? '', /兰州/);
  });

  it('refuses what the reports do not say', async () => {
    const res = await client(api).chat.completions.create({
      model: MODEL_ID,
      messages: [{ role: 'user', content: '火星基地建设进展如何？' }],
    });
    assert.equal((res as unknown as Extras).refused, true);
    assert.deepEqual((res as unknown as Extras).citations, []);
    assert.match(res.choices[0]?.message.content ?? '', /\p{Script=Han}/u);
  });

  it('replies in English to a question in English', async () => {
    const res = await client(api).chat.completions.create({
      model: MODEL_ID,
      messages: [{ role: 'user', content: 'What did the Lanzhou CPPCC discuss?' }],
    });
    const content = res.choices[0]?.message.content ?? '';
    assert.match(content, /^[A-Z][a-z]+ /);
    assert.doesNotMatch(content.split('\n')[0] ?? '', /\p{Script=Han}{4}/u);
  });
});

describe('npm run serve:http as a process', () => {
  it('without HTTP_API_KEYS says so in one line', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve-http.ts'], {
      env: { PATH: process.env.PATH, HTTP_API_KEYS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 1);
    assert.equal(err.trim().split('\n').length, 1);
    assert.match(err, /HTTP_API_KEYS/);
  });

  it('ingests the samples, answers through the openai client and stops on SIGTERM', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'http-e2e-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve-http.ts'], {
      env: {
        PATH: process.env.PATH,
        HTTP_API_KEYS: KEY,
        HTTP_HOST: '127.0.0.1',
        HTTP_PORT: '0',
        DATA_DIR: dataDir,
        REPORTS_DIR: 'samples/reports',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start line in: ${output}`)), 60_000);
        const onData = (c: Buffer) => {
          output += c.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+)\/v1/.exec(output);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        };
        child.stderr.on('data', onData);
        child.stdout.on('data', onData);
      });
      const openai = new OpenAI({ apiKey: KEY, baseURL: `${url}/v1`, maxRetries: 0 });
      const res = await openai.chat.completions.create({
        model: MODEL_ID,
        messages: [{ role: 'user', content: '兰州市政协围绕什么进行专题议政？' }],
      });
      assert.match(res.choices[0]?.message.content ?? '', /\[1\] 《兰州市政协聚焦黄河生态保护开展协商议政》/);
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
