/** The bot's context type and what the composition root hands to every handler. */
import type { Context } from 'grammy';
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import type { Texts } from '../present/texts.js';
import type { IngestProgress, IngestSummary, Lang } from '../types.js';
import type { ChatState } from './state.js';
import type { UploadService } from '../app/uploads.js';

/** Added by the language middleware: reply language and its strings. */
export interface LangFlavor {
  lang: Lang;
  t: Texts;
}

export type BotContext = Context & LangFlavor;

export interface BotOptions {
  /** Stream previews with sendMessageDraft where Telegram supports it (else by editing one message). */
  drafts: boolean;
  /** Minimum gap between streaming edits in private chats (Telegram allows ~1 message/s per chat). */
  streamIntervalMs: number;
  /** Questions longer than this are cut (with a note): retrieval gains nothing from an essay. */
  maxQuestionChars: number;
  /** Turns remembered per conversation, and conversations remembered overall. */
  maxTurns: number;
  maxConversations: number;
  /** Incoming flood limit per user: `limit` messages per `windowMs`. */
  rateLimit: { windowMs: number; limit: number };
  /** Re-send "typing…" this often while working (Telegram shows it for ~5 s). */
  typingIntervalMs: number;
  /** Source buttons shown under an answer. */
  maxSourceButtons: number;
}

export const defaultBotOptions: BotOptions = {
  drafts: true,
  streamIntervalMs: 1500,
  maxQuestionChars: 500,
  maxTurns: 6,
  maxConversations: 2000,
  rateLimit: { windowMs: 10_000, limit: 6 },
  typingIntervalMs: 4500,
  maxSourceButtons: 8,
};

export type Reindex = (onProgress: (p: IngestProgress) => void) => Promise<IngestSummary>;

export interface BotDeps {
  qa: QaService;
  log: Logger;
  adminIds: readonly number[];
  /** Re-runs ingestion over the configured reports directory (admin /reindex); absent → not offered. */
  reindex?: Reindex;
  /** Only used to scrub the token from anything logged (and to download files sent to the bot). */
  token?: string;
  /** Admins may send report files to this service; absent → "not enabled". */
  uploads?: UploadService;
  options?: Partial<BotOptions>;
  /** Where feedback and usage are kept; in memory (lost on restart) when absent. */
  state?: ChatState;
  /** The clock for "questions today" (tests). */
  now?: () => Date;
}
