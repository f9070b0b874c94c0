/**
 * Repeated long strings inside one payload made one string: JSON parsing gives every occurrence its own copy,
 * and payloads often repeat a text (a chunk's `text` is usually its one paragraph's text as well). Equal strings
 * are indistinguishable, so nothing a client sees changes; a large store keeps one copy instead of two.
 */
import type { Json, Payload } from './payload.js';

/** Strings shorter than this are left alone: sharing them saves less than looking them up costs. */
const MIN_LENGTH = 64;

/** Makes equal long strings in `payload` the same string, in place; returns `payload`. */
export function shareStrings<P extends Payload | undefined>(payload: P): P {
  if (!payload) return payload;
  let seen: Map<string, string> | undefined;
  const visit = (v: Json): Json => {
    if (typeof v === 'string') {
      if (v.length < MIN_LENGTH) return v;
      seen ??= new Map();
      const first = seen.get(v);
      if (first !== undefined) return first;
      seen.set(v, v);
      return v;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = v[i] as Json;
        if (typeof x === 'object' || typeof x === 'string') v[i] = visit(x);
      }
      return v;
    }
    if (v !== null && typeof v === 'object') {
      for (const k in v) {
        const x = v[k] as Json;
        if (typeof x === 'object' || typeof x === 'string') v[k] = visit(x);
      }
    }
    return v;
  };
  visit(payload);
  return payload;
}
