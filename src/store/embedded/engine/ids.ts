/**
 * Point ids: unsigned integers or UUIDs (Qdrant's `ExtendedPointId`). Numbers stay JS numbers, UUIDs are kept in
 * canonical lowercase hyphenated form so they can be Map keys and compared as strings (which orders them like
 * Qdrant's u128 ordering).
 */
import { formatError, StoreError } from './errors.js';

export type PointId = number | string;

const HEX32 = /^[0-9a-fA-F]{32}$/;

/** Parses the uuid crate's accepted forms: hyphenated, simple, urn and braced. Returns undefined otherwise. */
export function parseUuid(s: string): string | undefined {
  let t = s;
  if (t.length === 45 && t.slice(0, 9).toLowerCase() === 'urn:uuid:') t = t.slice(9);
  else if (t.length === 38 && t[0] === '{' && t[37] === '}') t = t.slice(1, 37);
  let hex: string;
  if (t.length === 36) {
    if (t[8] !== '-' || t[13] !== '-' || t[18] !== '-' || t[23] !== '-') return undefined;
    hex = t.slice(0, 8) + t.slice(9, 13) + t.slice(14, 18) + t.slice(19, 23) + t.slice(24);
  } else if (t.length === 32) {
    hex = t;
  } else {
    return undefined;
  }
  if (!HEX32.test(hex)) return undefined;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));
}

/** Parses a JSON value into a point id or returns undefined. A string of digits is NOT an id (as in Qdrant). */
export function tryParseId(v: unknown): PointId | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string') return parseUuid(v);
  return undefined;
}

/** Parses a JSON body id, failing like serde does (400 "Format error in JSON body: …"). */
export function parseId(v: unknown): PointId {
  const id = tryParseId(v);
  if (id === undefined) {
    throw formatError(
      `value ${describe(v)} is not a valid point ID, valid values are either an unsigned integer or a UUID`,
    );
  }
  return id;
}

/** Parses the path form `/points/{id}` (FromStr: u64, then UUID). */
export function parsePathId(s: string): PointId {
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    if (Number.isSafeInteger(n)) return n;
  }
  const u = parseUuid(s);
  if (u !== undefined) return u;
  throw new StoreError(400, `Wrong input: Can not recognize "${s}" as point id`);
}

/** Qdrant's ordering: all numeric ids first (ascending), then UUIDs (ascending). */
export function compareIds(a: PointId, b: PointId): number {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a - b;
    return -1;
  }
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
