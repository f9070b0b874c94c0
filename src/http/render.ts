/**
 * Pure presentation for the HTTP API: an Answer → the reply text (answer, notice, footnotes) and the structured
 * citations sent beside it. Footnotes are the presentation layer's plain-text ones (as the console's), so every
 * front end cites alike: `[1] 《标题》第3段 · 2024年8月18日`. Lines end in two spaces: a Markdown line break for
 * chat front ends that render Markdown (Open WebUI, LobeChat), invisible in plain-text bots.
 */
import { footnoteText } from '../present/console.js';
import { texts } from '../present/texts.js';
import type { Answer, Citation, Lang } from '../types.js';

const BREAK = '  \n';

/** One footnote as plain text; the article's URL (when the report has one) follows, so it stays reachable. */
export function footnoteLine(c: Citation, lang: Lang): string {
  const line = footnoteText(c, texts(lang));
  return c.url ? `${line} · ${c.url}` : line;
}

/** The footnote block: "来源" then one line per citation, in marker order. Empty without citations. */
export function sourcesBlock(citations: Citation[], lang: Lang): string {
  if (citations.length === 0) return '';
  const notes = [...citations].sort((a, b) => a.n - b.n).map((c) => footnoteLine(c, lang));
  return [texts(lang).sources, ...notes].join(BREAK);
}

/** What follows the answer text: the notice (e.g. an extractive fallback), then the footnotes. */
export function replyTail(answer: Answer): string {
  const blocks: string[] = [];
  if (answer.notice) blocks.push(answer.notice);
  const sources = sourcesBlock(answer.citations, answer.lang);
  if (sources !== '') blocks.push(sources);
  return blocks.map((b) => `\n\n${b}`).join('');
}

/** The whole reply: answer text with its [n] markers, the notice, the footnotes. */
export function replyText(answer: Answer): string {
  return answer.text.trim() + replyTail(answer);
}

/** Between a streamed draft and the checked answer that replaces it (see reply-stream.ts). */
export const CORRECTION: Record<Lang, string> = {
  zh: '——以上为草稿；核对引用后的回答如下，以此为准——',
  en: '— The above was a draft; the answer with checked citations follows —',
};

/** An earlier reply of ours sent back as history: only the checked answer, as footnotes are noise for rewriting. */
export function withoutSources(reply: string): string {
  let text = reply;
  for (const note of Object.values(CORRECTION)) {
    const at = text.lastIndexOf(note);
    if (at >= 0) text = text.slice(at + note.length);
  }
  const m = /\n\n(?:来源|Sources) *\n\[\d+\] /.exec(text);
  return (m ? text.slice(0, m.index) : text).trim();
}

/**
 * The titles an earlier reply of ours cited, in marker order, read back from its footnotes (`[1] 《标题》…`): a
 * client sends text only, and a follow-up that points back ("这篇报道…") prefers those articles.
 */
export function citedTitles(reply: string): string[] {
  const m = /\n\n(?:来源|Sources) *\n(?=\[\d+\] )/.exec(reply);
  if (!m) return [];
  const out: string[] = [];
  for (const line of reply.slice(m.index + m[0].length).split('\n')) {
    const t = /^\[\d+\] 《(.+?)》/.exec(line)?.[1];
    if (t !== undefined && !out.includes(t)) out.push(t);
  }
  return out;
}

/** A citation as JSON for API clients (snake case, like the rest of the OpenAI-shaped payload). */
export interface ApiCitation {
  /** The marker number in the reply text: [index]. */
  index: number;
  article_id: string;
  title: string;
  date?: string;
  source: string;
  url?: string;
  /** Paragraph numbers within the article (1-based). */
  paragraphs: number[];
  /** The exact text of those paragraphs, from the store. */
  text: string;
  /** The quoted sentence, for extractive answers. */
  quote?: string;
  /** The footnote line as it appears in the reply. */
  footnote: string;
}

export function citationJson(c: Citation, lang: Lang): ApiCitation {
  return {
    index: c.n,
    article_id: c.articleId,
    title: c.title,
    ...(c.date !== undefined ? { date: c.date } : {}),
    source: c.source,
    ...(c.url !== undefined ? { url: c.url } : {}),
    paragraphs: [...c.paragraphs],
    text: c.paragraphTexts.join('\n'),
    ...(c.quote !== undefined ? { quote: c.quote } : {}),
    footnote: footnoteLine(c, lang),
  };
}

export function citationsJson(answer: Answer): ApiCitation[] {
  return [...answer.citations].sort((a, b) => a.n - b.n).map((c) => citationJson(c, answer.lang));
}

/**
 * A search hit. The core's search returns citations in retrieval order without a score, so `rank` (1 = best)
 * is what orders them; `score` is passed on only if the core ever provides one.
 */
export interface SearchHit extends Omit<ApiCitation, 'index'> {
  rank: number;
  score?: number;
}

export function searchHits(citations: Citation[], lang: Lang): SearchHit[] {
  return citations.map((c, i) => {
    const { index: _index, ...rest } = citationJson(c, lang);
    const score = (c as Citation & { score?: unknown }).score;
    return { rank: i + 1, ...rest, ...(typeof score === 'number' ? { score } : {}) };
  });
}
