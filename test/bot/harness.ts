/**
 * In-process bot harness: real middleware via bot.handleUpdate, a preset botInfo, and a transformer that
 * records every Bot API call and answers it locally (no network). Failures can be injected per call.
 */
import type { Transformer } from 'grammy';
import type { Message, Update, UserFromGetMe, MessageEntity } from 'grammy/types';
import { pino } from 'pino';
import { Writable } from 'node:stream';
import { createBot } from '../../src/bot/bot.js';
import type { BotOptions, Reindex } from '../../src/bot/context.js';
import type { ChatState } from '../../src/types.js';
import type { QaService } from '../../src/rag/service.js';
import { FakeQa } from '../support/fake-qa.js';
import { MemoryChatState } from '../../src/bot/state.js';
import { recordingQa, taggedState } from '../../src/app/recording.js';

export const TOKEN = '123456:TEST-secret-token-value';
export const BOT_INFO: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: '政协报道助手',
  username: 'zx_report_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** message_id of the message a successful sendMessage created. */
  messageId?: number;
  at: number;
}

/** Return an error body to make that call fail (before auto-retry sees it). */
export type Fault = (
  call: ApiCall,
) => { error_code: number; description: string; retry_after?: number } | undefined;

export interface HarnessOptions {
  qa?: QaService;
  adminIds?: number[];
  reindex?: Reindex;
  options?: Partial<BotOptions>;
  fault?: Fault;
  /** Shared between harnesses to act as one store across a restart. */
  state?: ChatState;
  now?: () => Date;
}

export function makeHarness(o: HarnessOptions = {}) {
  const calls: ApiCall[] = [];
  const logLines: string[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    }),
  );
  let nextMessageId = 5000;
  const fake = (async (_prev: unknown, method: string, payload: Record<string, unknown>) => {
    const call: ApiCall = { method, payload: payload ?? {}, at: Date.now() };
    calls.push(call);
    const f = o.fault?.(call);
    if (f) {
      return {
        ok: false,
        error_code: f.error_code,
        description: f.description,
        ...(f.retry_after !== undefined ? { parameters: { retry_after: f.retry_after } } : {}),
      };
    }
    if (method === 'sendMessage' || method === 'editMessageText') {
      const chatId = Number(payload.chat_id);
      if (method === 'sendMessage') call.messageId = ++nextMessageId;
      return {
        ok: true,
        result: {
          message_id: call.messageId ?? Number(payload.message_id),
          date: Math.floor(Date.now() / 1000),
          chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
          from: BOT_INFO,
          text: payload.text,
        },
      };
    }
    if (method === 'getMyDescription') return { ok: true, result: { description: '' } };
    if (method === 'getMyShortDescription') return { ok: true, result: { short_description: '' } };
    return { ok: true, result: true };
  }) as unknown as Transformer;

  // As `npm start` hands it to the bot: questions are counted by the start-up's wrapper, not by the bot.
  const state = o.state ?? new MemoryChatState();
  const inner = o.qa ?? new FakeQa();
  const qa = recordingQa(inner, state, 'telegram', log, o.now);
  const { bot, services } = createBot(
    TOKEN,
    {
      qa,
      log,
      adminIds: o.adminIds ?? [],
      ...(o.reindex ? { reindex: o.reindex } : {}),
      state: taggedState(state, 'telegram'),
      ...(o.now ? { now: o.now } : {}),
      options: { streamIntervalMs: 50, typingIntervalMs: 1000, ...o.options },
    },
    { botInfo: BOT_INFO, transformers: [fake] },
  );

  let updateId = 1;
  let userMessageId = 1;

  const sent = (since = 0) => calls.slice(since).filter((c) => c.method === 'sendMessage');

  async function handle(update: Omit<Update, 'update_id'>): Promise<ApiCall[]> {
    const before = calls.length;
    await bot.handleUpdate({ update_id: updateId++, ...update } as Update);
    return calls.slice(before);
  }

  function message(
    text: string,
    m: {
      chatId?: number;
      userId?: number;
      languageCode?: string;
      replyTo?: Message;
      entities?: MessageEntity[];
      extra?: Partial<Message>;
    } = {},
  ): Message {
    const chatId = m.chatId ?? 100;
    const userId = m.userId ?? 7;
    const isCommand = text.startsWith('/');
    const entities: MessageEntity[] = [
      ...(isCommand
        ? [{ type: 'bot_command' as const, offset: 0, length: text.split(/\s/)[0]?.length ?? 0 }]
        : []),
      ...(m.entities ?? []),
    ];
    return {
      message_id: userMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat:
        chatId < 0
          ? { id: chatId, type: 'supergroup', title: '政协工作群' }
          : { id: chatId, type: 'private', first_name: '用户' },
      from: {
        id: userId,
        is_bot: false,
        first_name: '用户',
        ...(m.languageCode ? { language_code: m.languageCode } : {}),
      },
      text,
      ...(entities.length ? { entities } : {}),
      ...(m.replyTo ? { reply_to_message: m.replyTo } : {}),
      ...m.extra,
    } as Message;
  }

  /** A message the bot sent earlier, as Telegram would echo it inside reply_to_message / callback_query. */
  function botMessage(call: ApiCall, messageId = call.messageId ?? Number(call.payload.message_id)): Message {
    const chatId = Number(call.payload.chat_id);
    return {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat:
        chatId < 0
          ? { id: chatId, type: 'supergroup', title: '政协工作群' }
          : { id: chatId, type: 'private', first_name: '用户' },
      from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
      text: String(call.payload.text),
    } as Message;
  }

  function tap(data: string, msg: Message, userId = 7) {
    return handle({
      callback_query: {
        id: `cb${updateId}`,
        from: { id: userId, is_bot: false, first_name: '用户' },
        chat_instance: 'ci',
        message: msg as Message & { chat: { type: 'private' } },
        data,
      },
    } as Omit<Update, 'update_id'>);
  }

  return {
    bot,
    services,
    /** The answer service the test gave (or the fake), not the counting wrapper around it. */
    qa: inner,
    calls,
    logLines,
    sent,
    handle,
    message,
    botMessage,
    tap,
    say: (text: string, m: Parameters<typeof message>[1] = {}) =>
      handle({ message: message(text, m) } as Omit<Update, 'update_id'>),
    /** The user edits an earlier message to `text`. */
    edit: (msg: Message, text: string) =>
      handle({
        edited_message: { ...msg, text, edit_date: Math.floor(Date.now() / 1000) },
      } as Omit<Update, 'update_id'>),
  };
}

/** Buttons of a sent message, flattened. */
export function buttons(call: ApiCall | undefined): { text: string; callback_data?: string }[] {
  const markup = call?.payload.reply_markup as {
    inline_keyboard?: { text: string; callback_data?: string }[][];
  };
  return markup?.inline_keyboard?.flat() ?? [];
}
