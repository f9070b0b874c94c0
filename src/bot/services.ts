/** Shared state of one bot instance, built once by `createBot` and handed to the handlers that need it. */
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import type { Answer } from '../types.js';
import { CallbackCodec } from './callback-data.js';
import type { BotDeps, BotOptions, Reindex, UploadOptions } from './context.js';
import { defaultBotOptions } from './context.js';
import { Conversations } from './conversation.js';
import { InFlight } from './in-flight.js';
import { Lru } from './lru.js';

/** What a 👍/👎 tap is logged with. */
export interface FeedbackRecord {
  question: string;
  answer: string;
  mode: Answer['mode'];
  sources: { n: number; articleId: string; title: string; paragraphs: number[] }[];
}

/** Questions answered today, for admin /stats. */
export class UsageCounter {
  private day = '';
  private count = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  add(): void {
    const today = this.now().toISOString().slice(0, 10);
    if (today !== this.day) {
      this.day = today;
      this.count = 0;
    }
    this.count++;
  }

  today(): number {
    return this.now().toISOString().slice(0, 10) === this.day ? this.count : 0;
  }
}

export interface BotServices {
  qa: QaService;
  log: Logger;
  opts: BotOptions;
  adminIds: readonly number[];
  reindex: Reindex | undefined;
  token: string | undefined;
  convs: Conversations;
  codec: CallbackCodec;
  feedback: Lru<string, FeedbackRecord>;
  usage: UsageCounter;
  inflight: InFlight;
  /** Where uploaded reports go, and the Bot API root files are downloaded from. */
  uploads: (UploadOptions & { apiRoot: string }) | undefined;
  /** Set while an admin re-index runs, so a second one is refused. */
  reindexing: boolean;
  /** Cleared the first time Telegram refuses sendMessageDraft. */
  drafts: boolean;
  nextKey(): string;
}

export function createServices(deps: BotDeps): BotServices {
  const opts = { ...defaultBotOptions, ...deps.options };
  let counter = 0;
  return {
    qa: deps.qa,
    log: deps.log,
    opts,
    adminIds: deps.adminIds,
    reindex: deps.reindex,
    token: deps.token,
    convs: new Conversations(opts.maxTurns, opts.maxConversations),
    codec: new CallbackCodec(),
    feedback: new Lru(5000),
    usage: new UsageCounter(),
    inflight: new InFlight(),
    uploads: undefined,
    reindexing: false,
    drafts: opts.drafts,
    nextKey: () => (counter++).toString(36),
  };
}
