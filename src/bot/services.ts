/** Shared state of one bot instance, built once by `createBot` and handed to the handlers that need it. */
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import { CallbackCodec } from './callback-data.js';
import type { UploadService } from '../app/uploads.js';
import type { BotDeps, BotOptions, Reindex } from './context.js';
import { defaultBotOptions } from './context.js';
import { Conversations } from '../shared/conversation.js';
import { InFlight } from '../shared/in-flight.js';
import { Lru } from '../shared/lru.js';
import { MemoryChatState, newFeedbackKey, type ChatState } from './state.js';

export type { FeedbackRecord } from './state.js';

export interface BotServices {
  qa: QaService;
  log: Logger;
  opts: BotOptions;
  adminIds: readonly number[];
  reindex: Reindex | undefined;
  token: string | undefined;
  convs: Conversations;
  codec: CallbackCodec;
  /** Feedback records, votes and questions per day; lasting when the app passes a store-backed one. */
  state: ChatState;
  /** The bot's reply message ids per question (`chatId:messageId`), so an edited question edits its answer. */
  replies: Lru<string, number[]>;
  inflight: InFlight;
  /** The upload service report files go to, and the Bot API root files are downloaded from. */
  uploads: { service: UploadService; apiRoot: string } | undefined;
  /** Set while an admin re-index runs, so a second one is refused. */
  reindexing: boolean;
  /** Cleared the first time Telegram refuses sendMessageDraft. */
  drafts: boolean;
  nextKey(): string;
  now(): Date;
}

export function createServices(deps: BotDeps): BotServices {
  const opts = { ...defaultBotOptions, ...deps.options };
  return {
    qa: deps.qa,
    log: deps.log,
    opts,
    adminIds: deps.adminIds,
    reindex: deps.reindex,
    token: deps.token,
    convs: new Conversations(opts.maxTurns, opts.maxConversations),
    codec: new CallbackCodec(),
    state: deps.state ?? new MemoryChatState(),
    replies: new Lru(opts.maxConversations * 4),
    inflight: new InFlight(),
    uploads: undefined,
    reindexing: false,
    drafts: opts.drafts,
    nextKey: newFeedbackKey,
    now: deps.now ?? (() => new Date()),
  };
}
