/** Keeps "typing…" visible while an answer is being prepared; Telegram clears it after ~5 s. */
import type { Api } from 'grammy';

export function keepTyping(api: Api, chatId: number, intervalMs: number, threadId?: number): () => void {
  const send = () => {
    api
      .sendChatAction(chatId, 'typing', threadId !== undefined ? { message_thread_id: threadId } : {})
      .catch(() => {
        // Cosmetic only: a failed chat action must not fail the answer.
      });
  };
  send();
  const timer = setInterval(send, intervalMs);
  return () => clearInterval(timer);
}
