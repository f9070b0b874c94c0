/**
 * Offline summaries of a place: central, non-redundant sentences across ALL of the place's articles, quoted and
 * cited. Centrality is cosine similarity to the centroid of all sentences' term counts (what the articles keep
 * talking about); each article contributes its best sentence first, so no article is left out.
 */
import { formatDateZh } from '../text/dates.js';
import { splitSentences } from '../text/sentences.js';
import { tokenize } from '../text/tokenize.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { Citation } from '../types.js';
import type { Quote, QuotedAnswer } from './extractive.js';
import { citationFor, isLabel, quoted } from './extractive.js';
import type { Passage } from './retrieve.js';
import { shortPlaceName } from './query.js';

interface Candidate extends Quote {
  terms: Map<string, number>;
  order: number;
}

const MIN_LEN = 15;
const MAX_LEN = 220;

function counts(tokens: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [t, v] of a) {
    na += v * v;
    dot += v * (b.get(t) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

function jaccard(a: Map<string, number>, b: Map<string, number>): number {
  let inter = 0;
  for (const t of a.keys()) if (b.has(t)) inter++;
  const union = a.size + b.size - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * @param articles one passage per article, holding all its paragraphs
 * @param topic optional topic words from the request ("调研金融服务业"): sentences about it rank higher
 */
export function summarizeExtractive(
  articles: Passage[],
  lead: string,
  topic: string[] = [],
  maxQuotes = 8,
): QuotedAnswer | undefined {
  // Key points, not every paragraph: three from a lone article, two each from a few, one each from many.
  const perArticle = articles.length <= 1 ? 3 : articles.length <= 3 ? 2 : 1;
  const cands: Candidate[] = [];
  let order = 0;
  for (const passage of articles) {
    const before = cands.length;
    let long: { sentence: string; paragraphIndex: number; order: number } | undefined;
    passage.paragraphTexts.forEach((para, paragraphIndex) => {
      for (const sentence of splitSentences(para)) {
        const len = normalizeForMatch(sentence).length;
        order++;
        if (len > MAX_LEN && !long) long = { sentence, paragraphIndex, order };
        if (len < MIN_LEN || len > MAX_LEN || isLabel(sentence)) continue;
        cands.push({ sentence, passage, paragraphIndex, score: 0, terms: counts(tokenize(sentence)), order });
      }
    });
    // An article written in overlong sentences still gets its point: the first one up to a clause end.
    const head = long && cands.length === before ? clauseHead(long.sentence) : undefined;
    if (long && head)
      cands.push({ ...long, sentence: head, passage, score: 0, terms: counts(tokenize(head)) });
  }
  if (cands.length === 0) return undefined;
  // Document frequency over sentences dampens words every sentence uses (政协, 委员).
  const df = new Map<string, number>();
  for (const c of cands) for (const t of c.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string): number => Math.log(1 + cands.length / (df.get(t) ?? 1));
  const centroid = new Map<string, number>();
  for (const c of cands) for (const [t, v] of c.terms) centroid.set(t, (centroid.get(t) ?? 0) + v * idf(t));
  const topicSet = new Set(topic);
  for (const c of cands) {
    const weighted = new Map([...c.terms].map(([t, v]) => [t, v * idf(t)] as [string, number]));
    const onTopic =
      topicSet.size > 0 ? [...c.terms.keys()].filter((t) => topicSet.has(t)).length / topicSet.size : 0;
    c.score = cosine(weighted, centroid) + 0.3 * onTopic;
  }
  const byScore = [...cands].sort((a, b) => b.score - a.score);
  const picked: Candidate[] = [];
  const samePlace = (c: Candidate): boolean =>
    picked.some((p) => p.passage === c.passage && p.paragraphIndex === c.paragraphIndex);
  // Near-duplicates (a reprint, the same point twice) and a second point from one paragraph are left out, so
  // every bullet says something new and has a citation of its own.
  const redundant = (c: Candidate): boolean =>
    samePlace(c) || picked.some((p) => jaccard(p.terms, c.terms) > 0.4);
  const count = (a: Passage): number => picked.filter((p) => p.passage === a).length;
  // One sentence per article first (coverage), then the best remaining ones up to the per-article share.
  for (const a of articles) {
    const best = byScore.find((c) => c.passage === a && !redundant(c));
    if (best && picked.length < maxQuotes) picked.push(best);
  }
  for (const c of byScore) {
    if (picked.length >= maxQuotes) break;
    if (!picked.includes(c) && count(c.passage) < perArticle && !redundant(c)) picked.push(c);
  }
  picked.sort((a, b) => articles.indexOf(a.passage) - articles.indexOf(b.passage) || a.order - b.order);
  return formatByArticle(picked, lead);
}

/** The sentence's start up to the last clause end (，；：) within MAX_LEN: still a substring of the paragraph. */
function clauseHead(sentence: string): string | undefined {
  const cut = sentence.slice(0, MAX_LEN);
  const end = Math.max(
    cut.lastIndexOf('，'),
    cut.lastIndexOf('；'),
    cut.lastIndexOf('：'),
    cut.lastIndexOf(','),
  );
  const head = end >= MIN_LEN ? cut.slice(0, end) : undefined;
  return head;
}

/** "《title》（date）" then its points as bullets, article by article; one citation number per paragraph. */
function formatByArticle(points: Quote[], lead: string): QuotedAnswer {
  const citations: Citation[] = [];
  const lines = [lead];
  let current: Passage | undefined;
  for (const q of points) {
    if (q.passage !== current) {
      current = q.passage;
      lines.push(`《${current.title}》${current.date ? `（${formatDateZh(current.date)}）` : ''}`);
    }
    const para = q.passage.paragraphs[q.paragraphIndex];
    let c = citations.find((x) => x.articleId === q.passage.articleId && x.paragraphs[0] === para);
    if (!c) {
      c = citationFor(q, citations.length + 1);
      citations.push(c);
    }
    lines.push(`• ${quoted(q.sentence)}[${c.n}]`);
  }
  return { text: lines.join('\n'), citations, quotes: points.map((q) => q.sentence) };
}

/** Topic words of a summary request: the request minus summary verbs and place names. */
export function topicTerms(question: string, place: string): string[] {
  const drop = new Set([...tokenize(place), ...tokenize(shortPlaceName(place))]);
  return tokenize(question.replace(/(总结|概括|汇总|梳理|综述|归纳)(一下)?/g, '')).filter(
    (t) => !drop.has(t) && t !== '政协',
  );
}

/** Passages of one article joined into one (paragraph order), so a summary counts and heads each article once. */
export function byArticle(passages: Passage[]): Passage[] {
  const out = new Map<string, Passage>();
  for (const p of passages) {
    const a = out.get(p.articleId);
    if (!a) {
      out.set(p.articleId, { ...p });
      continue;
    }
    const rows = [
      ...a.paragraphs.map((n, i) => ({ n, t: a.paragraphTexts[i] ?? '', pt: a.paragraphPoints[i] ?? '' })),
      ...p.paragraphs
        .map((n, i) => ({ n, t: p.paragraphTexts[i] ?? '', pt: p.paragraphPoints[i] ?? '' }))
        .filter((r) => !a.paragraphs.includes(r.n)),
    ].sort((x, y) => x.n - y.n);
    a.paragraphs = rows.map((r) => r.n);
    a.paragraphTexts = rows.map((r) => r.t);
    a.paragraphPoints = rows.map((r) => r.pt);
    a.text = a.paragraphTexts.join('\n');
  }
  return [...out.values()];
}
