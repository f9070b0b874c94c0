/**
 * Qdrant stores vectors and scores as f32 and prints them with the shortest decimal that round-trips as f32
 * (e.g. 0.33333334, not 0.3333333432674408). These helpers reproduce that so clients see the same numbers.
 */

/** The shortest-decimal double that rounds to the same f32 as `v`. */
export function f32Out(v: number): number {
  const f = Math.fround(v);
  if (f === 0 || !Number.isFinite(f)) return f;
  for (let p = 1; p < 9; p++) {
    const s = Number(f.toPrecision(p));
    if (Math.fround(s) === f) return s;
  }
  return Number(f.toPrecision(9));
}

export function f32ArrayOut(a: ArrayLike<number>): number[] {
  const out = new Array<number>(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f32Out(a[i] as number);
  return out;
}
