/** Inline keyboards: source buttons + feedback under an answer, paragraph navigation, the place menu. */
import { InlineKeyboard } from 'grammy';
import type { ParagraphView, PlaceCount } from '../rag/service.js';
import type { Citation } from '../types.js';
import type { CallbackCodec } from './callback-data.js';
import type { Texts } from '../present/texts.js';

export function answerKeyboard(
  citations: Citation[],
  codec: CallbackCodec,
  maxButtons: number,
  feedbackKey: string | undefined,
): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  const shown = [...citations].sort((a, b) => a.n - b.n).slice(0, maxButtons);
  shown.forEach((c, i) => {
    const data = codec.encode({
      kind: 'source',
      articleId: c.articleId,
      n: c.paragraphs[0] ?? 1,
      edit: false,
    });
    kb.text(`📄 [${c.n}]`, data);
    if (i % 4 === 3 && i !== shown.length - 1) kb.row();
  });
  if (feedbackKey !== undefined) {
    if (shown.length > 0) kb.row();
    kb.text('👍', codec.encode({ kind: 'feedback', vote: 'up', key: feedbackKey }));
    kb.text('👎', codec.encode({ kind: 'feedback', vote: 'down', key: feedbackKey }));
  }
  return shown.length > 0 || feedbackKey !== undefined ? kb : undefined;
}

export function paragraphKeyboard(
  p: ParagraphView,
  codec: CallbackCodec,
  t: Texts,
): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  if (p.n > 1)
    kb.text(t.prev, codec.encode({ kind: 'source', articleId: p.articleId, n: p.n - 1, edit: true }));
  if (p.n < p.count)
    kb.text(t.next, codec.encode({ kind: 'source', articleId: p.articleId, n: p.n + 1, edit: true }));
  return p.count > 1 ? kb : undefined;
}

export const PLACES_PER_PAGE = 8;

export function placesKeyboard(places: PlaceCount[], page: number, codec: CallbackCodec): InlineKeyboard {
  const pages = Math.max(1, Math.ceil(places.length / PLACES_PER_PAGE));
  const p = Math.min(Math.max(0, page), pages - 1);
  const kb = new InlineKeyboard();
  places.slice(p * PLACES_PER_PAGE, (p + 1) * PLACES_PER_PAGE).forEach((pl, i) => {
    kb.text(`${pl.name} (${pl.articles})`, codec.encode({ kind: 'summary', place: pl.name }));
    if (i % 2 === 1) kb.row();
  });
  if (pages > 1) {
    kb.row();
    if (p > 0) kb.text('‹', codec.encode({ kind: 'places', page: p - 1 }));
    kb.text(`${p + 1}/${pages}`, codec.encode({ kind: 'places', page: p }));
    if (p < pages - 1) kb.text('›', codec.encode({ kind: 'places', page: p + 1 }));
  }
  return kb;
}
