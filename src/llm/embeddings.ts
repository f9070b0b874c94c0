/**
 * Dense vectors from an OpenAI-compatible embeddings endpoint, for ingestion and queries alike.
 * Batched, retried, and checked: a vector that is empty, not finite, or of the wrong length is an error here,
 * not a silently broken index later.
 */
import type OpenAI from 'openai';
import { createOpenAIClient, retryPolicyFrom, type LlmConfig } from './client.js';
import { LlmError, LlmTimeoutError, toLlmError } from './errors.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { Watchdog } from './watchdog.js';

export interface Embedder {
  readonly model: string;
  /** Vector length: OPENAI_EMBEDDING_DIMENSIONS, else learned from the provider (one probe call if needed). */
  dimensions(): Promise<number>;
  /** One vector per text, in order. Throws LlmError after retries. */
  embed(texts: string[]): Promise<number[][]>;
}

export const EMBEDDING_BATCH_SIZE = 64;
export const EMBEDDING_CONCURRENCY = 4;

export interface EmbedderOptions {
  retry?: Partial<RetryPolicy>;
  batchSize?: number;
}

/**
 * The embedding model, or undefined when dense vectors are off. There is no implicit default, on purpose:
 * dense vectors change the collection's schema, so adding OPENAI_API_KEY for generated answers must not
 * silently require a re-ingest; and many providers (DeepSeek) have no embeddings endpoint at all.
 */
export function embeddingModelFor(cfg: LlmConfig): string | undefined {
  return cfg.OPENAI_API_KEY === undefined ? undefined : cfg.OPENAI_EMBEDDING_MODEL;
}

/** Undefined without OPENAI_API_KEY or OPENAI_EMBEDDING_MODEL: retrieval is then BM25 only. */
export function createEmbedder(cfg: LlmConfig, options: EmbedderOptions = {}): Embedder | undefined {
  const model = embeddingModelFor(cfg);
  const client = createOpenAIClient(cfg);
  if (model === undefined || client === undefined) return undefined;
  return new OpenAIEmbedder(
    client,
    model,
    cfg.OPENAI_EMBEDDING_DIMENSIONS,
    cfg.LLM_TIMEOUT_MS,
    retryPolicyFrom(cfg, options.retry),
    options.batchSize ?? EMBEDDING_BATCH_SIZE,
  );
}

class OpenAIEmbedder implements Embedder {
  private learned: number | undefined;

  constructor(
    private readonly client: OpenAI,
    readonly model: string,
    private readonly requested: number | undefined,
    private readonly timeoutMs: number,
    private readonly policy: RetryPolicy,
    private readonly batchSize: number,
  ) {
    this.learned = requested;
  }

  async dimensions(): Promise<number> {
    if (this.learned === undefined) await this.embed(['维度']);
    return this.learned as number;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const empty = texts.findIndex((t) => t.trim() === '');
    if (empty >= 0) throw new LlmError('client', `cannot embed an empty text (input ${empty})`);
    const batches: string[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) batches.push(texts.slice(i, i + this.batchSize));
    // A few requests in flight: ingestion of a large corpus is bound by round trips, not by the provider.
    const results = new Array<number[][]>(batches.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batches.length) {
        const i = next++;
        results[i] = await this.embedBatch(batches[i] as string[]);
      }
    };
    await Promise.all(Array.from({ length: Math.min(EMBEDDING_CONCURRENCY, batches.length) }, worker));
    return results.flat();
  }

  private async embedBatch(batch: string[]): Promise<number[][]> {
    try {
      return await withRetry(async () => {
        const watch = new Watchdog(this.timeoutMs);
        try {
          // 'float' explicitly: the SDK defaults to base64, which several compatible servers do not speak.
          const res = await this.client.embeddings.create(
            {
              model: this.model,
              input: batch,
              encoding_format: 'float',
              ...(this.requested === undefined ? {} : { dimensions: this.requested }),
            },
            { signal: watch.signal },
          );
          return this.check(res.data, batch.length);
        } catch (err) {
          throw watch.timedOut ? new LlmTimeoutError(this.timeoutMs) : err;
        } finally {
          watch.dispose();
        }
      }, this.policy);
    } catch (err) {
      throw toLlmError(err);
    }
  }

  /** Orders vectors by `index` and rejects anything a vector index would choke on. */
  private check(data: OpenAI.Embeddings.Embedding[] | undefined, expected: number): number[][] {
    if (!Array.isArray(data) || data.length !== expected) {
      throw new LlmError(
        'bad_response',
        `embeddings: expected ${expected} vectors, got ${data?.length ?? 0}`,
      );
    }
    const vectors: number[][] = new Array<number[]>(expected);
    for (const [pos, item] of data.entries()) {
      const idx = typeof item.index === 'number' ? item.index : pos;
      const v = item.embedding;
      if (!Array.isArray(v) || v.length === 0) {
        throw new LlmError('bad_response', `embeddings: vector ${idx} is empty`);
      }
      if (!v.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new LlmError(
          'bad_response',
          `embeddings: vector ${idx} holds a non-finite number (NaN/Infinity)`,
        );
      }
      if (idx < 0 || idx >= expected || vectors[idx] !== undefined) {
        throw new LlmError('bad_response', `embeddings: bad or repeated index ${idx}`);
      }
      this.learned ??= v.length;
      if (v.length !== this.learned) {
        throw new LlmError(
          'bad_response',
          `embeddings: vector ${idx} has ${v.length} dimensions, expected ${this.learned}` +
            (this.requested === undefined ? '' : ' (OPENAI_EMBEDDING_DIMENSIONS)'),
        );
      }
      vectors[idx] = v;
    }
    return vectors;
  }
}
