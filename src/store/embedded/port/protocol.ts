/**
 * Messages of the in-process port between the app's thread and the store thread. A request is what the HTTP
 * client would send (method, URL path and query string, the body as a plain value instead of JSON text); a
 * reply is what it would get back (status and `result`, or status and Qdrant's error message). Both cross by
 * structured clone.
 */
export interface PortRequest {
  id: number;
  method: string;
  /** URL path as the HTTP client builds it (collection name percent-encoded). */
  path: string;
  /** Query string, '' or starting with '?'. */
  query: string;
  /** The body as JSON.parse would have returned it (see json-value.ts); undefined for none. */
  body: unknown;
}

export type PortReply =
  | { id: number; status: 200; result: unknown }
  | { id: number; status: number; error: string; time: number }
  /** The store is closing or closed: the request was not run. */
  | { id: number; closed: true };
