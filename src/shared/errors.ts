/**
 * Failures become a friendly message with a short reference for the user and one log line with the same
 * reference for us. Users never see a stack trace; the log never sees the bot token.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../log.js';
import { redactToken } from '../log.js';

export function correlationId(): string {
  return randomBytes(4).toString('hex');
}

export function logFailure(
  log: Logger,
  token: string | undefined,
  id: string,
  e: unknown,
  context: Record<string, unknown>,
): void {
  const message = redactToken(e instanceof Error ? e.message : String(e), token);
  const stack = e instanceof Error && e.stack ? redactToken(e.stack, token) : undefined;
  log.error({ ...context, correlationId: id, err: { message, stack } }, 'request failed');
}
