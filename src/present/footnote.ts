/**
 * The parts of a citation every medium shows, in order: `[n] 《标题》第3段 · 第4版 · 2024年8月18日`. Media differ only in
 * how they mark the title up (a link when the report has a URL).
 */
import type { ParagraphView } from '../rag/service.js';
import type { Citation } from '../types.js';
import type { Texts } from './texts.js';

export interface FootnoteParts {
  marker: string;
  /** The title in 《》. */
  title: string;
  url?: string;
  /** What follows the title: paragraph label, page (PDF reports) and date. */
  rest: string;
}

export function footnoteParts(c: Citation, t: Texts): FootnoteParts {
  return {
    marker: `[${c.n}]`,
    title: `《${c.title}》`,
    ...(c.url ? { url: c.url } : {}),
    rest: `${t.paragraphLabel(c.paragraphs)}${tail(c, t)}`,
  };
}

/** ` · 第3版 · 2024年8月18日`: the printed page of a PDF report (when known), then the report's date. */
function tail(x: { page?: string; date?: string }, t: Texts): string {
  return `${x.page ? ` · ${x.page}` : ''}${x.date ? ` · ${t.reportDate(x.date)}` : ''}`;
}

/** Where an opened paragraph stands: `第3段（共8段） · 第3版 · 2024年8月18日`. */
export function paragraphWhere(p: ParagraphView, t: Texts): string {
  return `${t.paragraphOf(p.n, p.count)}${tail(p, t)}`;
}

/** Citations in marker order. */
export function byMarker(citations: readonly Citation[]): Citation[] {
  return [...citations].sort((a, b) => a.n - b.n);
}
