/**
 * JSON: an Answer as a front end without markup wants it (HTTP API, scripts): the text with its [n] markers, the
 * rendered footnotes, and the citations as data — enough to show 《标题》第p段 and to open the paragraph again.
 */
import type { Answer } from '../types.js';
import { answerText, footnoteText } from './console.js';
import { byMarker } from './footnote.js';
import type { Texts } from './texts.js';

export interface JsonCitation {
  n: number;
  articleId: string;
  title: string;
  paragraphs: number[];
  date?: string;
  source: string;
  url?: string;
  quote?: string;
  /** `[n] 《标题》第p段 · 日期` in the answer's language. */
  footnote: string;
}

export interface JsonAnswer {
  /** Answer text with [n] markers, as the core wrote it. */
  text: string;
  /** Text, notice and footnotes as one plain-text message. */
  display: string;
  refused: boolean;
  lang: Answer['lang'];
  notice?: string;
  citations: JsonCitation[];
}

export function answerJson(answer: Answer, t: Texts): JsonAnswer {
  return {
    text: answer.text,
    display: answerText(answer, t),
    refused: answer.refused,
    lang: answer.lang,
    ...(answer.notice ? { notice: answer.notice } : {}),
    citations: byMarker(answer.citations).map((c) => ({
      n: c.n,
      articleId: c.articleId,
      title: c.title,
      paragraphs: c.paragraphs,
      ...(c.date ? { date: c.date } : {}),
      source: c.source,
      ...(c.url ? { url: c.url } : {}),
      ...(c.quote ? { quote: c.quote } : {}),
      footnote: footnoteText(c, t),
    })),
  };
}
