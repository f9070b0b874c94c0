/**
 * Chat completions (streaming and not) behind a small interface, so the answer core and its tests never see
 * the SDK. Retries follow src/llm/retry.ts, with one rule for streams: a retry may only restart a stream
 * before its first token; once text has reached the caller, a failure is the caller's to handle (fallback).
 */
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { createOpenAIClient, retryPolicyFrom, type LlmConfig } from './client.js';
import { LlmError, LlmTimeoutError, toLlmError } from './errors.js';
import { ReasoningFilter, stripReasoning } from './reasoning.js';
import { isRetryable, retryDelayMs, sleep, type RetryPolicy } from './retry.js';
import { Watchdog } from './watchdog.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  signal?: AbortSignal;
  temperature?: number;
}

export interface ChatModel {
  readonly model: string;
  /** Yields text deltas as they arrive. Throws LlmError (after retries) — the caller falls back. */
  stream(messages: ChatMessage[], opts?: ChatOptions): AsyncIterable<string>;
  /** The whole reply text. Throws LlmError (after retries). */
  complete(messages: ChatMessage[], opts?: ChatOptions): Promise<string>;
}

export interface ChatModelOptions {
  /** Overrides of the retry policy (tests use short delays). */
  retry?: Partial<RetryPolicy>;
  onRetry?: (info: { attempt: number; delayMs: number; error: LlmError }) => void;
}

/** Undefined offline (no OPENAI_API_KEY): the app then answers extractively. */
export function createChatModel(cfg: LlmConfig, options: ChatModelOptions = {}): ChatModel | undefined {
  const client = createOpenAIClient(cfg);
  if (!client) return undefined;
  return new OpenAIChatModel(
    client,
    cfg.OPENAI_CHAT_MODEL,
    cfg.LLM_TIMEOUT_MS,
    retryPolicyFrom(cfg, options.retry),
    options,
  );
}

/** Some reasoning models reject any non-default temperature with a 400; we then retry once without it. */
function rejectsTemperature(err: unknown): boolean {
  return err instanceof APIError && err.status === 400 && /temperature/i.test(err.message);
}

class OpenAIChatModel implements ChatModel {
  constructor(
    private readonly client: OpenAI,
    readonly model: string,
    private readonly timeoutMs: number,
    private readonly policy: RetryPolicy,
    private readonly options: ChatModelOptions,
  ) {}

  async *stream(messages: ChatMessage[], opts: ChatOptions = {}): AsyncIterable<string> {
    let temperature = opts.temperature;
    for (let attempt = 0; ; attempt++) {
      let yielded = false;
      const watch = new Watchdog(this.timeoutMs, opts.signal);
      try {
        const stream = await this.client.chat.completions.create(
          {
            model: this.model,
            messages,
            stream: true,
            ...(temperature === undefined ? {} : { temperature }),
          },
          { signal: watch.signal },
        );
        // <think> blocks are hidden; a failure while the model is still thinking may be retried.
        const reasoning = new ReasoningFilter();
        for await (const chunk of stream) {
          watch.arm();
          const delta = chunk.choices[0]?.delta?.content;
          const visible = delta ? reasoning.push(delta) : '';
          if (visible) {
            yielded = true;
            yield visible;
          }
        }
        // The SDK ends a stream silently when its signal aborts: find out whether it really finished.
        if (watch.timedOut) throw new LlmTimeoutError(this.timeoutMs);
        if (opts.signal?.aborted) throw new LlmError('aborted', 'the request was cancelled');
        const rest = reasoning.end();
        if (rest) yield rest;
        return;
      } catch (raw) {
        const err = watch.timedOut ? new LlmTimeoutError(this.timeoutMs) : raw;
        if (!yielded && temperature !== undefined && rejectsTemperature(err)) {
          temperature = undefined;
          attempt--;
          continue;
        }
        await this.backoffOrThrow(attempt, err, yielded, opts.signal);
      } finally {
        watch.dispose();
      }
    }
  }

  async complete(messages: ChatMessage[], opts: ChatOptions = {}): Promise<string> {
    let temperature = opts.temperature;
    for (let attempt = 0; ; attempt++) {
      const watch = new Watchdog(this.timeoutMs, opts.signal);
      try {
        const res = await this.client.chat.completions.create(
          { model: this.model, messages, ...(temperature === undefined ? {} : { temperature }) },
          { signal: watch.signal },
        );
        const choice = res.choices?.[0];
        if (!choice) throw new LlmError('bad_response', 'the model provider returned no choices');
        return stripReasoning(choice.message?.content ?? '');
      } catch (raw) {
        const err = watch.timedOut ? new LlmTimeoutError(this.timeoutMs) : raw;
        if (temperature !== undefined && rejectsTemperature(err)) {
          temperature = undefined;
          attempt--;
          continue;
        }
        await this.backoffOrThrow(attempt, err, false, opts.signal);
      } finally {
        watch.dispose();
      }
    }
  }

  /** Waits before the next attempt, or throws the failure as an LlmError when we must not retry. */
  private async backoffOrThrow(
    attempt: number,
    err: unknown,
    yielded: boolean,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (signal?.aborted) throw new LlmError('aborted', 'the request was cancelled', { cause: err });
    const delayMs =
      !yielded && attempt < this.policy.maxRetries && isRetryable(err)
        ? retryDelayMs(attempt, err, this.policy)
        : undefined;
    const error = toLlmError(err);
    if (delayMs === undefined) throw error;
    this.options.onRetry?.({ attempt, delayMs, error });
    await sleep(delayMs, signal);
  }
}
