/**
 * Articles continued on another page (pure): "（下转第3版）" ends the first part, "（上接第1版）" opens the
 * second, under the headline repeated (often shortened). The parts are joined into the article where it starts,
 * a paragraph cut at the jump made whole again.
 */
import type { ArticleDraft } from '../segment.js';
import type { LaidArticle } from './pdf-layout.js';

/** Character bigrams of a title, for telling which of several jumped articles a continuation belongs to. */
function bigrams(t: string): Set<string> {
  const s = t.replace(/\s+/g, '');
  const out = new Set<string>();
  for (let k = 0; k + 1 < s.length; k++) out.add(s.slice(k, k + 2));
  return out;
}

function likeness(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return common / Math.max(1, Math.min(x.size, y.size));
}

/**
 * The article a continuation joins: among `parts` (articles of the page it jumps from) those that jump to
 * `edition`, the one whose title is most like the continuation's; one alone is taken whatever its title.
 */
export function jumpSource(
  parts: LaidArticle[],
  cont: LaidArticle,
  edition: number,
): LaidArticle | undefined {
  const candidates = parts.filter((a) => a.jumpTo === edition);
  if (candidates.length <= 1) return candidates[0];
  return [...candidates].sort((a, b) => likeness(b.title, cont.title) - likeness(a.title, cont.title))[0];
}

/** Join a continuation into the article it continues: text after text, captions last. */
export function joinJump(into: LaidArticle, cont: LaidArticle): void {
  const split = (a: LaidArticle): [string[], string[]] => {
    const n = a.captions ?? 0;
    return [a.paragraphs.slice(0, a.paragraphs.length - n), a.paragraphs.slice(a.paragraphs.length - n)];
  };
  const [text, caps] = split(into);
  const [more, moreCaps] = split(cont);
  if (into.openEnd && cont.tailStart && text.length > 0 && more.length > 0) {
    text[text.length - 1] = `${text[text.length - 1] as string}${more.shift() as string}`;
  }
  into.paragraphs = [...text, ...more, ...caps, ...moreCaps];
  if (caps.length + moreCaps.length > 0) into.captions = caps.length + moreCaps.length;
  into.openEnd = cont.openEnd;
  delete into.jumpTo;
  if (cont.jumpTo !== undefined) into.jumpTo = cont.jumpTo;
  into.byline ??= cont.byline;
}

/** The article as a plain draft, without what only the layout needs. */
export function plainDraft(a: LaidArticle): ArticleDraft {
  const { jumpTo, jumpFrom, openEnd, tailStart, captions, ...draft } = a;
  void [jumpTo, jumpFrom, openEnd, tailStart, captions];
  return draft;
}
