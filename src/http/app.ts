/**
 * The OpenAI-compatible HTTP API as a Hono app (no socket: tests call `app.request`, server.ts serves it).
 * Routes: POST /v1/chat/completions (streamed or not), POST /v1/search, GET /v1/models, GET /healthz.
 * /v1 needs `Authorization: Bearer <key>` (HTTP_API_KEYS), is rate-limited per key and has a body size limit;
 * every error is OpenAI's `{ error: { message, type, param, code } }`.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { streamSSE } from 'hono/streaming';
import { MemoryStore, rateLimiter } from 'hono-rate-limiter';
import type { z } from 'zod';
import { detectLang } from '../present/lang.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import type { Answer } from '../types.js';
import { apiError, SERVER_ERROR, sendError, unauthorized } from './errors.js';
import { citationsJson, replyText, searchHits } from './render.js';
import { ReplyStream } from './reply-stream.js';
import type { AdminService } from '../admin/service.js';
import { createConsole } from './console/routes.js';
import { chatRequestSchema, conversation, searchRequestSchema } from './requests.js';

/** The one model this API offers: the report Q&A itself. */
export const MODEL_ID = 'cppcc-qa';
/** Fixed "created" of the model entry (the date this API appeared), so /v1/models is stable. */
const MODEL_CREATED = 1_764_633_600;
const RATE_WINDOW_MS = 60_000;

export interface HttpDeps {
  qa: QaService;
  log: Logger;
  cfg: Config;
  /** The web console's service: when set, the console is served under /admin (ADMIN_PASSWORD). */
  admin?: AdminService;
  /** Clock for the console's sessions and sign-in limiter (tests move it). */
  now?: () => number;
}

export interface HttpApp {
  app: Hono;
  /** Stops the rate limiter's timer. */
  close(): void;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; res: Response };

async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<Parsed<z.infer<S>>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return {
      ok: false,
      res: sendError(
        c,
        400,
        apiError(
          'We could not parse the JSON body of your request. Send a JSON object with Content-Type: application/json.',
          'invalid_request_error',
          'invalid_json',
        ),
      ),
    };
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  const message = `Invalid request${param ? ` at '${param}'` : ''}: ${issue?.message ?? 'bad body'}`;
  return {
    ok: false,
    res: sendError(c, 400, apiError(message, 'invalid_request_error', 'invalid_request', param)),
  };
}

/** Extra fields beside OpenAI's: the structured citations, whether the reports hold no answer. */
function answerExtras(answer: Answer) {
  return {
    citations: citationsJson(answer),
    refused: answer.refused,
    searched_question: answer.searchedQuestion,
  };
}

