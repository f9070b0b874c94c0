/**
 * Helpers for the chat state (`ChatState` in src/types.ts: feedback records, votes, questions per day), and an
 * in-memory one for tests and tools. The app keeps it in a Qdrant collection (src/store/chat-state.ts).
 */
import { randomBytes } from 'node:crypto';
import type { ChatState, DayUsage, FeedbackRecord, Vote } from '../types.js';

export type { ChatState, DayUsage, FeedbackRecord, Vote };

/** The UTC day an event counts for, `YYYY-MM-DD`. */
export function dayOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A feedback key: random, so keys from several instances or from before a restart never collide. */
export function newFeedbackKey(): string {
  return randomBytes(8).toString('base64url');
}

/** In-process state, lost on restart: for tests and tools that run without a store. */
export class MemoryChatState implements ChatState {
  private readonly answers = new Map<string, FeedbackRecord>();
  private readonly votes = new Map<string, { vote: Vote; day: string }>();
  private readonly questions = new Map<string, number>();

  saveAnswer(key: string, record: FeedbackRecord): Promise<void> {
    this.answers.set(key, record);
    return Promise.resolve();
  }

  answerFor(key: string): Promise<FeedbackRecord | undefined> {
    return Promise.resolve(this.answers.get(key));
  }

  vote(key: string, vote: Vote, userId: number | string, day: string): Promise<void> {
    this.votes.set(`${key}:${userId}`, { vote, day });
    return Promise.resolve();
  }

  questionAnswered(day: string): Promise<void> {
    this.questions.set(day, (this.questions.get(day) ?? 0) + 1);
    return Promise.resolve();
  }

  usage(day: string): Promise<DayUsage> {
    const votes = [...this.votes.values()].filter((v) => v.day === day);
    return Promise.resolve({
      questions: this.questions.get(day) ?? 0,
      up: votes.filter((v) => v.vote === 'up').length,
      down: votes.filter((v) => v.vote === 'down').length,
    });
  }
}
