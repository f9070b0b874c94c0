/**
 * RawDoc → Articles. Pages go through cleaning and segmentation (several articles per page); JSONL records are
 * one article each. Article ids are stable: sha1(docId # ordinal # title), 16 hex.
 */
import { createHash } from 'node:crypto';
import type { Article, Place } from '../src/types.js';
import { countPlaces, detectPlaces } from '../src/text/places.js';
import { cleanPage } from './clean.js';
import { reattachContinuations } from './continuations.js';
import { numberParagraphs, recordParagraphTexts } from './paragraphs.js';
import { findDate, segmentBlocks, type ArticleDraft } from './segment.js';
import type { RawDoc } from './types.js';
import { normalizeDate } from '../src/text/dates.js';

/** Stable article id from the document, the article's position in it and its title. */
export function articleId(docId: string, ordinal: number, title: string): string {
  return createHash('sha1').update(`${docId}#${ordinal}#${title}`).digest('hex').slice(0, 16);
}

/** How many leading paragraphs say what an article is about (for places). */
const LEAD_PARAGRAPHS = 2;
const MAX_PLACES = 4;

/**
 * The places an article is about: those its headline lines name; else the most mentioned in its first
 * paragraphs. Most specific first.
 */
export function articlePlaces(headline: string, lead: string): Place[] {
  const fromHead = detectPlaces(headline);
  if (fromHead.length > 0) return fromHead.slice(0, MAX_PLACES);
  // Resolve with the headline as context so "鸡东" after "鸡西市" in the lead still counts.
  const counts = [...countPlaces(`${headline}\n${lead}`).values()];
  if (counts.length === 0) return [];
  const ranked = counts.sort((a, b) => b.count - a.count || a.first - b.first).slice(0, MAX_PLACES);
  const names = new Set(ranked.flatMap((r) => r.place.parents));
  const rank = { county: 0, city: 1, province: 2 } as const;
  return ranked
    .filter((r) => !names.has(r.place.name))
    .map((r) => r.place)
    .sort((a, b) => rank[a.level] - rank[b.level]);
}

/** The reporters named in a news opener: "本报讯(记者 何静 通讯员 宋佳)…" → "记者 何静 通讯员 宋佳". */
export function openerByline(first: string): string | undefined {
  const m =
    /^本报讯\s*[(（]([^()（）]{2,40})[)）]/.exec(first) ??
    /^本报讯\s*((?:记者|通讯员)[\u4e00-\u9fa5 ]{2,20}?)报道/.exec(first);
  return m?.[1]?.trim();
}

function fallbackTitle(draft: ArticleDraft, doc: RawDoc): string {
  if (draft.title !== '') return draft.title;
  const first = draft.paragraphs[0] ?? '';
  // No headline printed: a short form of the first sentence, so citations still say something. Leading
  // boilerplate ("本报讯(记者 …)", "2023-08-18 10:24，正文：原标题：") says nothing about the article.
  const lead = first
    .replace(/^本报讯[(（][^)）]*[)）]\s*/, '')
    .replace(/^本报讯\s*/, '')
    .replace(/^[^。！？]{0,30}?正文[：:]\s*/, '')
    .replace(/^[\s▲]+/, '')
    .replace(/^原标题[：:]\s*/, '');
  const sentence = /^[^。！？!?，,]{8,40}/.exec(lead)?.[0] ?? /^[^。！？!?]{4,30}/.exec(lead)?.[0];
  return sentence ?? doc.title ?? doc.docId;
}

