/**
 * Questions about a period ("今年", "10月", "最近"): the span goes into the plan, the Qdrant query filters the
 * reports' dates to it, and the answer says what happened when nothing falls in it, puts newer reports first for
 * "最近", and names the dates of the reports it draws on.
 *
 * Undated reports: a report whose date is unknown is never taken as in the span (the range filter leaves it
 * out), so a dated question never cites it as if it were. When no report of the archive has a date at all, a
 * period cannot be applied: the question is answered over all reports with a notice saying so.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import type { Citation, Lang } from '../types.js';
import { formatDateEn, formatDateZh, formatMonthDayZh } from '../text/dates.js';
import type { Core } from './core.js';
import type { QueryPlan } from './query.js';
import type { Passage } from './retrieve.js';
import { dateCondition, timeRangeOf, todayIso, type TimeRange } from './time-range.js';
import { notInReports } from './wording.js';

export type { TimeRange } from './time-range.js';

/**
 * The period a question names, from today (a month without its year from the archive's latest report); its words
 * are cut from the search text once they filter. A figure asked for a named year ("2021年上半年…增长了多少") is
 * no filter: the period is part of the fact, printed with it, and reports stating it may carry no date.
 */
export function withPeriod(plan: QueryPlan, today: string, latest?: string): QueryPlan {
  const { range, text } = timeRangeOf(plan.searchText, today, latest);
  if (!range) return plan;
  if (!range.relative && plan.wants === 'number') return plan;
  const out: QueryPlan = { ...plan, time: range };
  // The filter does the period's work; as search terms "今年", "上半年" only count against reports that do not
  // print them (and against the refusal's coverage). One month is named the way datelines print it ("上个月",
  // "二月份" → "4月", "2月": "2月17日，…"). A figure's period stays as asked: reports of later months name it.
  if (plan.wants !== 'number') out.searchText = `${monthWord(range)}${text}`;
  return out;
}

/** "4月" when the span is one calendar month, else nothing. */
function monthWord(r: TimeRange): string {
  const from = new Date(`${r.from}T00:00:00Z`);
  const next = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1))
    .toISOString()
    .slice(0, 10);
  return from.getUTCDate() === 1 && r.to === next ? `${from.getUTCMonth() + 1}月` : '';
}

/**
 * A figure for a period ("上半年…增长了多少", "一季度…多少") is published after the period ends — half-year
 * figures in July, a year's in the next spring — so a question asking a number searches reports dated up to a
 * quarter after its period. Events ("10月的视察", "今年做了什么") are reported within days: their period as asked.
 */
const FIGURE_LAG_DAYS = 92;

/** The report dates a plan's question may draw on (ISO, `to` exclusive), if it names a period. */
export function reportSpan(plan: QueryPlan): { from: string; to: string } | undefined {
  if (!plan.time) return undefined;
  const { from, to } = plan.time;
  return plan.wants === 'number' ? { from, to: addDaysIso(to, FIGURE_LAG_DAYS) } : { from, to };
}

/** Today in China, from the core's clock (injectable for tests and evals). */
export function todayOf(now: () => Date): string {
  return todayIso(now());
}

/**
 * The plan with its question's period (see withPeriod). An archive without dates cannot be filtered by time: the
 * period is left out of the plan (and noted in the answer) rather than refusing every dated question.
 */
export async function planPeriod(core: Core, plan: QueryPlan): Promise<QueryPlan> {
  const today = todayOf(core.now);
  const { range: first, text } = timeRangeOf(plan.searchText, today);
  if (!first || (!first.relative && plan.wants === 'number')) return plan;
  const stats = await core.catalog.stats().catch(() => undefined);
  // Undated archive: the words cannot filter, and as search terms they count against reports that lack them.
  if (!stats?.dateRange)
    return { ...plan, undatedPeriod: first.words, ...(plan.wants !== 'number' ? { searchText: text } : {}) };
  return withPeriod(plan, today, stats.dateRange[1]);
}

/** A period's words and span as shown: "10月（2026年10月1日至10月31日）". */
export function periodLabel(r: TimeRange, lang: Lang): string {
  const last = new Date(`${r.to}T00:00:00Z`);
  last.setUTCDate(last.getUTCDate() - 1);
  const end = last.toISOString().slice(0, 10);
  if (lang === 'en') return `${r.words} (${formatDateEn(r.from)} – ${formatDateEn(end)})`;
  const sameYear = r.from.slice(0, 4) === end.slice(0, 4);
  return `${r.words}（${formatDateZh(r.from)}至${sameYear ? formatMonthDayZh(end) : formatDateZh(end)}）`;
}

