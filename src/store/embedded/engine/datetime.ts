/**
 * Qdrant's date-time strings (lib/segment/src/types.rs, DateTimePayloadType): RFC 3339 with a zone ("Z",
 * "+08:00"), or one of the zone-less forms taken as UTC — "2023-02-08T10:49:00[.f]", "2023-02-08 10:49:00[.f]",
 * "2023-02-08 10:49", "2023-02-08". Anything else (including what `Date.parse` would also take, like
 * "2023/02/08" or "Feb 8 2023") is no date-time; zone-less forms never depend on the machine's time zone.
 */
const ZONED = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:?\d{2})$/;
const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:(?:[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?)| (\d{2}):(\d{2}))?$/;

function utc(y: string, mo: string, d: string, h = '0', mi = '0', s = '0', frac = ''): number | undefined {
  const [Y, M, D, H, MI, S] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (M < 1 || M > 12 || D < 1 || H > 23 || MI > 59 || S > 60) return undefined;
  const t = Date.UTC(Y, M - 1, D, H, MI, Math.min(S, 59));
  // Date.UTC rolls 2023-02-30 over into March; Qdrant rejects it.
  if (new Date(t).getUTCDate() !== D) return undefined;
  return t + (frac ? Math.floor(Number(`0${frac}`) * 1000) : 0);
}

/** Milliseconds since the epoch (UTC) of a Qdrant date-time string, or undefined when it is none. */
export function parseDatetime(s: string): number | undefined {
  const z = ZONED.exec(s);
  if (z) {
    const base = utc(z[1] ?? '', z[2] ?? '', z[3] ?? '', z[4], z[5], z[6], z[7] ?? '');
    if (base === undefined) return undefined;
    const zone = z[8] ?? 'Z';
    if (zone === 'Z' || zone === 'z') return base;
    const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!m) return undefined;
    const offset = (Number(m[2]) * 60 + Number(m[3])) * 60_000;
    return m[1] === '+' ? base - offset : base + offset;
  }
  const n = NAIVE.exec(s);
  if (!n) return undefined;
  if (n[8] !== undefined) return utc(n[1] ?? '', n[2] ?? '', n[3] ?? '', n[8], n[9]);
  return utc(n[1] ?? '', n[2] ?? '', n[3] ?? '', n[4], n[5], n[6], n[7] ?? '');
}
