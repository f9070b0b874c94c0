/**
 * How a resolved follow-up steers the search (pure): passages whose headline names the person or body the
 * follow-up is about come first (after "人社局呢？" the report headed by that body, not one mentioning it in
 * passing), and in a swap the words carried over from the previous question weigh less in the refusal check
 * than the words the user typed (the report about the new entity need not repeat the old question's wording).
 */
import { toShortNames } from '../text/bodies.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { Passage } from './retrieve.js';
import type { WeightedTerm } from './term-weights.js';

/** Weight of a term only the carried-over part of a swapped question holds. */
export const CARRIED_FACTOR = 0.3;

const comparable = (s: string): string => toShortNames(normalizeForMatch(s));

/** True when the passage's headline (title, subtitle, byline) names one of the entities. */
export function headlineNames(p: Passage, focus: string[]): boolean {
  const head = comparable([p.title, p.subtitle ?? '', p.byline ?? ''].join(' '));
  return focus.some((f) => {
    const c = comparable(f);
    return c.length >= 2 && head.includes(c);
  });
}

/** Passages headed by a focus entity first, the rest after, each group in its order; ranks renumbered. */
export function preferHeadlined(passages: Passage[], focus: string[]): Passage[] {
  if (focus.length === 0) return passages;
  const named = passages.filter((p) => headlineNames(p, focus));
  if (named.length === 0 || named.length === passages.length) return passages;
  const rest = passages.filter((p) => !named.includes(p));
  return [...named, ...rest].map((p, i) => ({ ...p, rank: i + 1 }));
}

/** Terms the user did not type in a swap ("X呢？") weigh CARRIED_FACTOR of their weight. */
export function discountCarried(terms: WeightedTerm[], own: string | undefined): WeightedTerm[] {
  if (own === undefined) return terms;
  const typed = comparable(own);
  return terms.map((t) =>
    typed.includes(comparable(t.term)) ? t : { ...t, weight: t.weight * CARRIED_FACTOR },
  );
}
