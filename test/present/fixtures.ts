/** Invented citations and answers for the presentation tests. */
import type { Answer, Citation } from '../../src/types.js';

export const cite = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  pointId: `p${n}`,
  articleId: `a${n}`,
  title: '深圳市政协召开专题协商会',
  date: '2024-05-10',
  docId: 'd',
  source: 'd.txt',
  paragraphs: [3],
  paragraphTexts: ['委员建议…'],
  paragraphCount: 5,
  ...extra,
});

export const answerOf = (text: string, citations: Citation[]): Answer => ({
  text,
  citations,
  refused: false,
  mode: 'extractive',
  lang: 'zh',
  searchedQuestion: 'q',
  timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
});
