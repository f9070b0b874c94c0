/**
 * Report dates (pure): a calendar date read from what a report carries — a newspaper running head
 * ("2023年10月20日 星期五"), a dateline, a file name ("2023-10-20-…", "20231020"), a JSONL `date` field, Word
 * document properties — as ISO `YYYY-MM-DD`, or nothing. A date is never guessed: a partial date ("10月20日")
 * or an impossible one (2月30日) gives none.
 */

/** Years a news report can carry; numbers outside are ids or amounts, not dates. */
const MIN_YEAR = 1949;
const MAX_YEAR = 2100;

/** `YYYY-MM-DD` when y-m-d is a real calendar date, else undefined. */
export function isoDate(y: number, m: number, d: number): string | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return undefined;
  if (d > daysInMonth(y, m)) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const CN_DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  Ｏ: 0,
  O: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "二〇二三" → 2023 (digit by digit, as years are printed). */
function cnYear(s: string): number {
  return Number([...s].map((c) => CN_DIGITS[c] ?? NaN).join(''));
}

/** "十" → 10, "二十一" → 21, "三十" → 30, "九" → 9 (month and day numbers). */
function cnSmall(s: string): number {
  const m = /^([一二三])?十([一二三四五六七八九])?$/.exec(s);
  if (m) return (m[1] ? (CN_DIGITS[m[1]] ?? 0) : 1) * 10 + (m[2] ? (CN_DIGITS[m[2]] ?? 0) : 0);
  return s.length === 1 ? (CN_DIGITS[s] ?? NaN) : NaN;
}

const CN_NUM = '[〇零一二三四五六七八九十]';
/** 2023年10月20日 (spaces allowed, as in running heads set with letter spacing). */
const ARABIC_YMD = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]/;
/** 二〇二三年十月二十日 */
const CHINESE_YMD = new RegExp(
  `([〇零Ｏ一二三四五六七八九]{4})\\s*年\\s*(${CN_NUM}{1,3})\\s*月\\s*(${CN_NUM}{1,3})\\s*[日号]`,
);
/** 2023-10-20, 2023/10/20, 2023.10.20 (not inside a longer number). */
const NUMERIC_YMD = /(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d])/;

/** The first full calendar date written in a text, as ISO; partial dates ("10月20日") give none. */
export function dateInText(text: string): string | undefined {
  const hits: { at: number; iso: string }[] = [];
  const a = ARABIC_YMD.exec(text);
  if (a) {
    const iso = isoDate(Number(a[1]), Number(a[2]), Number(a[3]));
    if (iso) hits.push({ at: a.index, iso });
  }
  const c = CHINESE_YMD.exec(text);
  if (c) {
    const iso = isoDate(cnYear(c[1] ?? ''), cnSmall(c[2] ?? ''), cnSmall(c[3] ?? ''));
    if (iso) hits.push({ at: c.index, iso });
  }
  const n = NUMERIC_YMD.exec(text);
  if (n) {
    const iso = isoDate(Number(n[1]), Number(n[3]), Number(n[4]));
    if (iso) hits.push({ at: n.index, iso });
  }
  return hits.sort((x, y) => x.at - y.at)[0]?.iso;
}

/**
 * The date in a file name: "2023-10-20-政协.md", "政协_2023_10_20.txt", "20231020-3.pdf", "2023年10月20日.docx".
 * Only the base name counts (folders are the user's filing, not the report's); an 8-digit run must be a real date.
 */
export function dateFromFileName(path: string): string | undefined {
  const base = path.split(/[\\/]/).at(-1) ?? path;
  const m = /(?<!\d)(\d{4})[-_.](\d{1,2})[-_.](\d{1,2})(?!\d)/.exec(base);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  const compact = /(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)/.exec(base);
  if (compact) return isoDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  return dateInText(base);
}

/**
 * A date given as data (a JSONL `date` field, Word's `dcterms:created`): ISO dates and RFC 3339 date-times
 * (the calendar date as written, no time-zone shift), "2023/10/20", "20231020", "2023年10月20日"; anything else
 * gives none.
 */
export function normalizeDate(value: string): string | undefined {
  const v = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(v);
  if (iso) return isoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (compact) return isoDate(Number(compact[1]), Number(compact[2]), Number(compact[3]));
  const d = dateInText(v);
  // Only when the value is the date (with a weekday at most), not a sentence that happens to hold one.
  return d !== undefined && v.replace(/[\s(（)）]|星期.|周.|礼拜./g, '').length <= 14 ? d : undefined;
}

/** `2023-10-20` → "2023年10月20日"; a value that is no ISO date is shown as stored. */
export function formatDateZh(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日` : iso;
}

/** `2023-10-20` → "10月20日" (within an answer, where the year is clear from the question). */
export function formatMonthDayZh(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[2])}月${Number(m[3])}日` : iso;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2023-10-20` → "20 Oct 2023". */
export function formatDateEn(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS_EN[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : iso;
}
