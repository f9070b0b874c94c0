/**
 * A preview that grows while the LLM writes, updated at most once per interval (Telegram allows ~1 message/s
 * per chat). Private chats use `sendMessageDraft` where the Bot API offers it (an ephemeral draft; the final
 * answer is then sent as a new message); otherwise, or when Telegram refuses drafts, the first partial text is
 * sent as a message and later ones edit it, and the caller replaces it with the final answer after `finish()`.
 * Previews are best effort.
 */
import { GrammyError, type Api } from 'grammy';
import { previewText } from '../present/telegram.js';

export interface StreamOptions {
  intervalMs: number;
  replyTo?: number;
  threadId?: number;
  /** Try sendMessageDraft first. */
  drafts?: boolean;
  /** Telegram refused drafts (old Bot API server, bot without the feature): the caller stops offering them. */
  onDraftsUnsupported?: () => void;
  onError?: (e: unknown) => void;
}

let draftCounter = 0;

export class StreamingMessage {
  private messageId: number | undefined;
  private latest = '';
  private shown = '';
  private lastAt = 0;
  private pending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private drafts: boolean;
  private readonly draftId = (draftCounter = (draftCounter % 2_000_000_000) + 1);

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly opts: StreamOptions,
  ) {
    this.drafts = opts.drafts ?? false;
  }

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
    if (this.drafts) {
      try {
        await this.api.sendMessageDraft(
          this.chatId,
          this.draftId,
          body,
          this.opts.threadId !== undefined ? { message_thread_id: this.opts.threadId } : {},
        );
        this.shown = text;
        return;
      } catch (e) {
        if (!(e instanceof GrammyError) || (e.error_code !== 400 && e.error_code !== 404)) throw e;
        this.drafts = false;
        this.opts.onDraftsUnsupported?.();
      }
    }
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
