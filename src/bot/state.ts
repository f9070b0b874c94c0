/**
 * Helpers for the chat state (`ChatState` in src/types.ts: feedback records, votes, questions per day), and an
 * in-memory one for tests and tools. The app keeps it in a Qdrant collection (src/store/chat-state.ts).
 */
import type { ChatState, DayUsage, FeedbackEntry, FeedbackRecord, QuestionEvent, Vote } from '../types.js';

export type { ChatState, DayUsage, FeedbackRecord, Vote };
export { dayOf, newFeedbackKey } from '../shared/feedback.js';

/** In-process state, lost on restart: for tests and tools that run without a store. */
export class MemoryChatState implements ChatState {
  private readonly answers = new Map<string, FeedbackRecord>();
  private readonly votes = new Map<string, { key: string; vote: Vote; day: string; at: number }>();
  private readonly questions: QuestionEvent[] = [];

  saveAnswer(key: string, record: FeedbackRecord): Promise<void> {
    this.answers.set(key, record);
    return Promise.resolve();
  }

  answerFor(key: string): Promise<FeedbackRecord | undefined> {
    return Promise.resolve(this.answers.get(key));
  }

  vote(key: string, vote: Vote, userId: number | string, day: string): Promise<void> {
    this.votes.set(`${key}:${userId}`, { key, vote, day, at: Date.now() });
    return Promise.resolve();
  }

  questionAsked(event: QuestionEvent): Promise<void> {
    this.questions.push(event);
    return Promise.resolve();
  }

  questionsSince(since: number): Promise<QuestionEvent[]> {
    return Promise.resolve(this.questions.filter((q) => q.at >= since).sort((a, b) => a.at - b.at));
  }

  feedback(limit: number): Promise<FeedbackEntry[]> {
    const votes = [...this.votes.values()].sort((a, b) => b.at - a.at).slice(0, limit);
    return Promise.resolve(
      votes.map((v) => ({
        question: '',
        answer: '',
        mode: 'extractive' as const,
        sources: [],
        ...this.answers.get(v.key),
        ...v,
      })),
    );
  }

  usage(day: string): Promise<DayUsage> {
    const votes = [...this.votes.values()].filter((v) => v.day === day);
    return Promise.resolve({
      questions: this.questions.filter((q) => q.day === day).length,
      up: votes.filter((v) => v.vote === 'up').length,
      down: votes.filter((v) => v.vote === 'down').length,
    });
  }
}
