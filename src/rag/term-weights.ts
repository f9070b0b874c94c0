/**
 * How much each query term says about WHAT is asked, for refusal and sentence choice. IDF alone over-weights
 * words a report would phrase differently: verbs ("担任", "签了" — the report says "签订"), the answer's slot
 * ("什么职务", "多大规模": the report gives the title or the sum, not the word 职务/规模), and the place itself
 * (checked on its own: an article must be about it). Nouns and names carry the topic and keep full weight.
 */
import { tagWords } from '../text/tokenize.js';
import type { Place } from '../types.js';
import { shortPlaceName } from './query.js';
import { isAskingWord, questionType } from './question-type.js';
import type { TermStat } from './retrieve.js';

export interface WeightedTerm extends TermStat {
  /** idf × how much the term carries the topic. */
  weight: number;
}

/** Words right after these name the kind of answer wanted ("什么职务", "哪几个城市"). */
const SLOT_BEFORE = /(什么样的?|什么|哪个|哪些|哪种|何种|哪类|哪项|哪几个|哪几|几.?|多大|多少.?|多|怎样的)$/;

const VERB_FACTOR = 0.5;
const SLOT_FACTOR = 0.3;
const PART_FACTOR = 0.5;

function posOf(term: string): string {
  const tags = tagWords(term);
  return tags.length === 1 ? (tags[0]?.tag ?? '') : (tags.at(-1)?.tag ?? '');
}

/**
 * Terms of the question that directly follow an interrogative, and the terms written right after those: the
 * answer slot ("什么平台" → 平台, "哪个产业集群" → 产业, 集群).
 */
export function slotTerms(question: string, terms: TermStat[]): Set<string> {
  const out = new Set<string>();
  const ends = new Set<number>();
  const at = (t: string): number[] => {
    const found: number[] = [];
    for (let i = question.indexOf(t); i >= 0; i = question.indexOf(t, i + 1)) found.push(i);
    return found;
  };
  // Longer terms first, so "产业集群" is tried before its parts.
  const byPosition = terms
    .flatMap((t) => at(t.term).map((i) => ({ term: t.term, i })))
    .sort((a, b) => a.i - b.i || b.term.length - a.term.length);
  for (const { term, i } of byPosition) {
    // A slot is one noun phrase: chain on only through nouns ("产业集群"), never into "来促进企业合作".
    const chained = ends.has(i) && /^n/.test(posOf(term));
    if (SLOT_BEFORE.test(question.slice(0, i)) || chained) {
      out.add(term);
      ends.add(i + term.length);
    }
  }
  return out;
}

export function weighTerms(
  question: string,
  terms: TermStat[],
  places: Place[],
  placeFactor = 0,
): WeightedTerm[] {
  const slots = slotTerms(question, terms);
  const type = questionType(question);
  const placeWords = places.flatMap((p) => [p.name, shortPlaceName(p.name)]);
  const out = terms.map((t) => {
    let factor = 1;
    if (isAskingWord(t.term, type)) factor = 0;
    else if (placeWords.some((w) => w.includes(t.term) || t.term.includes(w))) factor = placeFactor;
    else if (slots.has(t.term)) factor = SLOT_FACTOR;
    else if (/^v/.test(posOf(t.term))) factor = VERB_FACTOR;
    // Search-mode tokens overlap ("九三学社" also gives 九三/三学/学社): parts of a longer query term count half.
    // A part straddling the joint of a compound ("协会" in "政协会议") is no word of the question at all.
    const within = terms.filter((o) => o.term.length > t.term.length && o.term.includes(t.term));
    if (within.some((o) => !o.term.startsWith(t.term) && !o.term.endsWith(t.term))) factor = 0;
    else if (within.length > 0) factor *= PART_FACTOR;
    return { ...t, weight: t.idf * factor };
  });
  // A question that is only a place ("深圳") still needs something to match.
  return out.some((t) => t.weight > 0) ? out : out.map((t) => ({ ...t, weight: t.idf }));
}
