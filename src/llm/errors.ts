/**
 * One error type for everything that goes wrong talking to the model provider, so callers (the answer core)
 * can catch it and fall back to the extractive answer without knowing the SDK's error zoo.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export type LlmErrorKind =
  'timeout' | 'rate_limit' | 'server' | 'network' | 'client' | 'aborted' | 'bad_response';

export class LlmError extends Error {
  override name = 'LlmError';
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Raised by our own idle timer: no byte from the provider within LLM_TIMEOUT_MS. */
export class LlmTimeoutError extends LlmError {
  override name = 'LlmTimeoutError';
  constructor(ms: number) {
    super('timeout', `the model provider did not respond within ${ms} ms`);
  }
}

/** Maps SDK and fetch errors onto LlmError (kept as `cause`), so the caller sees one type. */
export function toLlmError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  if (err instanceof APIUserAbortError)
    return new LlmError('aborted', 'the request was cancelled', { cause: err });
  if (err instanceof APIConnectionTimeoutError) {
    return new LlmError('timeout', 'the model provider timed out', { cause: err });
  }
  if (err instanceof APIConnectionError) {
    return new LlmError('network', `cannot reach the model provider: ${err.message}`, { cause: err });
  }
  if (err instanceof APIError) {
    const status = err.status ?? 0;
    const kind: LlmErrorKind = status === 429 ? 'rate_limit' : status >= 500 ? 'server' : 'client';
    return new LlmError(kind, `model provider error ${status}: ${err.message}`, { cause: err });
  }
  if (err instanceof SyntaxError) {
    return new LlmError('bad_response', `malformed response from the model provider: ${err.message}`, {
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new LlmError('bad_response', message, { cause: err });
}
