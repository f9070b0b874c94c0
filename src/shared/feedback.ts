/**
 * What every chat front end keeps for 👍/👎 in the chat state (`ChatState`, src/types.ts): the answer behind a
 * pair of buttons, under a random key, and each vote with its day. The questions themselves are counted for every
 * front end by the start-up (src/app/recording.ts), so no front end counts them itself.
 */
import { randomBytes } from 'node:crypto';
import type { Answer, FeedbackRecord } from '../types.js';

/** The UTC day an event counts for, `YYYY-MM-DD`. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A feedback key: random, so keys from several instances, front ends or restarts never collide. */
export function newFeedbackKey(): string {
  return randomBytes(8).toString('base64url');
}

/** The answer behind a 👍/👎 as the console's Feedback shows it: question, answer text, mode and sources. */
export function feedbackRecord(question: string, answer: Answer): FeedbackRecord {
  return {
    question,
    answer: answer.text,
    mode: answer.mode,
    sources: answer.citations.map((c) => ({
      n: c.n,
      articleId: c.articleId,
      title: c.title,
      paragraphs: c.paragraphs,
    })),
  };
}
