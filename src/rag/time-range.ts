/**
 * Time in questions (pure): "今年", "去年", "最近", "本月", "上个月", "10月", "2023年", "上半年", "一季度" … → the
 * span of report dates the question asks about, relative dates counted from an injected "today". The words are
 * cut from the search text (they name no topic, and a report rarely prints "今年").
 *
 * Not a period: a comparison ("比去年", "与去年相比", "去年同期", "相比上个月"), a question asking which year
 * ("哪一年的上半年"), a target or a cut-off ("到2025年", "截至2022年"), a single day ("10月20日", "2022年12月31日":
 * the event's day, printed in reports written days later).
 */
import { smallNumber } from '../text/numerals.js';

export interface TimeRange {
  /** First day of the span (ISO, inclusive). */
  from: string;
  /** Day after the span (ISO, exclusive). */
  to: string;
  /** The words as written in the question ("10月", "今年上半年"). */
  words: string;
  /** Counted from today (今年, 最近, 上个月 …) rather than named outright (2023年, 10月 of a given year). */
  relative: boolean;
  /** "最近", "近期": newer reports first. */
  recent: boolean;
  /** The span names a year (a year, or a part of one with its year given or implied): shown in full. */
  year: number;
}

export interface TimeQuestion {
  range?: TimeRange;
  /** The question without the time words (unchanged when it names no period). */
  text: string;
}

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parseIso(iso: string): Ymd {
  const [y, m, d] = iso.split('-').map(Number);
  return { y: y ?? 1970, m: m ?? 1, d: d ?? 1 };
}

function iso(y: number, m: number, d = 1): string {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.toISOString().slice(0, 10);
}

