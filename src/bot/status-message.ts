/**
 * A status message edited in place (re-index and upload progress): edits run one after another so they arrive in
 * order, an unchanged text is not sent again, and progress is throttled so Telegram's edit limits are not hit.
 */
import type { Api } from 'grammy';
import type { Logger } from '../log.js';

const PROGRESS_EDIT_MS = 2000;

export interface StatusMessage {
  /** Shows this text now (a final result, an error). */
  show(text: string): void;
  /** Shows progress, at most once every two seconds since the last thing shown. */
  progress(text: string): void;
  /** Settles when every edit asked for so far has been sent (or failed). */
  settled(): Promise<void>;
}

export function statusMessage(api: Api, chatId: number, messageId: number, log: Logger): StatusMessage {
  let lastText = '';
  let lastEdit = 0;
  let editing: Promise<unknown> = Promise.resolve();
  const show = (text: string) => {
    lastEdit = Date.now();
    if (text === lastText) return;
    lastText = text;
    editing = editing
      .then(() => api.editMessageText(chatId, messageId, text))
      .catch((e: unknown) => log.debug({ err: String(e) }, 'status edit failed'));
  };
  return {
    show,
    progress: (text) => {
      if (Date.now() - lastEdit < PROGRESS_EDIT_MS) return;
      lastEdit = Date.now();
      show(text);
    },
    settled: () => editing.then(() => undefined),
  };
}
