/**
 * A local stand-in for an OpenAI-compatible provider, so LLM mode is tested through the real `openai` SDK
 * without the network. Listens on 127.0.0.1, port 0. Each endpoint has a queue of scripted behaviours
 * (one per request, in order); when a queue is empty the endpoint answers normally. Every request is recorded.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehavior =
  /** 200: the reply text, streamed in exactly these chunks (or joined, for a non-streaming request). */
  | { kind: 'reply'; chunks: string[]; delayMs?: number }
  /** 200: chunks computed from the request (e.g. cite the passage the prompt numbered [n]). */
  | { kind: 'compute'; reply: (body: Record<string, unknown>) => string[] }
  /** An error status with an OpenAI-style error body, and optionally Retry-After / retry-after-ms. */
  | { kind: 'status'; status: number; retryAfter?: string; retryAfterMs?: string; message?: string }
  /** Accept the request and never answer (the client must time out). */
  | { kind: 'hang' }
  /** Stream these chunks, then stall without ending the stream. */
  | { kind: 'stall'; chunks: string[] }
  /** 200 with a body that is not valid JSON (or an SSE event that is not). */
  | { kind: 'malformed' }
  /** Embeddings: answer with exactly these vectors (to test validation). */
  | { kind: 'vectors'; vectors: (number | null)[][] };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeOpenAI {
  /** Base URL for the SDK / OPENAI_BASE_URL, ending in /v1. */
  readonly baseURL: string;
  readonly requests: RecordedRequest[];
  /** Script the next chat completion requests. */
  chat(...behaviors: FakeBehavior[]): void;
  /** Script the next embeddings requests. */
  embeddings(...behaviors: FakeBehavior[]): void;
  /** Forget scripted behaviours and recorded requests (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeOpenAIOptions {
  /** Dimension of the default embedding vectors. */
  dimensions?: number;
  /** Reply when the chat queue is empty. */
  defaultReply?: (body: Record<string, unknown>) => string;
}

/** Deterministic embedding: hashed character bigrams into `dim` buckets, L2-normalised. */
export function fakeEmbedding(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  const chars = [...text.normalize('NFKC').replace(/\s+/g, '')];
  const grams = chars.length < 2 ? chars : chars.slice(1).map((c, i) => (chars[i] as string) + c);
  for (const g of grams) {
    let h = 2166136261;
    for (const ch of g) h = Math.imul(h ^ (ch.codePointAt(0) ?? 0), 16777619) >>> 0;
    const i = h % dim;
    v[i] = (v[i] as number) + ((h >>> 16) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const dim = options.dimensions ?? 32;
  const chatQueue: FakeBehavior[] = [];
  const embeddingsQueue: FakeBehavior[] = [];
  const requests: RecordedRequest[] = [];

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const path = (req.url ?? '').replace(/\?.*$/, '');
    let body: Record<string, unknown>;
    try {
      body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      sendError(res, 400, 'request body is not JSON');
      return;
    }
    requests.push({ path, headers: req.headers, body });
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(body, res, chatQueue.shift());
    if (req.method === 'POST' && path === '/v1/embeddings') return embed(body, res, embeddingsQueue.shift());
    sendError(res, 404, `no route ${req.method} ${path}`);
  }

  async function chat(
    body: Record<string, unknown>,
    res: ServerResponse,
    b: FakeBehavior | undefined,
  ): Promise<void> {
    const behavior = b ?? { kind: 'reply', chunks: [options.defaultReply?.(body) ?? 'fake reply'] };
    const stream = body.stream === true;
    const model = typeof body.model === 'string' ? body.model : 'fake';
    if (common(res, behavior)) return;
    if (behavior.kind === 'malformed') {
      if (stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"choices": [ {"delta": \n\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"choices": [');
      }
      return;
    }
    const chunks =
      behavior.kind === 'reply' || behavior.kind === 'stall'
        ? behavior.chunks
        : behavior.kind === 'compute'
          ? behavior.reply(body)
          : [];
    if (!stream) {
      sendJson(res, 200, {
        id: 'chatcmpl-fake',
        object: 'chat.completion',
        created: 0,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: chunks.join('') },
            finish_reason: 'stop',
            logprobs: null,
          },
        ],
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const event = (delta: Record<string, string>, finish: string | null): string =>
      `data: ${JSON.stringify({
        id: 'chatcmpl-fake',
        object: 'chat.completion.chunk',
        created: 0,
        model,
        choices: [{ index: 0, delta, finish_reason: finish }],
      })}\n\n`;
    res.write(event({ role: 'assistant' }, null));
    for (const c of chunks) {
      if (behavior.kind === 'reply' && behavior.delayMs) await sleep(behavior.delayMs);
      if (res.destroyed) return;
      res.write(event({ content: c }, null));
    }
    if (behavior.kind === 'stall') return; // keep the connection open, send nothing more
    res.write(event({}, 'stop'));
    res.end('data: [DONE]\n\n');
  }

  function embed(
    body: Record<string, unknown>,
    res: ServerResponse,
    behavior: FakeBehavior | undefined,
  ): void {
    if (behavior && common(res, behavior)) return;
    if (behavior?.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data": [');
      return;
    }
    const input = body.input;
    const texts = typeof input === 'string' ? [input] : Array.isArray(input) ? input.map(String) : [];
    const want = typeof body.dimensions === 'number' ? body.dimensions : dim;
    const vectors =
      behavior?.kind === 'vectors' ? behavior.vectors : texts.map((t) => fakeEmbedding(t, want));
    sendJson(res, 200, {
      object: 'list',
      model: body.model,
      // Reversed on purpose: clients must order by `index`, not by position.
      data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })).reverse(),
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  }

  /** Behaviours shared by both endpoints; true when the response was handled. */
  function common(res: ServerResponse, behavior: FakeBehavior): boolean {
    if (behavior.kind === 'hang') return true;
    if (behavior.kind === 'status') {
      const headers: Record<string, string> = {};
      if (behavior.retryAfter !== undefined) headers['retry-after'] = behavior.retryAfter;
      if (behavior.retryAfterMs !== undefined) headers['retry-after-ms'] = behavior.retryAfterMs;
      sendError(res, behavior.status, behavior.message ?? `fake status ${behavior.status}`, headers);
      return true;
    }
    return false;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chat: (...b) => void chatQueue.push(...b),
    embeddings: (...b) => void embeddingsQueue.push(...b),
    reset: () => {
      chatQueue.length = 0;
      embeddingsQueue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  // x-should-retry is left out on purpose: our client must decide retries itself.
  sendJson(res, status, { error: { message, type: 'fake_error', code: null, param: null } }, headers);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
