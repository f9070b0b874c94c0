/**
 * Conversation memory for follow-ups: turns per conversation key (a private chat, or a reply thread in a
 * group), and which conversation each message belongs to so a reply continues the right thread. Bounded.
 */
import type { Turn } from '../types.js';
import { Lru } from './lru.js';

export class Conversations {
  private readonly turns: Lru<string, Turn[]>;
  private readonly messageThread: Lru<string, string>;

  constructor(
    private readonly maxTurns: number,
    maxConversations: number,
  ) {
    this.turns = new Lru(maxConversations);
    this.messageThread = new Lru(maxConversations * 8);
  }

  history(key: string): Turn[] {
    return [...(this.turns.get(key) ?? [])];
  }

  add(key: string, turn: Turn): void {
    const list = [...(this.turns.get(key) ?? []), turn].slice(-this.maxTurns);
    this.turns.set(key, list);
  }

  /** Remembers that a message (question or answer) belongs to conversation `key`. */
  link(chatId: number, messageId: number, key: string): void {
    this.messageThread.set(`${chatId}:${messageId}`, key);
  }

  threadOf(chatId: number, messageId: number): string | undefined {
    return this.messageThread.get(`${chatId}:${messageId}`);
  }
}
