/** Reply language, the same rule for every front end. */
import type { Lang } from '../types.js';

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /[A-Za-z]{2,}/;

/**
 * Reply language: Chinese text → zh, English text → en; text without letters (a bare command, a number)
 * falls back to the user's language setting (Telegram's language_code, the console's LANG, …).
 */
export function detectLang(text: string | undefined, languageCode: string | undefined): Lang {
  const body = (text ?? '').replace(/^\/\S+/, '').replace(/@\w+/g, '');
  if (HAN.test(body)) return 'zh';
  if (LATIN_WORD.test(body)) return 'en';
  return languageCode?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}
