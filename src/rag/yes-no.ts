/**
 * Yes/no questions (吗/是否/有没有/是不是/能不能): the quote is led by a verdict only when one quoted sentence
 * clearly states the proposition — it holds nearly all of the question's content terms — and its negation is read
 * off the words right before those terms ("未暂停", "没有导致", "不会"). Any doubt: no verdict, just the quote. Pure.
 */
import { normalizeForMatch } from '../text/normalize.js';
import type { Lang } from '../types.js';
import { occursIn } from './refusal.js';
import type { WeightedTerm } from './term-weights.js';

/** Share of the question's content weight a sentence must hold to state the proposition. */
export const VERDICT_COVERAGE = 0.85;

/** The asking form, cut before the question's own polarity is read. */
const ASKING = /(是否|是不是|有没有|能不能|能否|可否|会不会|可不可以|要不要|吗|呢|[?？。!！])/g;
const NEGATION = /(不|没有|没|未|无|非|禁止|别|勿|否认|拒绝|停止)/;
/** Words that contain a negation character without negating ("不断", "无人机", "非洲"). */
const NOT_NEGATION =
  /(不断|不仅|不少|不久|不同|不足|不论|不管|不料|毫不|无人机|无论|无线|无锡|非洲|非常|非遗|非物质|无偿|没收|未来|无数|不禁)/g;
/** How far before a matched term a negation still negates it ("没有导致" 2, "并未因此暂停" 4). */
const NEGATION_REACH = 4;

export type VerdictForm = 'shi' | 'you' | 'neng' | 'hui';

export interface Verdict {
  yes: boolean;
  form: VerdictForm;
  /** Share of the question's content weight the sentence holds. */
  coverage: number;
}

function formOf(question: string): VerdictForm {
  if (/有没有|有无/.test(question)) return 'you';
  if (/能不能|能否|可否|可不可以|能.{0,12}吗/.test(question)) return 'neng';
  if (/会不会|会.{0,12}吗/.test(question)) return 'hui';
  return 'shi';
}

/** True when a negation sits just before one of the terms (or anywhere, with no terms given). */
function negated(text: string, terms: string[]): boolean {
  const t = text.replace(NOT_NEGATION, (m) => '＿'.repeat(m.length));
  if (terms.length === 0) return NEGATION.test(t);
  return terms.some((term) => {
    for (let at = t.indexOf(term); at >= 0; at = t.indexOf(term, at + 1)) {
      if (NEGATION.test(t.slice(Math.max(0, at - NEGATION_REACH), at))) return true;
    }
    return false;
  });
}

/**
 * The verdict a sentence supports, or undefined when it does not clearly state the proposition (too few of the
 * question's content terms).
 */
export function verdictFor(question: string, terms: WeightedTerm[], sentence: string): Verdict | undefined {
  const content = terms.filter((t) => t.weight > 0);
  const total = content.reduce((s, t) => s + t.weight, 0);
  if (total <= 0) return undefined;
  const hay = normalizeForMatch(sentence).toLowerCase();
  const found = content.filter((t) => occursIn(t.term, hay));
  const coverage = found.reduce((s, t) => s + t.weight, 0) / total;
  if (coverage < VERDICT_COVERAGE) return undefined;
  const words = found.map((t) => normalizeForMatch(t.term).toLowerCase()).filter((w) => hay.includes(w));
  const asked = normalizeForMatch(question).replace(ASKING, '');
  const askedWords = words.filter((w) => asked.includes(w));
  const yes = negated(asked, askedWords) === negated(hay, words);
  return { yes, form: formOf(question), coverage };
}

/** The best verdict over the quoted sentences (highest coverage). */
export function verdictOver(question: string, terms: WeightedTerm[], quotes: string[]): Verdict | undefined {
  let best: Verdict | undefined;
  for (const q of quotes) {
    const v = verdictFor(question, terms, q);
    if (v && (!best || v.coverage > best.coverage)) best = v;
  }
  return best;
}

const WORDS: Record<VerdictForm, [string, string]> = {
  shi: ['是的。', '不是。'],
  you: ['有。', '没有。'],
  neng: ['能。', '不能。'],
  hui: ['会。', '不会。'],
};

/** "是的。" / "没有。" / "Yes. " to lead the quote with. */
export function verdictLead(v: Verdict, lang: Lang): string {
  if (lang === 'en') return v.yes ? 'Yes. ' : 'No. ';
  return WORDS[v.form][v.yes ? 0 : 1];
}
