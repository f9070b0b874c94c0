/**
 * The helpful refusal of a factoid whose entity the reports name without the asked fact: what they do not say,
 * and what they do say about the entity, quoted and cited (pure). Still a refusal (`refused: true`).
 */
import type { Citation, Lang } from '../types.js';
import { mentionsOf } from './answerability.js';
import { formatQuotes, sentenceUnits } from './extractive.js';
import type { Passage } from './retrieve.js';
import type { AskedSlot } from './slot.js';
import { notStatedLead } from './wording.js';

/** Reports quoted for the entity: enough to show where it comes up, few enough to read. */
const MAX_MENTIONS = 2;

/** The refusal naming the entity and quoting its mentions, or undefined when no passage names it. */
export function notStatedAnswer(
  slot: AskedSlot,
  passages: Passage[],
  lang: Lang,
): { text: string; citations: Citation[]; refused: true } | undefined {
  // The most particular entity: a named body or person, else the most specific place.
  const entity = slot.entities.find((e) => e.kind === 'named') ?? slot.entities[0];
  if (!entity) return undefined;
  const mentions = mentionsOf(entity, passages, sentenceUnits).slice(0, MAX_MENTIONS);
  if (mentions.length === 0) return undefined;
  const name = entity.place?.name ?? entity.text;
  const question = slot.question.replace(/[吗呢][?？]?$/, '');
  const quotes = mentions.map((m) => ({ ...m, score: 0 }));
  const formatted = formatQuotes(quotes, notStatedLead(name, question, lang), '');
  const text = quotes.length === 1 ? formatted.text.replace(/：“/, '：\n“') : formatted.text;
  return { text, citations: formatted.citations, refused: true };
}
