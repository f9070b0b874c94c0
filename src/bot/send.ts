/**
 * Delivering formatted text: split to Telegram's size (entities travel with each part, so there is no parse
 * error to fall back from), and fall back to a new message when an edit is impossible. 429s are retried by
 * auto-retry below us.
 */
import { GrammyError, type Api } from 'grammy';
import type { InlineKeyboardMarkup, MessageEntity } from 'grammy/types';
import { splitFormatted, type FormattedString } from '../present/telegram.js';

export interface SendOptions {
  replyTo?: number;
  threadId?: number;
  /** Attached to the last part. */
  keyboard?: InlineKeyboardMarkup;
}

function isNotModified(e: unknown): boolean {
  return e instanceof GrammyError && /message is not modified/i.test(e.description);
}

const withEntities = (entities: MessageEntity[]) => (entities.length > 0 ? { entities } : {});

async function sendPart(
  api: Api,
  chatId: number,
  part: FormattedString,
  o: SendOptions,
  last: boolean,
): Promise<number> {
  const msg = await api.sendMessage(chatId, part.text, {
    ...withEntities(part.entities),
    ...(o.replyTo !== undefined
      ? { reply_parameters: { message_id: o.replyTo, allow_sending_without_reply: true } }
      : {}),
    ...(o.threadId !== undefined ? { message_thread_id: o.threadId } : {}),
    ...(last && o.keyboard ? { reply_markup: o.keyboard } : {}),
    link_preview_options: { is_disabled: true },
  });
  return msg.message_id;
}

/** Sends formatted text as one or more messages; returns their ids in order. */
export async function sendFormatted(
  api: Api,
  chatId: number,
  text: FormattedString,
  o: SendOptions = {},
): Promise<number[]> {
  const parts = splitFormatted(text);
  const ids: number[] = [];
  for (const [i, part] of parts.entries()) {
    const opts = i === 0 ? o : { ...o, replyTo: undefined };
    ids.push(await sendPart(api, chatId, part, opts, i === parts.length - 1));
  }
  return ids;
}

/** Replaces a message's text (extra parts follow as new messages). Returns all message ids. */
export async function editFormatted(
  api: Api,
  chatId: number,
  messageId: number,
  text: FormattedString,
  o: SendOptions = {},
): Promise<number[]> {
  const [first, ...rest] = splitFormatted(text);
  if (!first) return [];
  const markup = rest.length === 0 && o.keyboard ? { reply_markup: o.keyboard } : {};
  try {
    await api.editMessageText(chatId, messageId, first.text, {
      ...withEntities(first.entities),
      ...markup,
      link_preview_options: { is_disabled: true },
    });
  } catch (e) {
    if (isNotModified(e)) {
      // Same text already shown: nothing to do.
    } else if (e instanceof GrammyError && e.error_code === 400) {
      // The message is gone or cannot be edited: the answer must still arrive, as a new message.
      return sendFormatted(api, chatId, text, o);
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
