/**
 * Conversation eval files (`*-dialogs-*.jsonl`, ../shared/eval/README.md "Conversation files"): each dialog's turns
 * are asked in order with the earlier turns and the bot's replies kept as the conversation; only the last turn is
 * scored — not refused, and one of its first three citations from an article whose title holds `gold` (`|`
 * separates alternatives). Pure apart from the injected `ask`, so the scoring is testable without a store.
 */
import { z } from 'zod';
import { normalizeForMatch } from '../text/normalize.js';
import { turnOf } from '../rag/turns.js';
import type { Answer, Turn } from '../types.js';

const dialogSchema = z.object({
  id: z.string(),
  turns: z.array(z.string().min(1)).min(1),
  gold: z.string().min(1),
});

export type Dialog = z.infer<typeof dialogSchema>;

/** Citations of the last turn that count (the reader sees the first few). */
export const CITATIONS_SCORED = 3;

/** True when a JSONL text is a dialogs file: its first record has `turns`. */
export function isDialogsText(text: string): boolean {
  const first = text.split('\n').find((l) => l.trim() !== '');
  if (first === undefined) return false;
  try {
    const rec: unknown = JSON.parse(first);
    return typeof rec === 'object' && rec !== null && Array.isArray((rec as { turns?: unknown }).turns);
  } catch {
    return false;
  }
}

export function parseDialogs(text: string, file = 'dialogs'): Dialog[] {
  const out: Dialog[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not JSON`);
    }
    const parsed = dialogSchema.safeParse(rec);
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    out.push(parsed.data);
  });
  return out;
}

/** What one dialog produced. */
export interface DialogOutcome {
  id: string;
  pass: boolean;
  refused: boolean;
  /** The last turn as the core searched it (after follow-up resolution). */
  searched: string;
  /** Titles of the last answer's first citations, for reading misses. */
  titles: string[];
}

/** The last turn passes when it is answered and one of its first citations is from a gold-titled article. */
export function scoreLastTurn(d: Dialog, last: Answer): DialogOutcome {
  const golds = d.gold
    .split('|')
    .map(normalizeForMatch)
    .filter((g) => g !== '');
  const titles = last.citations.slice(0, CITATIONS_SCORED).map((c) => c.title);
  const hit = titles.some((t) => {
    const n = normalizeForMatch(t);
    return golds.some((g) => n.includes(g));
  });
  return {
    id: d.id,
    pass: !last.refused && hit,
    refused: last.refused,
    searched: last.searchedQuestion,
    titles,
  };
}

/** Asks a dialog's turns in order, each with the turns before it; scores the last. */
export async function runDialog(
  d: Dialog,
  ask: (question: string, turns: Turn[]) => Promise<Answer>,
): Promise<DialogOutcome> {
  const turns: Turn[] = [];
  let last: Answer | undefined;
  for (const q of d.turns) {
    last = await ask(q, [...turns]);
    turns.push(turnOf(q, last));
  }
  if (last === undefined) throw new Error(`dialog ${d.id} has no turns`);
  return scoreLastTurn(d, last);
}

export interface DialogsSummary {
  dialogs: { n: number; passed: number; pass: number | null; refused: number };
  misses: string[];
  results: { id: string; pass: boolean; searched: string }[];
}

export function summarizeDialogs(outcomes: DialogOutcome[]): DialogsSummary {
  const passed = outcomes.filter((o) => o.pass).length;
  const n = outcomes.length;
  return {
    dialogs: {
      n,
      passed,
      pass: n === 0 ? null : Math.round((passed / n) * 1000) / 1000,
      refused: outcomes.filter((o) => o.refused).length,
    },
    misses: outcomes.filter((o) => !o.pass).map((o) => o.id),
    results: outcomes.map((o) => ({ id: o.id, pass: o.pass, searched: o.searched })),
  };
}

/** One line per dialog for people: pass/miss, the searched question, the titles cited. */
export function dialogsTable(outcomes: DialogOutcome[], s: DialogsSummary): string {
  const rows = outcomes.map(
    (o) =>
      `${o.pass ? 'pass' : 'MISS'}  ${o.id}  searched: ${o.searched}` +
      (o.pass ? '' : `  ${o.refused ? '(refused)' : `cited: ${o.titles.join(' / ') || '-'}`}`),
  );
  return [...rows, '', `dialogs passing: ${s.dialogs.passed}/${s.dialogs.n} (${s.dialogs.pass ?? '-'})`].join(
    '\n',
  );
}
