/**
 * A value as it would come out of `JSON.parse(JSON.stringify(value))` — what the HTTP transport does to every
 * body and result — without writing the text: keys whose value is undefined, a function or a symbol are dropped
 * (null inside arrays), non-finite numbers become null and -0 becomes 0, `toJSON` is called, class instances,
 * typed arrays and maps become plain objects, and an object met twice becomes two objects (a structured clone
 * would keep them one, and a caller changing one would change the other). Nothing is copied unless something
 * changes, so a body of plain numeric arrays is only read.
 *
 * `revive`: the client's reading of a response. Where JSON has `rawJSON`, the Qdrant client parses integers
 * beyond 2^53 as BigInt (and writes BigInt as plain digits); where it does not, writing a BigInt throws.
 */
const HAS_RAW_JSON = 'rawJSON' in JSON;
/** What JSON drops from an object (and writes as null in an array). */
const SKIP = Symbol('skip');

class JsonCopy {
  private readonly seen = new Set<object>();
  /** Objects being walked: met again inside themselves, they make a cycle (JSON.stringify throws). */
  private readonly open = new Set<object>();

  constructor(private readonly revive: boolean) {}

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
    if (o instanceof Number) return this.num(Number(o));
    if (o instanceof String) return String(o);
    if (o instanceof Boolean) return o.valueOf();
    if (this.open.has(o)) throw new TypeError('Converting circular structure to JSON');
    const again = this.seen.has(o);
    this.seen.add(o);
    this.open.add(o);
    try {
      return Array.isArray(o) ? this.array(o as unknown[], again) : this.record(o, again);
    } finally {
      this.open.delete(o);
    }
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
    const proto: unknown = Object.getPrototypeOf(o);
    const plain = proto === Object.prototype || proto === null;
    const src = o as Record<string, unknown>;
    // Null prototype: a "__proto__" key stays a key, as JSON.parse makes it (the clone gets a plain object).
    let out: Record<string, unknown> | undefined = copy || !plain ? Object.create(null) : undefined;
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
export function jsonValue(value: unknown, opts: { revive?: boolean } = {}): unknown {
  const c = new JsonCopy(opts.revive ?? false).value(value, '');
  return c === SKIP ? undefined : c;
}
