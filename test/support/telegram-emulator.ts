/**
 * A small Telegram Bot API emulator on loopback, for end-to-end tests of the real bot (long polling or
 * webhook) without the network. It implements the methods the bot uses, checks text like Telegram does (HTML tags
 * must balance, entities must lie inside the text, text ≤ 4096 characters, callback data ≤ 64 bytes, start
 * parameters from A-Za-z0-9_-), keeps the command menus per scope and the bot's descriptions, lets tests act as
 * users (messages, edits, button taps, inline queries), and can inject failures such as 429 with retry_after.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import type { Message, MessageEntity, Update, User } from 'grammy/types';

export interface BotCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
  /** The message a successful send/edit produced. */
  message?: Message;
  /** The error returned, when the call failed. */
  error?: { error_code: number; description: string };
}

export interface Fault {
  method: string;
  error_code: number;
  description: string;
  retry_after?: number;
  /** Only calls this matches; default all calls of `method`. */
  when?: (payload: Record<string, unknown>) => boolean;
  /** How many calls to fail (default 1). */
  times?: number;
}

type Json = Record<string, unknown>;

const ALLOWED_TAGS = new Set([
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'a',
  'code',
  'pre',
  'blockquote',
  'tg-spoiler',
  'span',
]);

/** Telegram's checks on HTML text: known tags, balanced; returns the visible length or an error. */
export function parseHtml(text: string): { length: number } | { error: string } {
  const stack: string[] = [];
  for (const m of text.matchAll(/<(\/?)([a-zA-Z-]+)[^>]*>|&(?!(?:lt|gt|amp|quot|#\d+);)|<(?![a-zA-Z/])/g)) {
    if (m[2] === undefined) return { error: "Bad Request: can't parse entities: unescaped character" };
    const tag = m[2].toLowerCase();
    if (!ALLOWED_TAGS.has(tag))
      return { error: `Bad Request: can't parse entities: unsupported start tag "${tag}"` };
    if (m[1] === '') stack.push(tag);
    else if (stack.pop() !== tag)
      return { error: `Bad Request: can't parse entities: unexpected end tag "${tag}"` };
  }
  if (stack.length > 0) return { error: "Bad Request: can't parse entities: unclosed start tag" };
  const visible = text.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot|#\d+);/g, '_');
  return { length: visible.length };
}

const ENTITY_TYPES = new Set([
  'bold',
  'italic',
  'underline',
  'strikethrough',
  'spoiler',
  'code',
  'pre',
  'text_link',
  'blockquote',
  'expandable_blockquote',
]);

/** Telegram's checks on entities: known types, non-empty, inside the text (UTF-16 offsets). */
export function checkEntities(text: string, entities: unknown): string | undefined {
  if (entities === undefined) return undefined;
  if (!Array.isArray(entities)) return "can't parse entities: entities must be an array";
  for (const e of entities as MessageEntity[]) {
    if (!ENTITY_TYPES.has(e.type)) return `can't parse entities: unsupported entity type "${e.type}"`;
    if (!(e.offset >= 0 && e.length > 0 && e.offset + e.length <= text.length))
      return "can't parse entities: entity out of range";
    if (e.type === 'text_link' && !/^https?:\/\//.test(e.url)) return "can't parse entities: bad URL";
  }
  return undefined;
}

/** The substrings of `text` that carry an entity of `type`, in order. */
export function entityTexts(
  m: { text?: string; entities?: MessageEntity[] } | undefined,
  type: string,
): string[] {
  return (m?.entities ?? [])
    .filter((e) => e.type === type)
    .map((e) => (m?.text ?? '').slice(e.offset, e.offset + e.length));
}

const START_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;

function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export class TelegramEmulator {
  readonly calls: BotCall[] = [];
  readonly bot: User;
  private server: Server | undefined;
  private port = 0;
  private readonly updates: Update[] = [];
  private nextUpdateId = 1;
  private readonly nextMessageId = new Map<number, number>();
  private readonly messages = new Map<string, Message>();
  private readonly faults: Fault[] = [];
  private readonly events = new EventEmitter();
  private webhook: { url: string; secret?: string } | undefined;
  /** Files users sent, by file_id: what getFile and the file endpoint serve. */
  private readonly files = new Map<string, { path: string; bytes: Buffer }>();
  /** Command menus by scope and language, e.g. `all_group_chats|` or `chat:99|en`. */
  readonly commandMenus = new Map<string, { command: string; description: string }[]>();
  /** Bot descriptions by kind and language, e.g. `description|` or `short_description|en`. */
  readonly descriptions = new Map<string, string>();

  constructor(
    readonly token = '777000:EMULATOR-token',
    username = 'zx_report_bot',
  ) {
    this.bot = { id: Number(token.split(':')[0]), is_bot: true, first_name: '政协报道助手', username };
    this.events.setMaxListeners(1000);
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    this.events.emit('update');
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  fail(f: Fault): void {
    this.faults.push({ times: 1, ...f });
  }

  // ---- acting as users ----

  user(id: number, languageCode = 'zh-hans'): User {
    return { id, is_bot: false, first_name: `用户${id}`, language_code: languageCode };
  }

  /** A user writes in a chat (negative chat id = supergroup). Mentions and commands get entities, as Telegram does. */
  send(chatId: number, from: User, text: string, replyTo?: Message): Message {
    const entities: MessageEntity[] = [];
    for (const m of text.matchAll(/@[A-Za-z0-9_]{5,32}/g)) {
      entities.push({ type: 'mention', offset: m.index, length: m[0].length });
    }
    const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (cmd) {
      entities.splice(0, entities.length, ...entities.filter((e) => e.offset >= cmd[0].length));
      entities.unshift({ type: 'bot_command', offset: 0, length: cmd[0].length });
    }
    const msg = {
      message_id: this.newMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: this.chat(chatId),
      from,
      text,
      ...(entities.length ? { entities } : {}),
      ...(replyTo ? { reply_to_message: replyTo } : {}),
    } as Message;
    this.messages.set(`${chatId}:${msg.message_id}`, msg);
    this.push({ message: msg } as Omit<Update, 'update_id'>);
    return msg;
  }

  /** A user sends a file (a document message), kept for getFile and the file download endpoint. */
  sendDocument(chatId: number, from: User, fileName: string, bytes: Buffer, mimeType?: string): Message {
    const fileId = `doc${this.files.size + 1}`;
    this.files.set(fileId, {
      path: `documents/file_${this.files.size + 1}${fileName.replace(/^[^.]*/, '')}`,
      bytes,
    });
    const msg = {
      message_id: this.newMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: this.chat(chatId),
      from,
      document: {
        file_id: fileId,
        file_unique_id: `u${fileId}`,
        file_name: fileName,
        file_size: bytes.length,
        ...(mimeType ? { mime_type: mimeType } : {}),
      },
    } as Message;
    this.messages.set(`${chatId}:${msg.message_id}`, msg);
    this.push({ message: msg } as Omit<Update, 'update_id'>);
    return msg;
  }

  /** A user edits a message they sent earlier (Telegram sends an `edited_message` update). */
  edit(message: Message, text: string): Message {
    const edited = { ...message, text, edit_date: Math.floor(Date.now() / 1000) } as Message;
    const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    const entities: MessageEntity[] = [];
    if (cmd) entities.push({ type: 'bot_command', offset: 0, length: cmd[0].length });
    for (const m of text.matchAll(/@[A-Za-z0-9_]{5,32}/g)) {
      if (!cmd || m.index >= cmd[0].length)
        entities.push({ type: 'mention', offset: m.index, length: m[0].length });
    }
    if (entities.length) edited.entities = entities;
    else delete edited.entities;
    this.messages.set(`${message.chat.id}:${message.message_id}`, edited);
    this.push({ edited_message: edited } as Omit<Update, 'update_id'>);
    return edited;
  }

  sendSticker(chatId: number, from: User): void {
    const msg = {
      message_id: this.newMessageId(chatId),
      date: Math.floor(Date.now() / 1000),
      chat: this.chat(chatId),
      from,
      sticker: {
        file_id: 'stk',
        file_unique_id: 'stk',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    } as Message;
    this.push({ message: msg } as Omit<Update, 'update_id'>);
  }

  /** A user taps an inline button under a bot message. Returns the callback query id. */
  tap(message: Message, data: string, from: User): string {
    const id = `cq${this.nextUpdateId}`;
    this.push({
      callback_query: { id, from, chat_instance: 'ci', message, data },
    } as Omit<Update, 'update_id'>);
    return id;
  }

  inline(from: User, query: string): string {
    const id = `iq${this.nextUpdateId}`;
    this.push({ inline_query: { id, from, query, offset: '' } });
    return id;
  }

  /** The current state of a message the bot sent (text and buttons after edits). */
  message(chatId: number, messageId: number): Message | undefined {
    return this.messages.get(`${chatId}:${messageId}`);
  }

  /** Waits until a bot call matches (looking at calls made so far too). */
  waitFor(pred: (c: BotCall) => boolean, timeoutMs = 5000, from = 0): Promise<BotCall> {
    const found = this.calls.slice(from).find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onCall = (c: BotCall) => {
        if (!pred(c)) return;
        clearTimeout(timer);
        this.events.off('call', onCall);
        resolve(c);
      };
      const timer = setTimeout(() => {
        this.events.off('call', onCall);
        reject(
          new Error(
            `timed out waiting for a bot call; last calls: ${this.calls
              .slice(-5)
              .map((c) => c.method)
              .join(', ')}`,
          ),
        );
      }, timeoutMs);
      this.events.on('call', onCall);
    });
  }

  /** Bot messages currently in a chat (after edits), oldest first. */
  botMessages(chatId: number): Message[] {
    return [...this.messages.values()].filter((m) => m.chat.id === chatId && m.from?.id === this.bot.id);
  }

  // ---- the Bot API side ----

  private chat(chatId: number): Message['chat'] {
    return (
      chatId < 0
        ? { id: chatId, type: 'supergroup', title: '政协工作群' }
        : { id: chatId, type: 'private', first_name: `用户${chatId}` }
    ) as Message['chat'];
  }

  private newMessageId(chatId: number): number {
    const n = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, n);
    return n;
  }

  private push(u: Omit<Update, 'update_id'>): void {
    const update = { update_id: this.nextUpdateId++, ...u } as Update;
    if (this.webhook) {
      void fetch(this.webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.webhook.secret ? { 'x-telegram-bot-api-secret-token': this.webhook.secret } : {}),
        },
        body: JSON.stringify(update),
      }).catch(() => undefined);
      return;
    }
    this.updates.push(update);
    this.events.emit('update');
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url ?? '');
    if (file) {
      // The file endpoint: https://api.telegram.org/file/bot<token>/<file_path>
      const hit =
        file[1] === this.token ? [...this.files.values()].find((f) => f.path === file[2]) : undefined;
      if (!hit) return void res.writeHead(404).end('Not Found');
      return void res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(hit.bytes);
    }
    const m = /^\/bot([^/]+)\/([A-Za-z]+)/.exec(req.url ?? '');
    const reply = (status: number, body: Json) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!m || m[1] !== this.token)
      return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2] as string;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const payload = (raw ? JSON.parse(raw) : {}) as Json;
    if (method === 'getUpdates') return reply(200, { ok: true, result: await this.getUpdates(payload, req) });
    const call: BotCall = { method, payload, at: Date.now() };
    const fault = this.faults.find(
      (f) => f.method === method && (f.times ?? 0) > 0 && (!f.when || f.when(payload)),
    );
    let status = 200;
    let body: Json;
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      call.error = { error_code: fault.error_code, description: fault.description };
      status = fault.error_code;
      body = {
        ok: false,
        ...call.error,
        ...(fault.retry_after !== undefined ? { parameters: { retry_after: fault.retry_after } } : {}),
      };
    } else {
      const r = this.handle(method, payload, call);
      if ('error' in r) {
        call.error = r.error;
        status = r.error.error_code;
        body = { ok: false, ...r.error };
      } else body = { ok: true, result: r.result };
    }
    this.calls.push(call);
    this.events.emit('call', call);
    reply(status, body);
  }

  private async getUpdates(p: Json, req: IncomingMessage): Promise<Update[]> {
    const offset = Number(p.offset ?? 0);
    // Confirmed updates are gone for good, as on Telegram.
    while (this.updates.length > 0 && (this.updates[0]?.update_id ?? 0) < offset) this.updates.shift();
    const limit = Number(p.limit ?? 100);
    const pending = () => this.updates.filter((u) => u.update_id >= offset).slice(0, limit);
    if (pending().length > 0) return pending();
    const timeoutMs = Math.min(Number(p.timeout ?? 0), 30) * 1000;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off('update', done);
        req.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.events.on('update', done);
      req.on('close', done);
    });
    return pending();
  }

  private handle(
    method: string,
    p: Json,
    call: BotCall,
  ): { result: unknown } | { error: { error_code: number; description: string } } {
    const bad = (description: string) => ({
      error: { error_code: 400, description: `Bad Request: ${description}` },
    });
    switch (method) {
      case 'getFile': {
        const f = this.files.get(String(p.file_id));
        if (!f) return bad('invalid file_id');
        // Telegram's cloud Bot API refuses files over 20 MB.
        if (f.bytes.length > 20 * 1024 * 1024) return bad('file is too big');
        return {
          result: {
            file_id: p.file_id,
            file_unique_id: `u${String(p.file_id)}`,
            file_size: f.bytes.length,
            file_path: f.path,
          },
        };
      }
      case 'getMe':
        return {
          result: {
            ...this.bot,
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: true,
          },
        };
      case 'deleteWebhook':
        this.webhook = undefined;
        return { result: true };
      case 'setWebhook':
        this.webhook = { url: String(p.url), ...(p.secret_token ? { secret: String(p.secret_token) } : {}) };
        return { result: true };
      case 'setMyCommands': {
        const scope = (p.scope ?? { type: 'default' }) as { type: string; chat_id?: number };
        const key = `${scope.type}${scope.chat_id !== undefined ? `:${scope.chat_id}` : ''}|${String(p.language_code ?? '')}`;
        this.commandMenus.set(key, p.commands as { command: string; description: string }[]);
        return { result: true };
      }
      case 'getMyDescription':
        return {
          result: {
            description: this.descriptions.get(`description|${String(p.language_code ?? '')}`) ?? '',
          },
        };
      case 'getMyShortDescription':
        return {
          result: {
            short_description:
              this.descriptions.get(`short_description|${String(p.language_code ?? '')}`) ?? '',
          },
        };
      case 'setMyDescription':
      case 'setMyShortDescription': {
        const kind = method === 'setMyDescription' ? 'description' : 'short_description';
        const value = String(p[kind] ?? '');
        if (value.length > (kind === 'description' ? 512 : 120)) return bad(`${kind.toUpperCase()}_TOO_LONG`);
        this.descriptions.set(`${kind}|${String(p.language_code ?? '')}`, value);
        return { result: true };
      }
      case 'deleteMessage': {
        const key = `${Number(p.chat_id)}:${Number(p.message_id)}`;
        if (!this.messages.has(key)) return bad('message to delete not found');
        this.messages.delete(key);
        return { result: true };
      }
      case 'sendChatAction':
      case 'answerCallbackQuery':
        return { result: true };
      case 'answerInlineQuery': {
        const results = (p.results ?? []) as { id: string }[];
        if (results.some((r) => Buffer.byteLength(r.id) > 64)) return bad('RESULT_ID_INVALID');
        const button = p.button as { start_parameter?: string } | undefined;
        if (button?.start_parameter !== undefined && !START_PARAMETER.test(button.start_parameter))
          return bad('START_PARAM_INVALID');
        for (const r of results as {
          input_message_content?: { message_text?: string; entities?: unknown };
          reply_markup?: { inline_keyboard?: { url?: string }[][] };
        }[]) {
          const c = r.input_message_content;
          const err = c && checkEntities(String(c.message_text ?? ''), c.entities);
          if (err) return bad(err);
          for (const b of r.reply_markup?.inline_keyboard?.flat() ?? []) {
            const start = b.url !== undefined ? new URL(b.url).searchParams.get('start') : null;
            if (start !== null && !START_PARAMETER.test(start)) return bad('START_PARAM_INVALID');
          }
        }
        return { result: true };
      }
      case 'sendMessage':
      case 'editMessageText': {
        const chatId = Number(p.chat_id);
        const check = this.checkText(String(p.text ?? ''), p);
        if (check) return bad(check);
        // Like Telegram, the stored message holds the visible text (entities parsed out).
        const text = p.parse_mode === 'HTML' ? visibleText(String(p.text)) : String(p.text ?? '');
        if (method === 'sendMessage') {
          const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
          const msg = {
            message_id: this.newMessageId(chatId),
            date: Math.floor(Date.now() / 1000),
            chat: this.chat(chatId),
            from: this.bot,
            text,
            ...(Array.isArray(p.entities) && p.entities.length ? { entities: p.entities } : {}),
            ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}),
            ...(replyTo !== undefined && this.messages.has(`${chatId}:${replyTo}`)
              ? { reply_to_message: this.messages.get(`${chatId}:${replyTo}`) }
              : {}),
          } as Message;
          this.messages.set(`${chatId}:${msg.message_id}`, msg);
          call.message = msg;
          return { result: msg };
        }
        const key = `${chatId}:${Number(p.message_id)}`;
        const old = this.messages.get(key);
        if (!old || old.from?.id !== this.bot.id) return bad('message to edit not found');
        if (
          old.text === text &&
          JSON.stringify(old.entities ?? []) === JSON.stringify(p.entities ?? []) &&
          JSON.stringify(old.reply_markup) === JSON.stringify(p.reply_markup)
        )
          return bad(
            'message is not modified: specified new message content and reply markup are exactly the same',
          );
        const msg = { ...old, text, edit_date: Math.floor(Date.now() / 1000) } as Message;
        if (Array.isArray(p.entities) && p.entities.length) msg.entities = p.entities as MessageEntity[];
        else delete msg.entities;
        if (p.reply_markup) msg.reply_markup = p.reply_markup as Message['reply_markup'];
        else delete msg.reply_markup;
        this.messages.set(key, msg);
        call.message = msg;
        return { result: msg };
      }
      case 'editMessageReplyMarkup': {
        const key = `${Number(p.chat_id)}:${Number(p.message_id)}`;
        const old = this.messages.get(key);
        if (!old) return bad('message to edit not found');
        const msg = { ...old, reply_markup: p.reply_markup } as Message;
        this.messages.set(key, msg);
        call.message = msg;
        return { result: msg };
      }
      default:
        return { error: { error_code: 404, description: 'Not Found: method not found' } };
    }
  }

  /** Telegram's limits on a message: length, parseable HTML, callback data size. */
  private checkText(text: string, p: Json): string | undefined {
    if (text.trim() === '') return 'message text is empty';
    let length = text.length;
    if (p.parse_mode === 'HTML') {
      if (p.entities !== undefined) return "can't use parse_mode and entities together";
      const parsed = parseHtml(text);
      if ('error' in parsed) return parsed.error.replace(/^Bad Request: /, '');
      length = parsed.length;
    }
    const bad = checkEntities(text, p.entities);
    if (bad) return bad;
    if (length > 4096) return 'message is too long';
    const rows = (
      p.reply_markup as { inline_keyboard?: { callback_data?: string; url?: string }[][] } | undefined
    )?.inline_keyboard;
    for (const b of rows?.flat() ?? []) {
      const start = b.url !== undefined ? new URL(b.url).searchParams.get('start') : null;
      if (start !== null && !START_PARAMETER.test(start)) return 'START_PARAM_INVALID';
      if (
        b.callback_data !== undefined &&
        (Buffer.byteLength(b.callback_data) > 64 || b.callback_data === '')
      )
        return 'BUTTON_DATA_INVALID';
    }
    return undefined;
  }
}
