/**
 * An emulator of the Feishu / Lark open platform on loopback, for end-to-end tests of the Feishu front end
 * through the official SDK (@larksuiteoapi/node-sdk pointed at it with its `domain` option):
 * - HTTP open APIs the bot uses: tenant_access_token, bot/v3/info, im/v1/messages create / reply / patch;
 * - the long connection: POST /callback/ws/endpoint hands out a ws:// URL, then events travel as protobuf
 *   `pbbp2.Frame`s (method 1 = data, headers type/message_id/sum/seq/trace_id; the client answers each with
 *   the same frame whose payload is {code, data: base64(JSON result)}), pings get pongs with the client config;
 * - event-callback mode: events and card callbacks POSTed as JSON to the bot's request URL, optionally
 *   encrypted (AES-256-CBC, key sha256(Encrypt Key)) and signed (x-lark-signature), as Feishu does.
 * Users are simulated: `send` a text in a private chat or group (with or without @bot), `tap` a card button.
 * Group messages are delivered whether or not they mention the bot (as for an app with the group-message
 * scope), so the bot's own filtering is what the tests see. Faults: `failNext` answers API calls with 429/5xx.
 */
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';
import { WebSocketServer, type WebSocket } from 'ws';

export interface EmuMessage {
  messageId: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  from: 'bot' | 'user';
  senderOpenId: string;
  msgType: string;
  /** Parsed content: {text} for texts, the card JSON for interactive messages. */
  content: Record<string, unknown>;
  parentId?: string;
  rootId?: string;
  /** How many times the content was replaced (patch or a callback's card). */
  updates: number;
  createdAt: number;
  updatedAt: number;
  /** performance.now() when stored, for latency measurements. */
  createdHr: number;
}

export interface ApiCall {
  method: string;
  path: string;
  status: number;
  code: number;
  at: number;
}

export interface Button {
  label: string;
  value: unknown;
}

interface Fault {
  match: RegExp;
  remaining: number;
  status: number;
  code: number;
}

const frameRoot = protobuf.Root.fromJSON({
  nested: {
    pbbp2: {
      nested: {
        Header: {
          fields: {
            key: { rule: 'required', type: 'string', id: 1 },
            value: { rule: 'required', type: 'string', id: 2 },
          },
        },
        Frame: {
          fields: {
            SeqID: { rule: 'required', type: 'uint64', id: 1 },
            LogID: { rule: 'required', type: 'uint64', id: 2 },
            service: { rule: 'required', type: 'int32', id: 3 },
            method: { rule: 'required', type: 'int32', id: 4 },
            headers: { rule: 'repeated', type: 'Header', id: 5 },
            payloadEncoding: { type: 'string', id: 6 },
            payloadType: { type: 'string', id: 7 },
            payload: { type: 'bytes', id: 8 },
            LogIDNew: { type: 'string', id: 9 },
          },
        },
      },
    },
  },
});
const Frame = frameRoot.lookupType('pbbp2.Frame');

interface FrameData {
  SeqID: number;
  LogID: number;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload?: Uint8Array;
}

function header(f: FrameData, key: string): string | undefined {
  return f.headers.find((h) => h.key === key)?.value;
}

/** Every button in a card, wherever it sits (card JSON 1.0 `value` or 2.0 `behaviors`). */
export function buttonsOf(card: unknown): Button[] {
  const out: Button[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    if (o.tag === 'button') {
      const text = (o.text as { content?: string } | undefined)?.content ?? '';
      const behaviors = o.behaviors as { type?: string; value?: unknown }[] | undefined;
      const value = behaviors?.find((b) => b.type === 'callback')?.value ?? o.value;
      out.push({ label: text, value });
      return;
    }
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
}

/**
 * Feishu's size limits on a card (card JSON 2.0): at most 30 KB of JSON and 200 components (every element with a
 * tag: containers, columns, buttons, texts; not the plain_text objects inside them). Returns why a card is refused.
 */
export function cardRefusal(json: string): string | undefined {
  if (Buffer.byteLength(json) > 30 * 1024) return 'card content exceeds 30 KB';
  let components = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      const tag = (v as { tag?: unknown }).tag;
      if (typeof tag === 'string' && tag !== 'plain_text') components++;
      Object.values(v).forEach(visit);
    }
  };
  try {
    visit((JSON.parse(json) as { body?: { elements?: unknown } }).body?.elements);
  } catch {
    return undefined;
  }
  return components > 200 ? `card has ${components} components (at most 200)` : undefined;
}

