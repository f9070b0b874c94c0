/** User-facing sentences of the answer core (Chinese, or English when the user writes English). */
import type { Lang } from '../types.js';
import { formatDateEn, formatDateZh } from '../text/dates.js';
import { coverTree } from './place-summary.js';
import type { PlaceCount } from './service.js';

export const FALLBACK_NOTICE = '（生成服务暂时不可用，以下为报道原文摘录）';
export const FALLBACK_NOTICE_EN =
  '(The answer service is unavailable right now; these are excerpts from the reports.)';

/** The model's reply failed the check (no citation holds its facts, NO_ANSWER, another question answered). */
export const UNCHECKED_NOTICE = '（生成的回答未能通过与报道原文的核对，以下为报道原文摘录）';
export const UNCHECKED_NOTICE_EN =
  '(The generated answer could not be checked against the reports; these are excerpts from them.)';

export function englishNeedsLlm(): string {
  return (
    'English questions need the LLM mode (an OpenAI-compatible API key), which is not configured here. ' +
    'Offline I can only search the Chinese reports: please ask in Chinese.'
  );
}

/**
 * The places covered, outermost first, each with the places inside it that hold reports: "山西省（13篇，含长治市11篇）".
 * A province's count already holds its cities' and counties' reports (their tags carry their parents).
 */
function coverList(places: PlaceCount[], lang: Lang): string {
  const top = coverTree(places).slice(0, 6);
  const en = (c: PlaceCount): string => `${c.name} (${c.articles})`;
  const zh = (c: PlaceCount): string => `${c.name}${c.articles}篇`;
  if (lang === 'en')
    return top
      .map(({ place, inside }) =>
        inside.length > 0 ? `${en(place)}, incl. ${inside.slice(0, 3).map(en).join(', ')}` : en(place),
      )
      .join('; ');
  return top
    .map(({ place, inside }) =>
      inside.length > 0
        ? `${place.name}（${place.articles}篇，含${inside.slice(0, 3).map(zh).join('、')}）`
        : `${place.name}（${place.articles}篇）`,
    )
    .join('、');
}

/** Nothing is indexed yet: say so, and how reports get in (a chat upload or the ingest command). */
export function emptyArchive(lang: Lang): string {
  return lang === 'en'
    ? 'No reports have been added yet. An admin can send report files (PDF, Word, TXT…) to the bot, or run ' +
        '`npm run ingest -- <file or folder>` on the server.'
    : '报道库里还没有报道。管理员可以把报道文件（PDF、Word、TXT 等）发给机器人，或在服务器上运行 ' +
        '`npm run ingest -- <文件或文件夹>` 导入。';
}

/**
 * Refusal: say plainly that the reports do not contain it and, when known, what they do cover. `scope` names the
 * reports searched when not all were ("今年（2026年1月1日至12月31日）").
 */
export function notInReports(lang: Lang, places: PlaceCount[], scope?: string): string {
  if (lang === 'en') {
    const base = `The reports ${scope ? `from ${scope}` : 'I have'} do not contain an answer to this question.`;
    return places.length > 0 ? `${base} They cover: ${coverList(places, lang)}.` : base;
  }
  const base = `${scope ? `${scope}的` : '收录的'}报道中没有找到这个问题的答案。`;
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

/** No report is about the place, but some name it in passing (a visit there): say so and name them. */
export function onlyMentionedIn(place: string, titles: string[], lang: Lang): string {
  const list = titles.slice(0, 5);
  if (lang === 'en')
    return `The reports contain no article about ${place}'s own work; it is mentioned in: ${list.map((t) => `"${t}"`).join(', ')}.`;
  return `收录的报道中没有关于${place}本地工作的文章；提到${place}的报道有：${list.map((t) => `《${t}》`).join('、')}。`;
}

/** "关于成都市的报道共2篇（2023-10-08、2023-10-12），要点摘录如下…": how many articles, and when. */
export function summaryLead(place: string, articles: number, lang: Lang, dates: string[] = []): string {
  const show = lang === 'en' ? formatDateEn : formatDateZh;
  const known = [...new Set(dates.filter((d) => d !== ''))].sort().map(show);
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

/**
 * The reports name the entity but not the asked fact: say which fact is missing, then quote what they do say
 * ("报道提到了X，但没有说X市政协主席是谁。提到X的报道：…").
 */
export function notStatedLead(entity: string, question: string, lang: Lang): string {
  if (lang === 'en')
    return `The reports mention ${entity}, but they do not say this: “${question}”. Reports mentioning ${entity}:`;
  return `报道提到了${entity}，但没有说${question}。提到${entity}的报道：`;
}
