/**
 * Capacity for a growing typed array. Growing copies (old and new are both alive meanwhile) and leaves the new
 * part empty until filled, so big arrays — a sparse index's arena and posting pool, hundreds of MB on a large
 * corpus — grow by a fifth: less slack and a smaller spike in peak memory, for a few more bulk copies (cheap).
 */
const BIG = 1 << 22;

export function grownCapacity(cap: number, need: number): number {
  let c = Math.max(cap, 16);
  while (c < need) c = Math.ceil(c * (c >= BIG ? 1.2 : 1.5));
  return c;
}
