/** The turn a front end keeps after answering: the question, the answer text and the articles it cited. */
import type { Answer, Turn } from '../types.js';

export function turnOf(question: string, a: Answer): Turn {
  const seen = new Map<string, string>();
  for (const c of a.citations) if (!seen.has(c.articleId)) seen.set(c.articleId, c.title);
  const articles = [...seen].map(([id, title]) => ({ id, title }));
  return { question, answer: a.text, ...(articles.length > 0 ? { articles } : {}) };
}