function toArticle(draft: ArticleDraft, doc: RawDoc, ordinal: number, docDate: string | undefined): Article {
  const title = fallbackTitle(draft, doc);
  const paragraphs = numberParagraphs(draft.paragraphs);
  const headline = [title, draft.subtitle ?? '', draft.titleFromSpeaker ? '' : (draft.byline ?? '')].join(
    '\n',
  );
  const lead = paragraphs
    .slice(0, LEAD_PARAGRAPHS)
    .map((p) => p.text)
    .join('\n');
  const article: Article = {
    id: articleId(doc.docId, ordinal, title),
    docId: doc.docId,
    source: doc.source,
    title,
    places: articlePlaces(headline, lead),
    paragraphs,
  };
  if (draft.subtitle !== undefined) article.subtitle = draft.subtitle;
  const byline = draft.byline ?? openerByline(paragraphs[0]?.text ?? '');
  if (byline !== undefined) article.byline = byline;
  // The report's own date (running head, metadata, file name), else a full date opening its first paragraph
  // (a dateline); never a partial one. Stored as a datetime, so only calendar dates pass.
  const date = [draft.date, docDate, findDate(paragraphs[0]?.text.slice(0, 80) ?? '')].find(
    (d) => d !== undefined && normalizeDate(d) !== undefined,
  );
  if (date !== undefined) article.date = normalizeDate(date);
  if (doc.url !== undefined) article.url = doc.url;
  if (doc.page !== undefined) article.page = doc.page;
  return article;
}

/** Parse one document into its articles (a page may hold several; a record is one). */
export function parseDocument(doc: RawDoc): Article[] {
  if (doc.kind === 'record') {
    const paragraphs = recordParagraphTexts(doc.text);
    if (paragraphs.length === 0) return [];
    const draft: ArticleDraft = { title: doc.title ?? '', paragraphs };
    const date = doc.date ?? findDate(doc.text.slice(0, 40));
    return [toArticle(draft, doc, 0, date)];
  }
  if (doc.articles !== undefined) {
    // Laid out by a structured reader (PDF, Word): titles and paragraphs are known, continuations already joined.
    const laid = doc.articles.filter((d) => d.paragraphs.length > 0);
    return withPagePlace(laid.map((d, k) => toArticle(d, doc, k, doc.date)));
  }
  const drafts = segmentBlocks(cleanPage(doc.text)).filter((d) => d.paragraphs.length > 0);
  if (drafts.length === 1 && drafts[0] && drafts[0].title === '' && doc.title !== undefined) {
    drafts[0].title = doc.title;
  }
  return withPagePlace(reattachContinuations(drafts.map((d, k) => toArticle(d, doc, k, doc.date))));
}

/** How an article refers to its own place: "我市", "本市", "全市" — a local report speaks of its city this way. */
const OWN_CITY = /(?:我|本|全)市/;

/** True when an article names no place in its headline but speaks of "我市 / 本市 / 全市" in its lead. */
function speaksOfOwnCity(a: Article): boolean {
  if (detectPlaces([a.title, a.subtitle ?? ''].join('\n')).length > 0) return false;
  return OWN_CITY.test(
    a.paragraphs
      .slice(0, LEAD_PARAGRAPHS)
      .map((p) => p.text)
      .join('\n'),
  );
}

/**
 * A local page is often about one city throughout ("市科技局" on a 长治 page names no place itself). When most
 * articles of a page that name a place share one city, articles that name none are given that city, and so are
 * those whose lead says "我市 / 本市 / 全市" while the places it names lie elsewhere (a partner city mentioned in
 * passing is not the article's own).
 */
export function withPagePlace(articles: Article[]): Article[] {
  const located = articles.filter((a) => a.places.length > 0);
  if (located.length === 0) return articles;
  const votes = new Map<string, number>();
  for (const a of located) {
    const cities = new Set(
      a.places.flatMap((p) =>
        p.level === 'city' ? [p.name] : p.level === 'county' ? p.parents.slice(1, 2) : [],
      ),
    );
    for (const c of cities) votes.set(c, (votes.get(c) ?? 0) + 1);
  }
  const [top] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  if (!top || top[1] * 2 < located.length) return articles;
  const city = detectPlaces(top[0]).find((p) => p.name === top[0]);
  if (!city) return articles;
  const inCity = (p: Place): boolean => p.code.startsWith(city.code);
  return articles.map((a) => {
    if (a.places.length === 0) return { ...a, places: [city] };
    if (speaksOfOwnCity(a) && !a.places.some(inCity)) return { ...a, places: [city] };
    return a;
  });
}