function chatApi(app: Hono, deps: HttpDeps, limits: MemoryStore): void {
  const { qa, log, cfg } = deps;
  const noKey = (c: Context) =>
    sendError(
      c,
      401,
      unauthorized(
        "You didn't provide an API key. Send it as 'Authorization: Bearer <key>' (a key from HTTP_API_KEYS).",
      ),
    );
  const badKey = (c: Context) => sendError(c, 401, unauthorized('Incorrect API key provided.'));
  // Browser-based front ends (NextChat, LobeChat in client mode) call the API from the page: answer their
  // preflight before auth. The key travels in a header, never in a cookie, so any origin may ask.
  app.use(
    '/v1/*',
    cors({
      origin: '*',
      exposeHeaders: ['Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'],
    }),
  );
  app.use(
    '/v1/*',
    bearerAuth({
      token: cfg.HTTP_API_KEYS,
      noAuthenticationHeader: { message: noKey },
      invalidAuthenticationHeader: { message: badKey },
      invalidToken: { message: badKey },
    }),
  );
  app.use(
    '/v1/*',
    rateLimiter({
      windowMs: RATE_WINDOW_MS,
      limit: cfg.HTTP_RATE_LIMIT,
      standardHeaders: 'draft-6',
      store: limits,
      keyGenerator: (c) => c.req.header('authorization') ?? '',
      handler: (c) =>
        sendError(
          c,
          429,
          apiError(
            `请求太频繁，请稍后再试。Rate limit reached: ${cfg.HTTP_RATE_LIMIT} requests per minute per API key.`,
            'rate_limit_error',
            'rate_limit_exceeded',
          ),
        ),
    }),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: cfg.HTTP_MAX_BODY_KB * 1024,
      onError: (c) =>
        sendError(
          c,
          413,
          apiError(
            `Request body too large: the limit is ${cfg.HTTP_MAX_BODY_KB} KiB.`,
            'invalid_request_error',
            'request_too_large',
          ),
        ),
    }),
  );

  const model = {
    id: MODEL_ID,
    object: 'model',
    created: MODEL_CREATED,
    owned_by: 'cppcc-report-qa',
  } as const;
  app.get('/v1/models', (c) => c.json({ object: 'list', data: [model] }));
  app.get('/v1/models/:id', (c) =>
    c.req.param('id') === MODEL_ID
      ? c.json(model)
      : sendError(
          c,
          404,
          apiError(
            `The model '${c.req.param('id')}' does not exist.`,
            'invalid_request_error',
            'model_not_found',
            'model',
          ),
        ),
  );

  app.post('/v1/search', async (c) => {
    const body = await readJson(c, searchRequestSchema);
    if (!body.ok) return body.res;
    const hits = await qa.search(body.value.query, body.value.limit);
    const lang = detectLang(body.value.query, undefined);
    return c.json({ object: 'list', query: body.value.query, data: searchHits(hits, lang) });
  });

  app.post('/v1/chat/completions', async (c) => {
    const body = await readJson(c, chatRequestSchema);
    if (!body.ok) return body.res;
    const conv = conversation(body.value.messages);
    if (!conv.ok)
      return sendError(
        c,
        400,
        apiError(conv.message, 'invalid_request_error', 'invalid_messages', 'messages'),
      );
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const signal = c.req.raw.signal;
    const base = { id, created, model: MODEL_ID };

    if (!body.value.stream) {
      const answer = await qa.answer(conv.question, { turns: conv.turns, signal });
      return c.json({
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: replyText(answer), refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        ...answerExtras(answer),
      });
    }

    return streamSSE(c, async (stream) => {
      const chunk = (delta: { role?: 'assistant'; content?: string }, finish: 'stop' | null, extra = {}) =>
        stream.writeSSE({
          data: JSON.stringify({
            ...base,
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
            ...extra,
          }),
        });
      await chunk({ role: 'assistant', content: '' }, null);
      const reply = new ReplyStream();
      // Partials arrive synchronously from the core; writes are chained so chunks keep their order, and a failed
      // write (the client went away) must not become an unhandled rejection while the answer is still running.
      let writing: Promise<void> = Promise.resolve();
      const onPartial = (textSoFar: string) => {
        const delta = reply.partial(textSoFar);
        if (delta !== '')
          writing = writing.then(() => chunk({ content: delta }, null)).catch(() => undefined);
      };
      try {
        const answer = await qa.answer(conv.question, { turns: conv.turns, signal, onPartial });
        await writing;
        const rest = reply.final(answer);
        if (rest !== '') await chunk({ content: rest }, null);
        await chunk({}, 'stop', answerExtras(answer));
      } catch (e) {
        await writing;
        if (signal.aborted) return;
        log.error({ err: e instanceof Error ? e.stack : String(e) }, 'streamed answer failed');
        await stream.writeSSE({ data: JSON.stringify(SERVER_ERROR) });
      }
      await stream.writeSSE({ data: '[DONE]' });
    });
  });
}

export function createApp(deps: HttpDeps): HttpApp {
  const { qa, log, cfg } = deps;
  const app = new Hono();
  const limits = new MemoryStore();

  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    // Health checks come every few seconds from Docker or a load balancer: not worth an info line each.
    log[c.req.path === '/healthz' ? 'debug' : 'info'](
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - start),
      },
      'http request',
    );
  });

  app.get('/healthz', async (c) => {
    try {
      const s = await qa.stats();
      return c.json({ status: 'ok', articles: s.articles });
    } catch (e) {
      log.error({ err: String(e) }, 'health check failed');
      return c.json({ status: 'unavailable' }, 503);
    }
  });

  // The web console: its own sign-in and session; the API keys below never open it.
  if (deps.admin)
    app.route(
      '/admin',
      createConsole({ admin: deps.admin, cfg, log, ...(deps.now ? { now: deps.now } : {}) }),
    );

  // The chat API only when it has keys (the server may run for the console alone).
  if (cfg.HTTP_API_KEYS.length > 0) chatApi(app, deps, limits);

  app.notFound((c) =>
    sendError(
      c,
      404,
      apiError(`Unknown request URL: ${c.req.method} ${c.req.path}.`, 'invalid_request_error', 'unknown_url'),
    ),
  );

  app.onError((err, c) => {
    if (err instanceof HTTPException) return err.getResponse();
    if (c.req.raw.signal.aborted) log.warn({ path: c.req.path }, 'client went away before the answer');
    else log.error({ err: err.stack ?? String(err), path: c.req.path }, 'request failed');
    return sendError(c, 500, SERVER_ERROR);
  });

  return { app, close: () => limits.shutdown() };
}
