/**
 * Equal strings of the payloads a collection stores made one string. JSON parsing (and structured cloning) gives
 * every occurrence its own copy, yet payloads repeat themselves: a chunk's `text` is usually its one paragraph's
 * text too, and the chunks of one article, which arrive together, carry the same title, ids, source, date, places
 * and, for the pieces of a long paragraph, the same paragraph. Equal strings are indistinguishable, so nothing a
 * client sees changes; a large store keeps one copy instead of several.
 */
import type { Json, Payload } from './payload.js';

/** Recently seen strings kept for sharing: enough for the chunks of several articles, bounded in memory. */
const RECENT = 4096;

export class StringShare {
  private recent = new Map<string, string>();

  /** Makes strings of `payload` equal to recently seen ones the same string, in place; returns `payload`. */
  share<P extends Payload | undefined>(payload: P): P {
    if (payload) this.visit(payload);
    return payload;
  }

  private string(v: string): string {
    if (v.length < 2) return v; // one-character strings are V8's own shared singletons
    const first = this.recent.get(v);
    if (first !== undefined) return first;
    // Dropping the whole generation is cheaper than LRU bookkeeping; an article's chunks come in one run.
    if (this.recent.size >= RECENT) this.recent.clear();
    this.recent.set(v, v);
    return v;
  }

  private visit(v: Json): Json {
    if (typeof v === 'string') return this.string(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as Json;
        if (typeof x === 'object' || typeof x === 'string') v[i] = this.visit(x);
      }
      return v;
    }
    if (v !== null && typeof v === 'object') {
      for (const k in v) {
        const x = v[k] as Json;
        if (typeof x === 'object' || typeof x === 'string') v[k] = this.visit(x);
      }
    }
    return v;
  }
}
