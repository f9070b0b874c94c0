/** Console text: an Answer or a paragraph as plain lines for a terminal (no markup to strip). */
import type { ParagraphView } from '../rag/service.js';
import type { Answer, Citation } from '../types.js';
import { byMarker, footnoteParts, paragraphWhere } from './footnote.js';
import type { Texts } from './texts.js';

export function footnoteText(c: Citation, t: Texts): string {
  const f = footnoteParts(c, t);
  return `${f.marker} ${f.title}${f.rest}`;
}

/** Answer text, the notice, then `来源` and one footnote per citation. */
export function answerText(answer: Answer, t: Texts): string {
  const blocks = [answer.text.trim()];
  if (answer.notice) blocks.push(answer.notice);
  if (answer.citations.length > 0) {
    blocks.push(
      `${t.sources}\n${byMarker(answer.citations)
        .map((c) => footnoteText(c, t))
        .join('\n')}`,
    );
  }
  return blocks.join('\n\n');
}

/** Where the paragraph is from, then its text quoted with `> `. */
export function paragraphText(p: ParagraphView, t: Texts): string {
  const head = `《${p.title}》 ${paragraphWhere(p, t)}`;
  const quoted = p.text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  return `${head}\n${quoted}`;
}
