/** Button values coming back in card.action.trigger are user-controlled input: validated before use. */
import { z } from 'zod';
import type { CardAction } from '../present/feishu-card.js';

const articleId = z.string().min(1).max(200);
const paragraphN = z.number().int().min(1).max(100_000);

const l = z.literal('en').optional();
const schema = z.discriminatedUnion('a', [
  z.object({ a: z.literal('src'), id: articleId, n: paragraphN, l }),
  z.object({ a: z.literal('par'), id: articleId, n: paragraphN, l }),
  z.object({ a: z.literal('fb'), v: z.enum(['up', 'down']), k: z.string().min(1).max(64), l }),
  z.object({ a: z.literal('sum'), p: z.string().trim().min(1).max(100), l }),
  z.object({ a: z.literal('more'), k: z.string().min(1).max(64), o: z.number().int().min(1).max(10_000), l }),
]);

/** The action of a tapped button, or undefined for anything this bot did not send. */
export function parseCardAction(value: unknown): CardAction | undefined {
  // Older clients and some callback surfaces deliver the value as a JSON string.
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  const parsed = schema.safeParse(v);
  if (!parsed.success) return undefined;
  const { l: lang, ...rest } = parsed.data;
  return (lang ? { ...rest, l: lang } : rest) as CardAction;
}
