/**
 * Request bodies of the API, validated with zod. Chat requests are OpenAI's: the last user message is the
 * question, earlier user/assistant pairs become the turns the core uses to rewrite a follow-up. Unknown fields
 * (temperature, max_tokens, tools…) are accepted and ignored, as front ends send them unasked.
 */
import { z } from 'zod';
import type { Turn } from '../types.js';
import { citedTitles, withoutSources } from './render.js';

/** Longest question answered; the core searches on it, so a pasted document is a mistake, not a question. */
export const MAX_QUESTION_CHARS = 2000;
/** Earlier exchanges passed on for follow-ups, as the other front ends keep. */
export const MAX_TURNS = 6;

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() });
const otherPart = z.looseObject({ type: z.string() });
const content = z.union([z.string(), z.array(z.union([textPart, otherPart])), z.null()]).optional();

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content,
});

export const chatRequestSchema = z.looseObject({
  model: z.string().optional(),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const searchRequestSchema = z.looseObject({
  query: z.string().trim().min(1).max(MAX_QUESTION_CHARS),
  limit: z.number().int().min(1).max(50).default(5),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;

type Message = ChatRequest['messages'][number];

/** The text of a message: a string, or its text parts joined (images and other parts are ignored). */
export function messageText(m: Message): string {
  const c = m.content;
  if (typeof c === 'string') return c;
  if (!Array.isArray(c)) return '';
  return c
    .map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}

export type Conversation = { ok: true; question: string; turns: Turn[] } | { ok: false; message: string };

/** The question (last message, from the user) and the turns before it (user message, then our reply). */
export function conversation(messages: Message[]): Conversation {
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user') return { ok: false, message: 'The last message must be from the user.' };
  const question = messageText(last).trim();
  if (question === '') return { ok: false, message: 'The last user message has no text.' };
  if (question.length > MAX_QUESTION_CHARS)
    return { ok: false, message: `The question is too long (over ${MAX_QUESTION_CHARS} characters).` };
  const turns: Turn[] = [];
  let pending: string | undefined;
  for (const m of messages.slice(0, -1)) {
    if (m.role === 'user') pending = messageText(m).trim() || undefined;
    else if (m.role === 'assistant' && pending !== undefined) {
      const reply = messageText(m);
      // Only titles come back in the text: they stand in for the article ids the other front ends keep.
      const articles = citedTitles(reply).map((title) => ({ id: title, title }));
      turns.push({
        question: pending,
        answer: withoutSources(reply),
        ...(articles.length > 0 ? { articles } : {}),
      });
      pending = undefined;
    }
  }
  return { ok: true, question, turns: turns.slice(-MAX_TURNS) };
}
