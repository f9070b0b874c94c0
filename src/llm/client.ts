/**
 * The one OpenAI SDK client, built from Config. Any OpenAI-compatible provider works through OPENAI_BASE_URL
 * (DeepSeek, Qwen/DashScope, Ollama, vLLM…). The SDK's own retries are off: src/llm/retry.ts owns the policy.
 */
import OpenAI from 'openai';
import type { Config } from '../config.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';

export type LlmConfig = Pick<
  Config,
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'OPENAI_CHAT_MODEL'
  | 'OPENAI_EMBEDDING_MODEL'
  | 'OPENAI_EMBEDDING_DIMENSIONS'
  | 'LLM_TIMEOUT_MS'
  | 'LLM_MAX_RETRIES'
>;

/** Undefined offline (no OPENAI_API_KEY). */
export function createOpenAIClient(cfg: LlmConfig): OpenAI | undefined {
  if (cfg.OPENAI_API_KEY === undefined) return undefined;
  return new OpenAI({
    apiKey: cfg.OPENAI_API_KEY,
    baseURL: cfg.OPENAI_BASE_URL,
    timeout: cfg.LLM_TIMEOUT_MS,
    maxRetries: 0,
  });
}

/** The retry policy from Config, with test-friendly overrides (short delays). */
export function retryPolicyFrom(cfg: LlmConfig, overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, maxRetries: cfg.LLM_MAX_RETRIES, ...overrides };
}
