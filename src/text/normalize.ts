/**
 * Text normalisation shared by ingestion, queries and evaluation.
 * NFKC folds full-width forms (Ａ１？， become A1?,), so ASCII and full-width punctuation compare equal.
 */
import * as OpenCC from 'opencc-js';
import { convertibleChars } from './convertible.js';

const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const twToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
/** The characters those two conversions can change (OpenCC's configs hk2s and tw2s). */
const convertible = convertibleChars(OpenCC.Locale, ['hk2s', 'tw2s']);

/** OpenCC's conversion itself, for texts that may hold traditional characters. */
export function simplifyAlways(text: string): string {
  return twToSimplified(toSimplified(text));
}

/** Traditional → simplified Chinese (handles both Taiwan and Hong Kong variants). */
export function simplify(text: string): string {
  return convertible.hits(text) ? simplifyAlways(text) : text;
}

/** NFKC + traditional→simplified + collapsed whitespace: what queries go through before search. */
export function normalizeQuery(text: string): string {
  return simplify(text.normalize('NFKC')).replace(/\s+/g, ' ').trim();
}

/** The evaluation normalisation (eval/README.md): NFKC, then remove all whitespace. */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/** True when the text is mostly Latin letters (an English question). */
export function isMostlyLatin(text: string): boolean {
  const letters = text.match(/[A-Za-z]/g)?.length ?? 0;
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  return letters > 0 && letters >= han * 2;
}
