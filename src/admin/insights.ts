/**
 * What the console shows about readers, computed from the chat state's events (pure functions, unit-tested):
 * questions per day answered and refused, per front end, the most-asked places, and the refused questions
 * grouped ("gaps": what readers want that the reports do not hold).
 */
import { normalizeForMatch } from '../text/normalize.js';
import type { QuestionEvent } from '../types.js';

export interface DayCount {
  day: string;
  answered: number;
  refused: number;
}

export interface Overview {
  days: DayCount[];
  total: { answered: number; refused: number };
  frontEnds: { name: string; questions: number; refused: number }[];
  places: { name: string; questions: number }[];
}

const DAY_MS = 86_400_000;

/** Every day of the window, oldest first, also the days nobody asked (a chart without gaps in its axis). */
export function overviewOf(events: readonly QuestionEvent[], endDay: string, days: number): Overview {
  const end = Date.parse(`${endDay}T00:00:00Z`);
  const byDay = new Map<string, DayCount>();
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(end - i * DAY_MS).toISOString().slice(0, 10);
    byDay.set(day, { day, answered: 0, refused: 0 });
  }
  const fronts = new Map<string, { name: string; questions: number; refused: number }>();
  const places = new Map<string, number>();
  const total = { answered: 0, refused: 0 };
  for (const e of events) {
    const d = byDay.get(e.day);
    if (!d) continue;
    const key = e.refused ? 'refused' : 'answered';
    d[key]++;
    total[key]++;
    const f = fronts.get(e.frontEnd) ?? { name: e.frontEnd, questions: 0, refused: 0 };
    f.questions++;
    if (e.refused) f.refused++;
    fronts.set(e.frontEnd, f);
    for (const p of e.places) places.set(p, (places.get(p) ?? 0) + 1);
  }
  return {
    days: [...byDay.values()],
    total,
    frontEnds: [...fronts.values()].sort((a, b) => b.questions - a.questions || a.name.localeCompare(b.name)),
    places: [...places]
      .map(([name, questions]) => ({ name, questions }))
      .sort((a, b) => b.questions - a.questions || a.name.localeCompare(b.name, 'zh'))
      .slice(0, 10),
  };
}

export interface Gap {
  /** The wording most often used (the latest among equals). */
  question: string;
  count: number;
  lastAt: number;
  frontEnds: string[];
  places: string[];
}

/**
 * The same question asked again in another width, script or punctuation is one gap: keys are the normalised
 * text (NFKC, simplified characters, lower case) without punctuation, spaces and a trailing question particle.
 */
export function gapKey(question: string): string {
  return normalizeForMatch(question)
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(/(吗|呢|呀|啊)$/u, '');
}

export function gapsOf(events: readonly QuestionEvent[]): Gap[] {
  const groups = new Map<string, { gap: Gap; wordings: Map<string, number> }>();
  for (const e of events) {
    if (!e.refused) continue;
    const key = gapKey(e.question);
    if (key === '') continue;
    let g = groups.get(key);
    if (!g) {
      g = {
        gap: { question: e.question, count: 0, lastAt: 0, frontEnds: [], places: [] },
        wordings: new Map(),
      };
      groups.set(key, g);
    }
    g.gap.count++;
    g.gap.lastAt = Math.max(g.gap.lastAt, e.at);
    if (!g.gap.frontEnds.includes(e.frontEnd)) g.gap.frontEnds.push(e.frontEnd);
    for (const p of e.places) if (!g.gap.places.includes(p)) g.gap.places.push(p);
    const n = (g.wordings.get(e.question) ?? 0) + 1;
    g.wordings.set(e.question, n);
    if (n >= (g.wordings.get(g.gap.question) ?? 0)) g.gap.question = e.question;
  }
  return [...groups.values()].map((g) => g.gap).sort((a, b) => b.count - a.count || b.lastAt - a.lastAt);
}

/**
 * CSV for spreadsheets: a BOM so Excel reads UTF-8, every cell quoted, and a cell that starts like a formula
 * (= + - @, tab, CR) prefixed with ' so a reader's question can never run in the operator's spreadsheet.
 */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number): string => {
    let s = String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