function addDays(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

function yearNumber(s: string): number {
  if (/^\d{4}$/.test(s)) return Number(s);
  const digits: Record<string, string> = {
    〇: '0',
    零: '0',
    一: '1',
    二: '2',
    三: '3',
    四: '4',
    五: '5',
    六: '6',
    七: '7',
    八: '8',
    九: '9',
  };
  return Number([...s].map((c) => digits[c] ?? 'x').join(''));
}

/** The part of a year a question names after its year (or alone). */
type Part = { kind: 'year' } | { kind: 'month'; m: number } | { kind: 'months'; from: number; to: number };

const PART =
  '(?:(上半年|下半年|前三季度|(?:第)?[一二三四1-4]季度)|([1-9]|1[0-2]|十[一二]?|[一二三四五六七八九])月份?(?![\\d一二三四五六七八九十]{1,3}[日号])(?:(?:至|到|-|—|~)([1-9]|1[0-2]|十[一二]?|[一二三四五六七八九])月份?(?:底)?(?![\\d一二三四五六七八九十]{1,3}[日号]))?)';

function partOf(half: string | undefined, m1: string | undefined, m2: string | undefined): Part | undefined {
  if (half) {
    if (half === '上半年') return { kind: 'months', from: 1, to: 6 };
    if (half === '下半年') return { kind: 'months', from: 7, to: 12 };
    if (half === '前三季度') return { kind: 'months', from: 1, to: 9 };
    const q = smallNumber(half.replace(/^第/, '').replace('季度', ''));
    return q >= 1 && q <= 4 ? { kind: 'months', from: q * 3 - 2, to: q * 3 } : undefined;
  }
  if (m1) {
    const a = smallNumber(m1);
    if (!(a >= 1 && a <= 12)) return undefined;
    if (!m2) return { kind: 'month', m: a };
    const b = smallNumber(m2);
    return b >= a && b <= 12 ? { kind: 'months', from: a, to: b } : undefined;
  }
  return { kind: 'year' };
}

function span(y: number, part: Part): { from: string; to: string } {
  if (part.kind === 'year') return { from: iso(y, 1), to: iso(y + 1, 1) };
  if (part.kind === 'month') return { from: iso(y, part.m), to: iso(y, part.m + 1) };
  return { from: iso(y, part.from), to: iso(y, part.to + 1) };
}

function firstMonth(part: Part): number {
  return part.kind === 'month' ? part.m : part.kind === 'months' ? part.from : 1;
}

/** Before the words: a comparison ("比", "较", "与…相比") or a question about which year. */
const COMPARE_BEFORE =
  /(?:比|较|相比|相较|对比|同比|环比|与|和|跟|同|哪一?年的?|哪个月的?|到|至|截至|截止|直到)$/;
/** After the words: the comparison's other half ("去年同期", "去年相比", "上个月增长"). */
const COMPARE_AFTER = /^(?:同期|相比|相较|比较|同比|环比|水平|的水平|底)/;

interface Pattern {
  re: RegExp;
  /** The range for a match, or undefined when the match names no usable span. */
  range: (
    m: RegExpExecArray,
    today: Ymd,
    todayIso: string,
    anchor: Ymd,
  ) => Omit<TimeRange, 'words'> | undefined;
}

/** "最近", "近期": a quarter — what a news archive's reader means by recent reports (not tuned on any set). */
const RECENT_DAYS = 90;

const WEEKDAY = (d: Ymd): number => new Date(Date.UTC(d.y, d.m - 1, d.d)).getUTCDay() || 7;

const PATTERNS: Pattern[] = [
  {
    // 2023年, 2023年10月, 2023年上半年, 二〇二三年一季度, 2023年1月至5月
    re: new RegExp(`(\\d{4}|[〇零一二三四五六七八九]{4})年(?:度)?(?:的)?${PART}?`, 'y'),
    range: (m) => {
      const y = yearNumber(m[1] ?? '');
      const part = partOf(m[2], m[3], m[4]);
      if (!(y >= 1949 && y <= 2100) || !part) return undefined;
      return { ...span(y, part), relative: false, recent: false, year: y };
    },
  },
  {
    // 今年, 去年, 前年, 今年上半年, 去年10月
    re: new RegExp(`(今年|本年度?|去年|上一?年度?|前年)(?:的)?${PART}?`, 'y'),
    range: (m, today) => {
      const back = /^(今年|本年)/.test(m[1] ?? '') ? 0 : m[1] === '前年' ? 2 : 1;
      const y = today.y - back;
      const part = partOf(m[2], m[3], m[4]);
      if (!part) return undefined;
      return { ...span(y, part), relative: true, recent: false, year: y };
    },
  },
  {
    // 本月, 这个月, 上个月, 上月
    re: /(本月|这个月|当月|上个?月)/y,
    range: (m, today) => {
      const back = m[1] === '本月' || m[1] === '这个月' || m[1] === '当月' ? 0 : 1;
      const first = new Date(Date.UTC(today.y, today.m - 1 - back, 1));
      const y = first.getUTCFullYear();
      const mo = first.getUTCMonth() + 1;
      return { from: iso(y, mo), to: iso(y, mo + 1), relative: true, recent: false, year: y };
    },
  },
  {
    // 最近, 近期, 近来, 近日, 最近三个月, 近半年, 近一年, 近一个月
    re: /(?:最近|近)(?:([一二两三四五六七八九十\d]{1,2})个月|(半)年|([一二两三\d])年)|(最近|近期|近来|近日|这段时间|近段时间|近一段时间)(?!一周|[一二两三四五六七八九十\d]{1,3}[天日])/y,
    range: (m, today, todayIso) => {
      const days =
        m[1] !== undefined
          ? smallNumber(m[1]) * 30
          : m[2] !== undefined
            ? 182
            : m[3] !== undefined
              ? smallNumber(m[3]) * 365
              : RECENT_DAYS;
      if (!(days > 0)) return undefined;
      return {
        from: addDays(todayIso, -days),
        to: addDays(todayIso, 1),
        relative: true,
        recent: true,
        year: today.y,
      };
    },
  },
  {
    // 本周, 这周, 上周 (weeks start on Monday); 近一周, 近7天, 近30天
    re: /(本周|这周|这一周|上周|上一周)|最?近(?:一周|([一二两三四五六七八九十\d]{1,3})[天日])/y,
    range: (m, today, todayIso) => {
      if (m[1] !== undefined) {
        const monday = addDays(todayIso, 1 - WEEKDAY(today));
        const from = /上/.test(m[1]) ? addDays(monday, -7) : monday;
        return { from, to: addDays(from, 7), relative: true, recent: false, year: today.y };
      }
      const days = m[2] !== undefined ? smallNumber(m[2]) : 7;
      if (!(days > 0)) return undefined;
      return {
        from: addDays(todayIso, 1 - days),
        to: addDays(todayIso, 1),
        relative: true,
        recent: true,
        year: today.y,
      };
    },
  },
  {
    // 上半年, 一季度, 10月, 10月份, 1月至3月 — the latest such span that has begun by the anchor day
    re: new RegExp(PART, 'y'),
    range: (m, _today, _iso, anchor) => {
      const part = partOf(m[1], m[2], m[3]);
      if (!part) return undefined;
      const y = firstMonth(part) <= anchor.m ? anchor.y : anchor.y - 1;
      return { ...span(y, part), relative: true, recent: false, year: y };
    },
  },
];

/**
 * The period a question asks about, from `today` (ISO). The first time expression that is not a comparison
 * decides; its words are cut from the returned text.
 */
export function timeRangeOf(question: string, today: string, latest?: string): TimeQuestion {
  const t = parseIso(today);
  // A month or part of a year without its year ("10月", "上半年") is the archive's latest one: over reports that
  // end before today, "10月的工作" means the last October they cover. Words counted from today stay so.
  const anchor = parseIso(latest !== undefined && latest < today ? latest : today);
  for (let at = 0; at < question.length; at++) {
    for (const p of PATTERNS) {
      p.re.lastIndex = at;
      const m = p.re.exec(question);
      if (!m || m[0] === '') continue;
      const before = question.slice(Math.max(0, at - 4), at);
      const after = question.slice(at + m[0].length);
      if (COMPARE_BEFORE.test(before) || COMPARE_AFTER.test(after)) {
        at += m[0].length - 1;
        break;
      }
      // A day ("10月20日", "2022年12月31日") is not a span; a month name inside a longer number is no month.
      if (/^\d{1,2}月\d{1,2}[日号]/.test(after)) continue;
      if (/^[\d一二三四五六七八九十]/.test(after) && /月$/.test(m[0])) continue;
      if (/\d$/.test(question.slice(0, at)) && /^\d/.test(m[0])) continue;
      let r = p.range(m, t, today, anchor);
      if (!r) continue;
      let words = m[0];
      let rest = after;
      // "今年以来", "3月以来", "年初至今": from the span's start up to today.
      const since = /^(?:以来|至今|到现在|迄今)/.exec(rest);
      if (since && r.from <= today) {
        r = { ...r, to: addDays(today, 1) };
        words += since[0];
        rest = rest.slice(since[0].length);
      }
      const text = `${question.slice(0, at)}${rest.replace(/^的/, '')}`.replace(/\s{2,}/g, ' ').trim();
      return { range: { ...r, words }, text: text === '' ? question : text };
    }
  }
  return { text: question };
}

/** Today's date (ISO) from a clock, in China's time zone: a report dated 10月20日 is of Beijing's 10月20日. */
export function todayIso(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The span as a Qdrant datetime range on the payload's `date` (RFC 3339 bounds, dates stored as YYYY-MM-DD). */
export function dateCondition(r: Pick<TimeRange, 'from' | 'to'>): {
  key: string;
  range: { gte: string; lt: string };
} {
  return { key: 'date', range: { gte: `${r.from}T00:00:00Z`, lt: `${r.to}T00:00:00Z` } };
}

/** Whether an ISO date falls in the span. */
export function inRange(date: string | undefined, r: Pick<TimeRange, 'from' | 'to'>): boolean {
  return date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= r.from && date < r.to;
}
