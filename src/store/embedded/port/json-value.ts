/**
 * A value as it would come out of `JSON.parse(JSON.stringify(value))` — what the HTTP transport does to every
 * body and result — without writing the text: keys whose value is undefined, a function or a symbol are dropped
 * (null inside arrays), non-finite numbers become null and -0 becomes 0, `toJSON` is called, and class instances,
 * typed arrays and maps become plain objects. Nothing is copied unless something changes, so a body of plain
 * numeric arrays is only read.
 *
 * `distinct`: an object met twice becomes two objects, as JSON text would make it (a structured clone keeps them
 * one, and a caller changing one would change the other). Results need it; request bodies do not, since the
 * store never changes a payload or vector it was given in place, and checking costs a set lookup per object.
 *
 * `revive`: the client's reading of a response. Where JSON has `rawJSON`, the Qdrant client parses integers
 * beyond 2^53 as BigInt (and writes BigInt as plain digits); where it does not, writing a BigInt throws.
 */
const HAS_RAW_JSON = 'rawJSON' in JSON;
/** What JSON drops from an object (and writes as null in an array). */
const SKIP = Symbol('skip');

/** Below this depth a cycle is not looked for (a cycle soon goes deeper): the path is only searched past it. */
const CYCLE_DEPTH = 64;

class JsonCopy {
  private readonly seen: Set<object> | undefined;
  /** Objects being walked: one met again inside itself makes a cycle (JSON.stringify throws). */
  private readonly path: object[] = [];

  constructor(
    private readonly revive: boolean,
    distinct: boolean,
  ) {
    if (distinct) this.seen = new Set();
  }

  value(v: unknown, key: string): unknown {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return this.num(v);
      case 'bigint':
        if (!HAS_RAW_JSON) throw new TypeError('Do not know how to serialize a BigInt');
        return this.num(Number(v));
      case 'object':
        return v === null ? null : this.object(v, key);
      default:
        return SKIP;
    }
  }

  private num(n: number): unknown {
    if (!Number.isFinite(n)) return null;
    if (n === 0) return 0;
    if (this.revive && HAS_RAW_JSON && Number.isInteger(n) && !Number.isSafeInteger(n)) {
      try {
        return BigInt(String(n));
      } catch {
        return n;
      }
    }
    return n;
  }

  private object(o: object, key: string): unknown {
    const toJSON: unknown = (o as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return this.value((toJSON as (k: string) => unknown).call(o, key), key);
    const proto: unknown = Object.getPrototypeOf(o);
    const plain = proto === Object.prototype || proto === Array.prototype || proto === null;
    if (!plain) {
      if (o instanceof Number) return this.num(Number(o));
      if (o instanceof String) return String(o);
      if (o instanceof Boolean) return o.valueOf();
    }
    let again = false;
    if (this.seen) {
      again = this.seen.has(o);
      if (again && this.path.includes(o)) throw new TypeError('Converting circular structure to JSON');
      this.seen.add(o);
    } else if (this.path.length >= CYCLE_DEPTH && this.path.includes(o)) {
      throw new TypeError('Converting circular structure to JSON');
    }
    // No try/finally: a throw ends the whole walk, so the path need not be unwound.
    this.path.push(o);
    const out = Array.isArray(o) ? this.array(o as unknown[], again) : this.record(o, again || !plain);
    this.path.pop();
    return out;
  }

  private array(a: unknown[], copy: boolean): unknown[] {
    let out: unknown[] | undefined = copy ? [] : undefined;
    for (let i = 0; i < a.length; i++) {
      const e = a[i];
      let c = typeof e === 'number' ? this.num(e) : this.value(e, String(i));
      if (c === SKIP) c = null;
      if (out) out.push(c);
      else if (!Object.is(c, e)) {
        out = a.slice(0, i);
        out.push(c);
      }
    }
    return out ?? a;
  }

  private record(o: object, copy: boolean): object {
    const src = o as Record<string, unknown>;
    // Null prototype: a "__proto__" key stays a key, as JSON.parse makes it (the clone gets a plain object).
    let out: Record<string, unknown> | undefined = copy ? Object.create(null) : undefined;
    const keys = Object.keys(o);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as string;
      const v = src[key];
      const c = this.value(v, key);
      if (out) {
        if (c !== SKIP) out[key] = c;
      } else if (!Object.is(c, v)) {
        out = Object.create(null) as Record<string, unknown>;
        for (let j = 0; j < k; j++) out[keys[j] as string] = src[keys[j] as string];
        if (c !== SKIP) out[key] = c;
      }
    }
    return out ?? o;
  }
}

/** `value` with JSON's meaning (undefined where JSON.stringify would write nothing). */
export function jsonValue(value: unknown, opts: { revive?: boolean; distinct?: boolean } = {}): unknown {
  const c = new JsonCopy(opts.revive ?? false, opts.distinct ?? false).value(value, '');
  return c === SKIP ? undefined : c;
}