/** The text a person reads on a card: every plain_text / markdown content, in order. */
export function textOf(card: unknown): string {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (typeof n !== 'object' || n === null) return;
    const o = n as Record<string, unknown>;
    if (o.tag === 'button') return;
    if (
      (o.tag === 'plain_text' || o.tag === 'markdown' || o.tag === 'lark_md') &&
      typeof o.content === 'string'
    ) {
      out.push(o.content.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d))));
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'config') walk(v);
  };
  walk(card);
  return out.join('\n');
}

export class FeishuEmulator {
  readonly appId = `cli_${randomBytes(8).toString('hex')}`;
  readonly appSecret = randomBytes(16).toString('hex');
  readonly botOpenId = `ou_${randomBytes(16).toString('hex')}`;
  readonly verificationToken = randomBytes(12).toString('hex');
  readonly tenantKey = 'tenant_emulated';
  /** Event-callback mode: where events are posted; encrypted and signed when set. */
  webhookUrl: string | undefined;
  encryptKey: string | undefined;
  /** Split each event payload into this many long-connection frames (the SDK must reassemble them). */
  fragments = 1;
  /** An event not acknowledged within this time is pushed again, up to `redeliveries` times. */
  ackTimeoutMs = 3000;
  redeliveries = 3;

  readonly messages: EmuMessage[] = [];
  readonly calls: ApiCall[] = [];
  readonly toasts: unknown[] = [];
  /** Cards the platform refused for their size (sent, updated or returned by a callback), with the reason. */
  readonly refusedCards: string[] = [];
  /** Events the bot did not acknowledge with code 200 (long connection) or HTTP 200 (callback). */
  readonly failedDeliveries: string[] = [];

