/**
 * Delivering HTML safely: split to Telegram's size, fall back to plain text when Telegram cannot parse our
 * entities, and fall back to a new message when an edit is impossible. 429s are retried by auto-retry below us.
 */
import { GrammyError, type Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import { htmlToPlain } from './escape.js';
import { splitHtml } from './split.js';

export interface SendOptions {
  replyTo?: number;
  threadId?: number;
  /** Attached to the last part. */
  keyboard?: InlineKeyboardMarkup;
}

export function isParseError(e: unknown): boolean {
  return e instanceof GrammyError && e.error_code === 400 && /can't parse entities/i.test(e.description);
}

function isNotModified(e: unknown): boolean {
  return e instanceof GrammyError && /message is not modified/i.test(e.description);
}

async function sendPart(
  api: Api,
  chatId: number,
  part: string,
  o: SendOptions,
  last: boolean,
): Promise<number> {
  const common = {
    ...(o.replyTo !== undefined
      ? { reply_parameters: { message_id: o.replyTo, allow_sending_without_reply: true } }
      : {}),
    ...(o.threadId !== undefined ? { message_thread_id: o.threadId } : {}),
    ...(last && o.keyboard ? { reply_markup: o.keyboard } : {}),
    link_preview_options: { is_disabled: true },
  };
  try {
    return (await api.sendMessage(chatId, part, { ...common, parse_mode: 'HTML' })).message_id;
  } catch (e) {
    if (!isParseError(e)) throw e;
    return (await api.sendMessage(chatId, htmlToPlain(part), common)).message_id;
  }
}

/** Sends HTML as one or more messages; returns their ids in order. */
export async function sendHtml(
  api: Api,
  chatId: number,
  html: string,
  o: SendOptions = {},
): Promise<number[]> {
  const parts = splitHtml(html);
  const ids: number[] = [];
  for (const [i, part] of parts.entries()) {
    const opts = i === 0 ? o : { ...o, replyTo: undefined };
    ids.push(await sendPart(api, chatId, part, opts, i === parts.length - 1));
  }
  return ids;
}

/** Replaces a message's text with HTML (extra parts follow as new messages). Returns all message ids. */
export async function editHtml(
  api: Api,
  chatId: number,
  messageId: number,
  html: string,
  o: SendOptions = {},
): Promise<number[]> {
  const [first = '', ...rest] = splitHtml(html);
  const markup = rest.length === 0 && o.keyboard ? { reply_markup: o.keyboard } : {};
  const common = { ...markup, link_preview_options: { is_disabled: true } };
  try {
    await api.editMessageText(chatId, messageId, first, { ...common, parse_mode: 'HTML' });
  } catch (e) {
    if (isParseError(e)) {
      try {
        await api.editMessageText(chatId, messageId, htmlToPlain(first), common);
      } catch (e2) {
        if (!isNotModified(e2)) throw e2;
      }
    } else if (isNotModified(e)) {
      // Same text already shown: nothing to do.
    } else if (e instanceof GrammyError && e.error_code === 400) {
      // The message is gone or cannot be edited: the answer must still arrive, as a new message.
      return sendHtml(api, chatId, html, o);
    } else {
      throw e;
    }
  }
  const ids = [messageId];
  for (const [i, part] of rest.entries()) {
    ids.push(await sendPart(api, chatId, part, { ...o, replyTo: undefined }, i === rest.length - 1));
  }
  return ids;
}
