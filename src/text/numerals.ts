/**
 * Small numbers as Chinese text prints them — months, editions, ordinals: "3", "三", "十", "十二", "二十", "二十三".
 * One parser for ingest (the edition in a running head or a jump line) and the answer core (months in questions).
 */
const DIGIT: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** The number written in `s` (ASCII digits, or Chinese numerals below 100); NaN for anything else. */
export function smallNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === '') return NaN;
  if (!m[2]) return m[3] === undefined ? (DIGIT[m[1] ?? ''] ?? NaN) : NaN;
  return (m[1] ? (DIGIT[m[1]] ?? 0) : 1) * 10 + (m[3] ? (DIGIT[m[3]] ?? 0) : 0);
}