  private server?: http.Server;
  private wss?: WebSocketServer;
  private socket: WebSocket | undefined;
  private readonly tokens = new Set<string>();
  private readonly faults: Fault[] = [];
  private readonly pending = new Map<string, (result: unknown) => void>();
  private readonly uuids = new Map<string, string>();
  /** Files users sent, by `${message_id}/${file_key}`. */
  private readonly files = new Map<string, Buffer>();
  private readonly waiters = new Set<() => void>();
  private seq = 1;
  private ticket = '';
  base = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.route(req, res));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (req, sock, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname !== '/ws' || url.searchParams.get('ticket') !== this.ticket || this.ticket === '') {
        sock.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.wss!.handleUpgrade(req, sock, head, (ws) => this.onSocket(ws));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const done of [...this.pending.values()]) done(undefined);
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    await new Promise<void>((r) => {
      this.server?.close(() => r());
      this.server?.closeAllConnections();
    });
  }

  /** True while a bot holds the long connection. */
  get connected(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** Drops the long connection, as a platform restart or a network blip would. */
  disconnect(): void {
    this.socket?.terminate();
    this.socket = undefined;
  }

  /** Resolves once a bot holds the long connection again. */
  async waitConnected(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.connected) {
      if (Date.now() > until) throw new Error('no long connection');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The next `times` calls whose "METHOD path" matches answer with `status` (and Feishu's code for it). */
  failNext(match: RegExp, times: number, status = 429): void {
    this.faults.push({ match, remaining: times, status, code: status === 429 ? 99991400 : 1000001 });
  }

  // ---- users ---------------------------------------------------------------------------------------------

  /** A user sends a text message; returns the message id. */
  async send(opts: {
    chatId: string;
    chatType: 'p2p' | 'group';
    text: string;
    user?: string;
    mentionBot?: boolean;
    parentId?: string;
  }): Promise<string> {
    const user = opts.user ?? 'ou_user_1';
    const mentions = opts.mentionBot
      ? [
          {
            key: '@_user_1',
            id: { open_id: this.botOpenId, union_id: 'on_bot', user_id: '' },
            name: '问答机器人',
            tenant_key: this.tenantKey,
          },
        ]
      : [];
    const text = opts.mentionBot ? `@_user_1 ${opts.text}` : opts.text;
    const parent = opts.parentId ? this.messages.find((m) => m.messageId === opts.parentId) : undefined;
    const msg = this.store({
      chatId: opts.chatId,
      chatType: opts.chatType,
      from: 'user',
      senderOpenId: user,
      msgType: 'text',
      content: { text },
      ...(parent ? { parentId: parent.messageId, rootId: parent.rootId ?? parent.messageId } : {}),
    });
    const event = {
      schema: '2.0',
      header: this.eventHeader('im.message.receive_v1'),
      event: {
        sender: {
          sender_id: { open_id: user, union_id: `on_${user}`, user_id: '' },
          sender_type: 'user',
          tenant_key: this.tenantKey,
        },
        message: {
          message_id: msg.messageId,
          ...(msg.rootId ? { root_id: msg.rootId, parent_id: msg.parentId } : {}),
          create_time: String(msg.createdAt),
          update_time: String(msg.createdAt),
          chat_id: msg.chatId,
          chat_type: msg.chatType,
          message_type: 'text',
          content: JSON.stringify({ text }),
          ...(mentions.length > 0 ? { mentions } : {}),
          user_agent: 'emulator',
        },
      },
    };
    await this.deliver(event);
    return msg.messageId;
  }

  /** A user sends a file (message_type "file"); the bot downloads it from the message resource API. */
  async sendFile(opts: {
    chatId: string;
    chatType: 'p2p' | 'group';
    name: string;
    bytes: Buffer;
    user?: string;
  }): Promise<string> {
    const user = opts.user ?? 'ou_user_1';
    const fileKey = `file_v3_${randomBytes(12).toString('hex')}`;
    const content = { file_key: fileKey, file_name: opts.name };
    const msg = this.store({
      chatId: opts.chatId,
      chatType: opts.chatType,
      from: 'user',
      senderOpenId: user,
      msgType: 'file',
      content,
    });
    this.files.set(`${msg.messageId}/${fileKey}`, opts.bytes);
    await this.deliver({
      schema: '2.0',
      header: this.eventHeader('im.message.receive_v1'),
      event: {
        sender: {
          sender_id: { open_id: user, union_id: `on_${user}`, user_id: '' },
          sender_type: 'user',
          tenant_key: this.tenantKey,
        },
        message: {
          message_id: msg.messageId,
          create_time: String(msg.createdAt),
          update_time: String(msg.createdAt),
          chat_id: msg.chatId,
          chat_type: msg.chatType,
          message_type: 'file',
          content: JSON.stringify(content),
          user_agent: 'emulator',
        },
      },
    });
    return msg.messageId;
  }

  /** A user taps a card button; returns the callback response after applying its card, if any. */
  async tap(messageId: string, value: unknown, user = 'ou_user_1'): Promise<Record<string, unknown>> {
    const msg = this.messages.find((m) => m.messageId === messageId);
    if (!msg) throw new Error(`no message ${messageId}`);
    const event = {
      schema: '2.0',
      header: this.eventHeader('card.action.trigger'),
      event: {
        operator: { tenant_key: this.tenantKey, open_id: user, union_id: `on_${user}`, user_id: '' },
        token: `c-${randomUUID()}`,
        action: { value, tag: 'button' },
        host: 'im_message',
        context: { open_message_id: msg.messageId, open_chat_id: msg.chatId },
      },
    };
    const result = ((await this.deliver(event)) ?? {}) as Record<string, unknown>;
    const card = result.card as { type?: string; data?: Record<string, unknown> } | undefined;
    if (card?.type === 'raw' && card.data) {
      // A callback's card is checked like a sent one: one the platform refuses leaves the old card in place.
      const refused = cardRefusal(JSON.stringify(card.data));
      if (refused) this.refusedCards.push(refused);
      else this.update(msg, card.data);
    }
    if (result.toast) this.toasts.push(result.toast);
    return result;
  }

  // ---- observing -----------------------------------------------------------------------------------------

  botMessages(chatId?: string): EmuMessage[] {
    return this.messages.filter((m) => m.from === 'bot' && (chatId === undefined || m.chatId === chatId));
  }

  /** Resolves with the first message satisfying `pred`, re-checked on every change. */
  waitFor(pred: (m: EmuMessage) => boolean, timeoutMs = 10_000): Promise<EmuMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = this.messages.find(pred);
        if (!hit) return false;
        clearTimeout(timer);
        this.waiters.delete(check as () => void);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check as () => void);
        reject(new Error('timed out waiting for a bot message'));
      }, timeoutMs);
      if (!check()) this.waiters.add(check as () => void);
    });
  }

  // ---- internals -----------------------------------------------------------------------------------------

  private eventHeader(type: string) {
    return {
      event_id: randomBytes(16).toString('hex'),
      event_type: type,
      create_time: String(Date.now()),
      token: this.verificationToken,
      app_id: this.appId,
      tenant_key: this.tenantKey,
    };
  }

  private store(
    m: Omit<EmuMessage, 'messageId' | 'updates' | 'createdAt' | 'updatedAt' | 'createdHr'>,
  ): EmuMessage {
    const now = Date.now();
    const msg: EmuMessage = {
      ...m,
      messageId: `om_${randomBytes(16).toString('hex')}`,
      updates: 0,
      createdAt: now,
      updatedAt: now,
      createdHr: performance.now(),
    };
    this.messages.push(msg);
    this.notify();
    return msg;
  }

  private update(msg: EmuMessage, content: Record<string, unknown>): void {
    msg.content = content;
    msg.updates++;
    msg.updatedAt = Date.now();
    this.notify();
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private deliver(event: object): Promise<unknown> {
    if (this.connected) return this.deliverWs(event);
    if (this.webhookUrl) return this.deliverHttp(event);
    throw new Error('no bot connected: neither a long connection nor a webhook URL');
  }

  /**
   * Sends an event over the long connection and resolves with the bot's answer. Like Feishu, an event that is
   * not acknowledged in time is pushed again (same event, new frame id), a few times, then given up.
   */
  private deliverWs(event: object): Promise<unknown> {
    const bytes = Buffer.from(JSON.stringify(event));
    const n = Math.max(1, Math.min(this.fragments, bytes.length));
    const size = Math.ceil(bytes.length / n);
    return new Promise<unknown>((resolve) => {
      const ids: string[] = [];
      let attempts = 0;
      let timer: NodeJS.Timeout | undefined;
      const done = (result: unknown) => {
        clearTimeout(timer);
        for (const id of ids) this.pending.delete(id);
        resolve(result);
      };
      const push = () => {
        if (attempts++ >= this.redeliveries + 1) {
          this.failedDeliveries.push('ws no ack');
          return done(undefined);
        }
        const id = randomUUID();
        ids.push(id);
        this.pending.set(id, done);
        for (let i = 0; i < n; i++) {
          this.sendFrame({
            SeqID: this.seq++,
            LogID: 0,
            service: 1,
            method: 1,
            headers: [
              { key: 'type', value: 'event' },
              { key: 'message_id', value: id },
              { key: 'sum', value: String(n) },
              { key: 'seq', value: String(i) },
              { key: 'trace_id', value: randomUUID() },
            ],
            payload: bytes.subarray(i * size, (i + 1) * size),
          });
        }
        timer = setTimeout(push, this.ackTimeoutMs);
      };
      push();
    });
  }

  private async deliverHttp(event: object): Promise<unknown> {
    let body = JSON.stringify(event);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.encryptKey) {
      const key = createHash('sha256').update(this.encryptKey).digest();
      const iv = randomBytes(16);
      const c = createCipheriv('aes-256-cbc', key, iv);
      const encrypt = Buffer.concat([iv, c.update(body, 'utf8'), c.final()]).toString('base64');
      body = JSON.stringify({ encrypt });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomBytes(8).toString('hex');
      headers['x-lark-request-timestamp'] = timestamp;
      headers['x-lark-request-nonce'] = nonce;
      headers['x-lark-signature'] = createHash('sha256')
        .update(timestamp + nonce + this.encryptKey + body)
        .digest('hex');
    }
    const res = await fetch(this.webhookUrl!, { method: 'POST', headers, body });
    const text = await res.text();
    if (res.status !== 200) this.failedDeliveries.push(`HTTP ${res.status}`);
    return text === '' ? undefined : JSON.parse(text);
  }

  private sendFrame(f: FrameData): void {
    this.socket?.send(Frame.encode(Frame.fromObject(f)).finish());
  }

  private onSocket(ws: WebSocket): void {
    this.socket = ws;
    ws.on('message', (buf: Buffer) => {
      const f = Frame.toObject(Frame.decode(buf), { longs: Number, defaults: true }) as FrameData;
      const type = header(f, 'type');
      if (f.method === 0 && type === 'ping') {
        const cfg = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 };
        this.sendFrame({
          ...f,
          headers: [{ key: 'type', value: 'pong' }],
          payload: Buffer.from(JSON.stringify(cfg)),
        });
        return;
      }
      if (f.method === 1) {
        const id = header(f, 'message_id') ?? '';
        const resolve = this.pending.get(id);
        if (!resolve) return;
        this.pending.delete(id);
        const resp = JSON.parse(Buffer.from(f.payload ?? []).toString('utf8')) as {
          code: number;
          data?: string;
        };
        if (resp.code !== 200) this.failedDeliveries.push(`ws code ${resp.code}`);
        resolve(resp.data ? JSON.parse(Buffer.from(resp.data, 'base64').toString('utf8')) : undefined);
      }
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
    });
  }

  private async readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s = Buffer.concat(chunks).toString('utf8');
    return s === '' ? {} : (JSON.parse(s) as Record<string, unknown>);
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const what = `${req.method} ${url.pathname}`;
    const reply = (status: number, body: Record<string, unknown>, extra: Record<string, string> = {}) => {
      this.calls.push({
        method: req.method ?? '',
        path: url.pathname,
        status,
        code: Number(body.code ?? 0),
        at: Date.now(),
      });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...extra });
      res.end(JSON.stringify(body));
    };
    const fault = this.faults.find((f) => f.remaining > 0 && f.match.test(what));
    if (fault) {
      fault.remaining--;
      return reply(
        fault.status,
        {
          code: fault.code,
          msg: fault.status === 429 ? 'request trigger frequency limit' : 'internal error',
        },
        fault.status === 429 ? { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '0' } : {},
      );
    }
    let body: Record<string, unknown>;
    try {
      body = await this.readJson(req);
    } catch {
      return reply(400, { code: 9499, msg: 'Bad Request: body is not JSON' });
    }

    if (what === 'POST /open-apis/auth/v3/tenant_access_token/internal') {
      if (body.app_id !== this.appId || body.app_secret !== this.appSecret) {
        return reply(200, { code: 10014, msg: 'app secret invalid' });
      }
      const token = `t-${randomBytes(16).toString('hex')}`;
      this.tokens.add(token);
      return reply(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: 7200 });
    }
    if (what === 'POST /callback/ws/endpoint') {
      if (body.AppID !== this.appId || body.AppSecret !== this.appSecret) {
        return reply(200, { code: 514, msg: 'auth failed', data: {} });
      }
      this.ticket = randomUUID();
      const wsUrl = `${this.base.replace('http', 'ws')}/ws?device_id=emu-device&service_id=1&ticket=${this.ticket}`;
      return reply(200, {
        code: 0,
        msg: 'ok',
        data: {
          URL: wsUrl,
          ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
        },
      });
    }

    const auth = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (!auth || !this.tokens.has(auth)) {
      return reply(401, {
        code: 99991663,
        msg: 'Invalid access token for authorization. Please make a request with token attached.',
      });
    }

    if (what === 'GET /open-apis/bot/v3/info') {
      return reply(200, {
        code: 0,
        msg: 'ok',
        bot: { activate_status: 2, app_name: '问答机器人', open_id: this.botOpenId, ip_white_list: [] },
      });
    }

    const resource = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/resources\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && resource) {
      const bytes = this.files.get(`${resource[1]}/${resource[2]}`);
      if (url.searchParams.get('type') !== 'file' || !bytes) {
        return reply(400, { code: 234003, msg: 'File not in msg.' });
      }
      this.calls.push({ method: 'GET', path: url.pathname, status: 200, code: 0, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length });
      res.end(bytes);
      return;
    }
    const replyPath = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/.exec(url.pathname);
    const msgPath = /^\/open-apis\/im\/v1\/messages\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && (replyPath || url.pathname === '/open-apis/im/v1/messages')) {
      const content = this.parseContent(body);
      if (typeof content === 'string') return reply(400, { code: 230001, msg: content });
      const uuid = typeof body.uuid === 'string' ? body.uuid : undefined;
      const dup = uuid ? this.uuids.get(uuid) : undefined;
      if (dup) return reply(200, { code: 0, msg: 'success', data: { message_id: dup } });
      let chatId: string;
      let chatType: 'p2p' | 'group';
      let parent: EmuMessage | undefined;
      if (replyPath) {
        parent = this.messages.find((m) => m.messageId === replyPath[1]);
        if (!parent) return reply(400, { code: 230011, msg: 'The message was withdrawn or not found.' });
        ({ chatId, chatType } = parent);
      } else {
        if (url.searchParams.get('receive_id_type') !== 'chat_id' || typeof body.receive_id !== 'string') {
          return reply(400, { code: 99992402, msg: 'field validation failed: receive_id' });
        }
        chatId = body.receive_id;
        chatType = this.messages.find((m) => m.chatId === chatId)?.chatType ?? 'group';
      }
      const msg = this.store({
        chatId,
        chatType,
        from: 'bot',
        senderOpenId: this.botOpenId,
        msgType: String(body.msg_type),
        content,
        ...(parent ? { parentId: parent.messageId, rootId: parent.rootId ?? parent.messageId } : {}),
      });
      if (uuid) this.uuids.set(uuid, msg.messageId);
      return reply(200, {
        code: 0,
        msg: 'success',
        data: {
          message_id: msg.messageId,
          chat_id: chatId,
          msg_type: msg.msgType,
          body: { content: body.content },
        },
      });
    }
    if (req.method === 'PATCH' && msgPath) {
      const msg = this.messages.find((m) => m.messageId === msgPath[1]);
      if (!msg) return reply(400, { code: 230011, msg: 'The message was withdrawn or not found.' });
      if (msg.from !== 'bot' || msg.msgType !== 'interactive') {
        return reply(400, {
          code: 230027,
          msg: 'Lack of necessary permissions: only cards the bot sent can be updated',
        });
      }
      if (typeof body.content !== 'string')
        return reply(400, { code: 99992402, msg: 'field validation failed: content' });
      const content = this.parseContent({ msg_type: 'interactive', content: body.content });
      if (typeof content === 'string') return reply(400, { code: 230001, msg: content });
      this.update(msg, content);
      return reply(200, { code: 0, msg: 'success', data: {} });
    }
    return reply(404, { code: 404, msg: `404 page not found: ${what}` });
  }

  /** Message content as Feishu checks it: a JSON string; cards of schema 2.0 need `body.elements`. */
  private parseContent(body: Record<string, unknown>): Record<string, unknown> | string {
    if (typeof body.content !== 'string') return 'content must be a JSON string';
    let content: unknown;
    try {
      content = JSON.parse(body.content);
    } catch {
      return 'invalid message content: not JSON';
    }
    if (typeof content !== 'object' || content === null) return 'invalid message content';
    const c = content as Record<string, unknown>;
    if (body.msg_type === 'interactive') {
      const refused = cardRefusal(body.content);
      if (refused) {
        this.refusedCards.push(refused);
        return refused;
      }
      if (c.schema === '2.0') {
        const els = (c.body as { elements?: unknown } | undefined)?.elements;
        if (!Array.isArray(els)) return 'card schema 2.0 needs body.elements';
        if (JSON.stringify(c).includes('"tag":"action"'))
          return 'card schema 2.0 does not support the action module';
      }
    } else if (body.msg_type === 'text') {
      if (typeof c.text !== 'string') return 'text message needs content.text';
    } else {
      return `unsupported msg_type ${String(body.msg_type)}`;
    }
    return c;
  }
}
