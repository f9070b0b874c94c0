/**
 * Errors in OpenAI's shape, `{ error: { message, type, param, code } }`, so OpenAI clients and the chat front
 * ends built on them show the message instead of a parse failure. Messages never carry internals.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ApiErrorType =
  'invalid_request_error' | 'authentication_error' | 'rate_limit_error' | 'server_error';

export interface ApiErrorBody {
  error: { message: string; type: ApiErrorType; param: string | null; code: string | null };
}

export function apiError(
  message: string,
  type: ApiErrorType,
  code: string | null = null,
  param: string | null = null,
): ApiErrorBody {
  return { error: { message, type, param, code } };
}

export function sendError(c: Context, status: ContentfulStatusCode, body: ApiErrorBody): Response {
  return c.json(body, status);
}

/** Shown to people (Open WebUI shows it in the chat), so both languages; the cause goes to the log only. */
export const SERVER_ERROR = apiError(
  '回答时出错了，请稍后再试。Something went wrong while answering; please try again later.',
  'server_error',
  'internal_error',
);

export const unauthorized = (message: string): ApiErrorBody =>
  apiError(message, 'authentication_error', 'invalid_api_key');
