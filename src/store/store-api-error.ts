/**
 * The error the Qdrant client throws for a non-2xx answer (its `ApiError`, not exported): message = status
 * text, with `status`, `statusText`, `data` ({status: {error}, time}), `url` and `headers`. The in-process
 * transport throws this so callers that read `err.status` or `err.data.status.error` see no difference.
 */
import { STATUS_CODES } from 'node:http';

export interface StoreApiErrorData {
  status: { error: string };
  time: number;
}

export class StoreApiError extends Error {
  readonly statusText: string;
  readonly data: StoreApiErrorData;
  readonly headers = new Headers({ 'content-type': 'application/json' });

  constructor(
    readonly status: number,
    error: string,
    time: number,
    readonly url: string,
  ) {
    // The status line node:http writes for this status, which is what the HTTP client reports.
    const statusText = STATUS_CODES[status] ?? 'unknown';
    super(statusText);
    this.statusText = statusText;
    this.data = { status: { error }, time };
  }
}
