/**
 * Article-level answers to open questions ("成都市政协做了什么", "王立新委员说了什么", "介绍一下…"): for each
 * matching article its title and date, its lead sentence and two or three key points, every quote cited to its
 * paragraph. Bylines, speaker labels, captions and subheads are never quoted (isLabel). Pure.
 */
import { formatDateZh } from '../text/dates.js';
import { splitSentences } from '../text/sentences.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { Citation } from '../types.js';
import { citationFor, isLabel, quoted, sentenceUnits, type Quote, type QuotedAnswer } from './extractive.js';
import { termCoverage } from './refusal.js';
import { headlineOfPassage, type Passage } from './retrieve.js';
import type { WeightedTerm } from './term-weights.js';

const norm = (s: string): string => normalizeForMatch(s).toLowerCase();

/** Shortest and longest sentence worth quoting as a point. */
const MIN_POINT = 12;
const MAX_POINT = 220;

/** Most articles listed in one open answer. */
export const MAX_OPEN_ARTICLES = 3;

/**
 * Articles an open question is about, best first: those among the top passages whose headline and text hold
 * nearly as much of the question's topic as the best one (one entry per article).
 */
export function openArticles(terms: WeightedTerm[], passages: Passage[], top = 6): Passage[] {
  const scored = passages.slice(0, top).map((p) => ({
    p,
    c: termCoverage(terms, `${headlineOfPassage(p)}\n${p.text}`).coverage,
  }));
  const best = Math.max(0, ...scored.map((s) => s.c));
  const seen = new Set<string>();
  const out: Passage[] = [];
  for (const { p, c } of scored) {
    if (c < best * 0.8 || seen.has(p.articleId)) continue;
    seen.add(p.articleId);
    out.push(p);
  }
  return out.slice(0, MAX_OPEN_ARTICLES);
}

interface Unit extends Quote {
  order: number;
}

/** Quotable sentences of an article in reading order (labels and fragments left out). */
function units(article: Passage): Unit[] {
  const out: Unit[] = [];
  article.paragraphTexts.forEach((para, paragraphIndex) => {
    for (const sentence of sentenceUnits(para)) {
      const len = normalizeForMatch(sentence).length;
      if (len < MIN_POINT || len > MAX_POINT || isLabel(sentence)) continue;
      out.push({ sentence, passage: article, paragraphIndex, score: 0, order: out.length });
    }
  });
  return out;
}

/** Share of the question's weighted topic terms in a sentence. */
function topicShare(terms: WeightedTerm[], sentence: string): number {
  const total = terms.reduce((s, t) => s + t.weight, 0);
  if (total <= 0) return 0;
  const hay = norm(sentence);
  return terms.reduce((s, t) => s + (hay.includes(norm(t.term)) ? t.weight : 0), 0) / total;
}

/**
 * The lead and key points of one article: the lead is its first quotable sentence; points are sentences of
 * other paragraphs, preferring ones on the question's topic, then early ones, then ones that state a fact (a
 * figure, a 《document》), one per paragraph so every point has its own citation.
 */
export function articlePoints(terms: WeightedTerm[], article: Passage, points = 2): Unit[] {
  const all = units(article);
  const first = all[0];
  if (!first) return [];
  // The article's own lead, unless the question is about something only a later paragraph holds (a photo
  // item printed inside another report): then that paragraph's sentence leads.
  const onTopic = topicShare(terms, `${headlineOfPassage(article)}\n${first.sentence}`) >= 0.5;
  const best = [...all].sort((a, b) => topicShare(terms, b.sentence) - topicShare(terms, a.sentence))[0];
  const lead = onTopic || !best || topicShare(terms, best.sentence) === 0 ? first : best;
  // Points come from other paragraphs; a short article of one or two paragraphs lends its lead paragraph too.
  const paragraphs = new Set(all.map((u) => u.paragraphIndex)).size;
  const rest = all
    .filter((u) => u !== lead && (paragraphs <= points || u.paragraphIndex !== lead.paragraphIndex))
    .map((u) => ({
      ...u,
      score:
        topicShare(terms, u.sentence) +
        0.3 / (1 + u.order / 4) +
        (/\d|《[^》]+》/.test(u.sentence) ? 0.1 : 0) +
        (splitSentences(u.sentence).length > 1 ? 0 : 0.05),
    }))
    .sort((a, b) => b.score - a.score);
  const picked: Unit[] = [];
  for (const u of rest) {
    if (picked.length >= points) break;
    if (paragraphs > points && picked.some((p) => p.paragraphIndex === u.paragraphIndex)) continue;
    picked.push(u);
  }
  return [lead, ...picked.sort((a, b) => a.order - b.order)];
}

/**
 * The answer: "报道摘要：" then, per article, "《title》（date）", the lead and the points as bullets. With
 * several articles each block is numbered. Undefined when no article has a quotable sentence.
 */
export function openAnswer(
  terms: WeightedTerm[],
  articles: Passage[],
  lead = '相关报道要点（均为报道原文）：',
): QuotedAnswer | undefined {
  const blocks = articles
    .map((a) => ({ a, us: articlePoints(terms, a, articles.length > 1 ? 2 : 3) }))
    .filter((b) => b.us.length > 0);
  if (blocks.length === 0) return undefined;
  const citations: Citation[] = [];
  const quotes: string[] = [];
  const lines: string[] = [lead];
  blocks.forEach(({ a, us }, i) => {
    const head = `${blocks.length > 1 ? `${i + 1}. ` : ''}《${a.title}》${a.date ? `（${formatDateZh(a.date)}）` : ''}`;
    lines.push(head);
    for (const [j, u] of us.entries()) {
      const para = a.paragraphs[u.paragraphIndex];
      let c = citations.find((x) => x.articleId === a.articleId && x.paragraphs[0] === para);
      if (!c) {
        c = citationFor(u, citations.length + 1);
        citations.push(c);
      }
      quotes.push(u.sentence);
      lines.push(`${j === 0 ? '' : '• '}${quoted(u.sentence)}[${c.n}]`);
    }
  });
  return { text: lines.join('\n'), citations, quotes };
}