/** The Qdrant filter condition of a plan's period, if it has one. */
export function periodCondition(plan: QueryPlan): Schemas['FieldCondition'] | undefined {
  return plan.time ? dateCondition(plan.time) : undefined;
}

/** How many newest reports a "nothing in that period" answer offers. */
const NEWEST = 3;

/** The newest dated reports (lead chunks of the latest month's articles), newest first. */
export async function newestReports(core: Core): Promise<Passage[]> {
  const stats = await core.catalog.stats().catch(() => undefined);
  const latest = stats?.dateRange?.[1];
  if (!latest) return [];
  const from = new Date(`${latest}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - 31);
  const to = new Date(`${latest}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  const leads = await core.catalog.leadsBetween(
    from.toISOString().slice(0, 10),
    to.toISOString().slice(0, 10),
  );
  return leads
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.title.localeCompare(b.title, 'zh'))
    .slice(0, NEWEST);
}

/** "收录的报道中没有今年（…）的报道。最新的报道：…": said plainly, with the newest reports offered by title and date. */
export function nothingInPeriod(r: TimeRange, newest: Passage[], lang: Lang, place?: string): string {
  const label = periodLabel(r, lang);
  if (lang === 'en') {
    const base = `The reports contain nothing${place ? ` about ${place}` : ''} from ${label}.`;
    if (newest.length === 0) return base;
    const list = newest.map((p) => `- “${p.title}” (${formatDateEn(p.date ?? '')})`).join('\n');
    return `${base} The newest reports are:\n${list}`;
  }
  const base = `收录的报道中没有${place ? `关于${place}的、` : ''}${label}的报道。`;
  if (newest.length === 0) return base;
  const list = newest.map((p) => `· 《${p.title}》（${formatDateZh(p.date ?? '')}）`).join('\n');
  return `${base}最新的报道有：\n${list}`;
}

/** Refusal within a period: the period is part of what was searched. */
export async function notInPeriod(core: Core, r: TimeRange, lang: Lang): Promise<string> {
  const places = await core.catalog.places().catch(() => []);
  return notInReports(lang, places, periodLabel(r, lang));
}

/** The notice of a dated question over an archive without dates. */
export function undatedNotice(words: string, lang: Lang): string {
  return lang === 'en'
    ? `(The reports carry no dates, so “${words}” could not be applied; results are from all reports.)`
    : `（收录的报道没有日期，无法按“${words}”筛选，以下结果来自全部报道。）`;
}

/**
 * "最近…": among the passages that match about as well as the best one, newer reports first (undated last);
 * weaker matches keep their order after them.
 */
export function newerFirst(passages: Passage[]): Passage[] {
  const best = Math.max(0, ...passages.map((p) => p.sparse ?? 0));
  const strong = (p: Passage): boolean => best === 0 || (p.sparse ?? 0) >= best * STRONG_SHARE;
  const head = passages.filter(strong).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return [...head, ...passages.filter((p) => !strong(p))];
}

/** A passage matching at least this share of the best BM25 score counts as an answer for recency ordering. */
const STRONG_SHARE = 0.5;

/**
 * "据10月20日报道，…": the dates of the reports an answer to a dated question cites, before its text — one date
 * named, or the first and last. The year is left out when the question's period lies within one year.
 */
export function datedLead(citations: readonly Citation[], r: TimeRange, lang: Lang): string {
  const dates = [...new Set(citations.map((c) => c.date).filter((d): d is string => d !== undefined))].sort();
  const first = dates[0];
  const last = dates.at(-1);
  if (!first || !last) return '';
  const oneYear = r.from.slice(0, 4) === addDaysIso(r.to, -1).slice(0, 4);
  if (lang === 'en') {
    return first === last
      ? `According to the report of ${formatDateEn(first)}: `
      : `According to reports of ${formatDateEn(first)} to ${formatDateEn(last)}: `;
  }
  const show = oneYear ? formatMonthDayZh : formatDateZh;
  if (first === last) return `据${show(first)}报道，`;
  if (dates.length === 2) return `据${show(first)}、${show(last)}报道，`;
  return `据${show(first)}至${show(last)}的报道，`;
}

function addDaysIso(day: string, n: number): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}
