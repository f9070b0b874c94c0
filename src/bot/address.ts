/**
 * Who a message is for. In private chats every text is a question; in groups (privacy mode on) the bot answers
 * only when mentioned or replied to. Also: which conversation a message continues, for follow-ups.
 */
import type { Message, UserFromGetMe } from 'grammy/types';
import type { Conversations } from '../shared/conversation.js';

export function isGroup(type: string | undefined): boolean {
  return type === 'group' || type === 'supergroup';
}

/** The question in a message addressed to the bot (mention removed), or undefined when it is not for us. */
export function addressedQuestion(msg: Message, me: UserFromGetMe): string | undefined {
  const text = msg.text;
  if (text === undefined) return undefined;
  if (!isGroup(msg.chat.type)) return text.trim();
  const mine = `@${me.username}`.toLowerCase();
  const hits = (msg.entities ?? []).filter(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === mine) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
  const repliedToBot = msg.reply_to_message?.from?.id === me.id;
  if (hits.length === 0 && !repliedToBot) return undefined;
  let out = text;
  for (const e of [...hits].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Private chat (or forum topic) → one conversation. Group → one conversation per reply thread: a reply to a
 * message we know continues its thread; a fresh mention starts a new one.
 */
export function conversationKey(msg: Message, convs: Conversations): string {
  const chatId = msg.chat.id;
  if (!isGroup(msg.chat.type)) {
    return msg.message_thread_id !== undefined ? `p:${chatId}:${msg.message_thread_id}` : `p:${chatId}`;
  }
  const parent = msg.reply_to_message;
  if (parent) return convs.threadOf(chatId, parent.message_id) ?? `g:${chatId}:${parent.message_id}`;
  return `g:${chatId}:${msg.message_id}`;
}
