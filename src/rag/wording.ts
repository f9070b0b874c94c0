/** User-facing sentences of the answer core (Chinese, or English when the user writes English). */
import type { Lang } from '../types.js';
import type { PlaceCount } from './service.js';

export const FALLBACK_NOTICE = '（生成服务暂时不可用，以下为报道原文摘录）';
export const FALLBACK_NOTICE_EN =
  '(The answer service is unavailable right now; these are excerpts from the reports.)';

export function englishNeedsLlm(): string {
  return (
    'English questions need the LLM mode (an OpenAI-compatible API key), which is not configured here. ' +
    'Offline I can only search the Chinese reports: please ask in Chinese.'
  );
}

function coverList(places: PlaceCount[], lang: Lang): string {
  const top = places.slice(0, 8);
  if (lang === 'en') return top.map((p) => `${p.name} (${p.articles})`).join(', ');
  return top.map((p) => `${p.name}（${p.articles}篇）`).join('、');
}

/** Nothing is indexed yet: say so, and how reports get in (a chat upload or the ingest command). */
export function emptyArchive(lang: Lang): string {
  return lang === 'en'
    ? 'No reports have been added yet. An admin can send report files (PDF, Word, TXT…) to the bot, or run ' +
        '`npm run ingest -- <file or folder>` on the server.'
    : '报道库里还没有报道。管理员可以把报道文件（PDF、Word、TXT 等）发给机器人，或在服务器上运行 ' +
        '`npm run ingest -- <文件或文件夹>` 导入。';
}

/** Refusal: say plainly that the reports do not contain it and, when known, what they do cover. */
export function notInReports(lang: Lang, places: PlaceCount[]): string {
  if (lang === 'en') {
    const base = 'The reports I have do not contain an answer to this question.';
    return places.length > 0 ? `${base} They cover: ${coverList(places, lang)}.` : base;
  }
  const base = '收录的报道中没有找到这个问题的答案。';
  return places.length > 0 ? `${base}目前的报道涉及：${coverList(places, lang)}。` : base;
}

export function noArticlesFor(place: string, lang: Lang, places: PlaceCount[]): string {
  if (lang === 'en') {
    const base = `The reports contain no article about ${place}.`;
    return places.length > 0 ? `${base} They cover: ${coverList(places, lang)}.` : base;
  }
  const base = `收录的报道中没有关于${place}的文章。`;
  return places.length > 0 ? `${base}目前的报道涉及：${coverList(places, lang)}。` : base;
}

/** "关于成都市的报道共2篇（2023-10-08、2023-10-12），要点摘录如下…": how many articles, and when. */
export function summaryLead(place: string, articles: number, lang: Lang, dates: string[] = []): string {
  const known = [...new Set(dates.filter((d) => d !== ''))].sort();
  const when =
    known.length === 0
      ? ''
      : known.length <= 3
        ? known.join(lang === 'en' ? ', ' : '、')
        : `${known[0]}${lang === 'en' ? ' to ' : '至'}${known.at(-1)}`;
  return lang === 'en'
    ? `${articles} report(s) about ${place}${when ? ` (${when})` : ''}; key points quoted from them:`
    : `关于${place}的报道共${articles}篇${when ? `（${when}）` : ''}，要点摘录如下（均为报道原文）：`;
}

export function extractiveLead(lang: Lang): string {
  return lang === 'en' ? 'From the reports: ' : '报道原文：';
}
