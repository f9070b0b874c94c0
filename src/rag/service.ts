/**
 * What every front end (Telegram bot, console chat, eval) needs from the answer core.
 * Front ends know nothing of Qdrant or the LLM; they talk to this interface only.
 */
import type { Answer, Citation, Lang, Turn } from '../types.js';

export interface PlaceCount {
  name: string;
  articles: number;
}

export interface ParagraphView {
  articleId: string;
  title: string;
  date?: string;
  source: string;
  url?: string;
  /** Edition or page of a PDF report ("第3版"). */
  page?: string;
  n: number;
  count: number;
  text: string;
}

export interface CorpusStats {
  articles: number;
  chunks: number;
  places: number;
  /** Earliest and latest article dates known, when any article has a date. */
  dateRange?: [string, string];
}

export interface AnswerOptions {
  /** Recent turns of this conversation, oldest first, for follow-up rewriting. */
  turns?: Turn[];
  /** Reply language; detected from the question when absent. */
  lang?: Lang;
  /** Streaming: called with the answer text so far (LLM mode), at most as often as tokens arrive. */
  onPartial?: (textSoFar: string) => void;
  signal?: AbortSignal;
}

export interface QaService {
  answer(question: string, opts?: AnswerOptions): Promise<Answer>;
  /** A cited summary of every article about a place (payload filter, not top-k). */
  summarize(place: string, opts?: AnswerOptions): Promise<Answer>;
  /** Places with article counts, most articles first, for menus. */
  places(): Promise<PlaceCount[]>;
  /** One paragraph of an article, looked up in the store (sources survive restarts). */
  paragraph(articleId: string, n: number): Promise<ParagraphView | undefined>;
  /** Matching paragraphs for a keyword lookup (inline mode). */
  search(query: string, limit: number): Promise<Citation[]>;
  stats(): Promise<CorpusStats>;
}
