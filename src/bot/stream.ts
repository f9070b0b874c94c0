/**
 * One message that grows while the LLM writes: the first partial text is sent, later ones edit it, at most
 * once per interval (edits count against Telegram's ~1 message/s per chat). Previews are best effort; the
 * caller replaces the message with the final formatted answer after `finish()`.
 */
import type { Api } from 'grammy';
import { previewText } from './format.js';

export interface StreamOptions {
  intervalMs: number;
  replyTo?: number;
  threadId?: number;
  onError?: (e: unknown) => void;
}

export class StreamingMessage {
  private messageId: number | undefined;
  private latest = '';
  private shown = '';
  private lastAt = 0;
  private pending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly opts: StreamOptions,
  ) {}

  update(textSoFar: string): void {
    if (this.closed || textSoFar.trim() === '') return;
    this.latest = textSoFar;
    this.schedule();
  }

  /** Stops previews and waits for the one in flight; returns the preview message id, if one was sent. */
  async finish(): Promise<number | undefined> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pending;
    return this.messageId;
  }

  private schedule(): void {
    if (this.pending || this.timer || this.closed) return;
    const wait = this.lastAt + this.opts.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, wait);
  }

  private flush(): void {
    if (this.closed || this.latest === this.shown) return;
    const text = this.latest;
    this.pending = this.push(text)
      .catch((e: unknown) => this.opts.onError?.(e))
      .finally(() => {
        this.pending = undefined;
        this.lastAt = Date.now();
        if (this.latest !== this.shown) this.schedule();
      });
  }

  private async push(text: string): Promise<void> {
    const body = previewText(text);
    if (this.messageId === undefined) {
      const msg = await this.api.sendMessage(this.chatId, body, {
        ...(this.opts.replyTo !== undefined
          ? { reply_parameters: { message_id: this.opts.replyTo, allow_sending_without_reply: true } }
          : {}),
        ...(this.opts.threadId !== undefined ? { message_thread_id: this.opts.threadId } : {}),
      });
      this.messageId = msg.message_id;
    } else {
      await this.api.editMessageText(this.chatId, this.messageId, body);
    }
    this.shown = text;
  }
}
