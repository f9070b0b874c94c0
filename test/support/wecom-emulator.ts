/**
 * A WeCom (企业微信) intelligent-robot gateway on loopback, as @wecom/aibot-node-sdk (1.0.x) and our bot see it.
 * Built from the SDK's source (dist/index.esm.js: WsConnectionManager, WSClient) and its documented limits
 * (dist/types/api.d.ts, README):
 *  - one WebSocket; JSON frames `{ cmd, headers: { req_id }, body }`. The first frame must be `aibot_subscribe`
 *    `{ bot_id, secret }`; the answer is `{ headers: { req_id }, errcode, errmsg }` (wrong credentials: errcode
 *    40001, and nothing else is accepted on that socket). `ping` frames get an ack with their req_id.
 *  - pushes `aibot_msg_callback` (text, file) and `aibot_event_callback` (enter_chat, template_card_event,
 *    feedback_event) with a fresh req_id each; replies name that req_id and get an ack (errcode 0, or an error).
 *  - rules enforced (a breach gets an error ack and is recorded in `violations`):
 *    · `aibot_respond_msg` only to a pushed message's req_id; one stream per message, its frames after `finish`
 *      refused; stream content ≤ 20,480 bytes of UTF-8; `feedback.id` ≤ 256 bytes, only on a stream's first frame;
 *      a template card at most once per message;
 *    · template cards: `button_interaction` needs 1–6 buttons with unique keys ≤ 1,024 bytes; task_id
 *      [0-9A-Za-z_-@] ≤ 128 bytes, never used before by this robot for a new card;
 *    · `aibot_respond_update_msg` only to a template_card_event's req_id, within 5 s of it, with that event's task_id;
 *    · `aibot_respond_welcome_msg` only to an enter_chat's req_id, within 5 s, once.
 *  - files: the message carries `{ url, aeskey }`; GET url serves the file AES-256-CBC encrypted (IV = the key's
 *    first 16 bytes, PKCS#7 padded to 32) with its name in Content-Disposition, as the SDK's decryptFile expects.
 *  - `dropOnNextReply()`: the next reply frame is lost and the socket cut (the SDK reconnects and authenticates
 *    again). Group messages are pushed with or without an @-mention (the real platform pushes only the first).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const STREAM_BYTES = 20_480;
export const UPDATE_WINDOW_MS = 5000;

interface Frame {
  cmd?: string;
  headers?: { req_id?: string };
  body?: Record<string, unknown>;
}

export interface EmuCard {
  card_type: string;
  main_title?: { title?: string; desc?: string };
  sub_title_text?: string;
  quote_area?: { quote_text?: string };
  button_list?: { text: string; key: string; style?: number }[];
  task_id?: string;
}

/** One reply stream as the user sees it: its latest content, whether it is finished, its card. */
export interface EmuStream {
  id: string;
  reqId: string;
  msgId: string;
  userId: string;
  chatId?: string;
  content: string;
  finished: boolean;
  /** Content of every accepted frame, in order. */
  frames: string[];
  feedbackId?: string;
  taskId?: string;
  createdAt: number;
  finishedAt?: number;
}

interface Pushed {
  reqId: string;
  msgId: string;
  kind: 'message' | 'enter_chat' | 'template_card_event' | 'feedback_event';
  userId: string;
  chatId?: string;
  at: number;
  taskId?: string;
  stream?: EmuStream;
  cardSent?: boolean;
  welcomed?: boolean;
}

const id = (prefix: string) => `${prefix}${randomBytes(8).toString('hex')}`;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function encrypt(plain: Buffer, key: Buffer): Buffer {
  const pad = 32 - (plain.length % 32);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}

export class WecomEmulator {
  readonly botId = 'aibemulatorbot0001';
  readonly secret = 'emulator-secret-wecom-0123456789';
  /** Every stream reply, in the order they began. */
  readonly streams: EmuStream[] = [];
  /** Cards as each user currently sees them, by task_id (an update replaces the tapper's view). */
  readonly cards = new Map<string, EmuCard>();
  /** Welcome texts sent on enter_chat. */
  readonly welcomes: { userId: string; content: string }[] = [];
  /** Rule breaches: what the real platform would refuse. */
  readonly violations: string[] = [];
  /** Authenticated connections so far, pings acknowledged. */
  auths = 0;
  pings = 0;
  fileDownloads = 0;

  private readonly wss = new WebSocketServer({ noServer: true });
  private server: Server | undefined;
  private socket: WebSocket | undefined;
  private authed = new WeakSet<WebSocket>();
  private readonly pushed = new Map<string, Pushed>();
  private readonly taskIds = new Set<string>();
  private readonly files = new Map<string, { data: Buffer; name: string }>();
  private dropNext = false;
  private base = '';

  get wsUrl(): string {
    return this.base.replace(/^http/, 'ws') + '/ws';
  }

  get connected(): boolean {
    return this.socket !== undefined && this.authed.has(this.socket) && this.socket.readyState === 1;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.serveFile(req, res));
    this.server.on('upgrade', (req, sock, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== '/ws') {
        sock.end('HTTP/1.1 404 Not Found\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, sock, head, (ws) => this.onConnection(ws));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  // ---- what users do ------------------------------------------------------------------------------------------

  /** A text message; `group` pushes it from a group chat (mention or not, as written in `text`). */
  sendText(userId: string, text: string, o: { group?: string } = {}): Pushed {
    return this.push('aibot_msg_callback', 'message', userId, o.group, {
      msgtype: 'text',
      text: { content: text },
    });
  }

  /** A file in a private chat: stored encrypted, its URL and key in the message. */
  sendFile(userId: string, name: string, data: Buffer): Pushed {
    const token = id('f');
    this.files.set(token, { data, name });
    const key = randomBytes(32);
    this.files.set(`${token}:key`, { data: key, name });
    return this.push('aibot_msg_callback', 'message', userId, undefined, {
      msgtype: 'file',
      file: { url: `${this.base}/files/${token}`, aeskey: key.toString('base64') },
    });
  }

  /** The user opens the robot's private chat for the first time today. */
  enterChat(userId: string): Pushed {
    return this.push('aibot_event_callback', 'enter_chat', userId, undefined, {
      msgtype: 'event',
      event: { eventtype: 'enter_chat' },
    });
  }

  /** A tap on a button of a card the robot sent (the button must be on the card as it is shown now). */
  tap(userId: string, taskId: string, key: string, chatId?: string): Pushed {
    const card = this.cards.get(taskId);
    if (!card?.button_list?.some((b) => b.key === key)) throw new Error(`no button ${key} on card ${taskId}`);
    const p = this.push('aibot_event_callback', 'template_card_event', userId, chatId, {
      msgtype: 'event',
      event: {
        eventtype: 'template_card_event',
        template_card_event: { card_type: card.card_type, event_key: key, task_id: taskId },
      },
    });
    p.taskId = taskId;
    return p;
  }

  /** The native 👍 (1) / 👎 (2) under a reply that carried a feedback id. */
  feedback(userId: string, feedbackId: string, type: 1 | 2 | 3): Pushed {
    return this.push('aibot_event_callback', 'feedback_event', userId, undefined, {
      msgtype: 'event',
      event: { eventtype: 'feedback_event', feedback_event: { id: feedbackId, type } },
    });
  }

  /** The next reply frame is lost and the connection cut. */
  dropOnNextReply(): void {
    this.dropNext = true;
  }

  /** The stream replying to a pushed message. */
  streamFor(p: Pushed): EmuStream | undefined {
    return this.pushed.get(p.reqId)?.stream;
  }

  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error('wecom emulator: timed out waiting');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Resolves with the finished stream replying to `p`. */
  finished(p: Pushed, timeoutMs = 15_000): Promise<EmuStream> {
    return this.waitFor(() => {
      const s = this.streamFor(p);
      return s?.finished ? s : undefined;
    }, timeoutMs);
  }

  // ---- the gateway ---------------------------------------------------------------------------------------------

  private push(
    cmd: string,
    kind: Pushed['kind'],
    userId: string,
    chatId: string | undefined,
    body: Record<string, unknown>,
  ): Pushed {
    const p: Pushed = {
      reqId: id('req'),
      msgId: id('msg'),
      kind,
      userId,
      at: Date.now(),
      ...(chatId ? { chatId } : {}),
    };
    this.pushed.set(p.reqId, p);
    const frame = {
      cmd,
      headers: { req_id: p.reqId },
      body: {
        msgid: p.msgId,
        aibotid: this.botId,
        chattype: chatId ? 'group' : 'single',
        ...(chatId ? { chatid: chatId } : {}),
        from: { userid: userId },
        create_time: Math.floor(p.at / 1000),
        ...body,
      },
    };
    if (!this.connected || !this.socket) throw new Error('wecom emulator: no authenticated connection');
    this.socket.send(JSON.stringify(frame));
    return p;
  }

  private onConnection(ws: WebSocket): void {
    ws.on('message', (data) => {
      let f: Frame;
      try {
        f = JSON.parse(String(data)) as Frame;
      } catch {
        this.violations.push('unparsable frame');
        return;
      }
      this.onFrame(ws, f);
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
    });
  }

  private ack(ws: WebSocket, reqId: string, errcode = 0, errmsg = 'ok'): void {
    if (ws.readyState === 1) ws.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));
  }

  private refuse(ws: WebSocket, reqId: string, why: string, errcode = 40058): void {
    this.violations.push(why);
    this.ack(ws, reqId, errcode, why);
  }

  private onFrame(ws: WebSocket, f: Frame): void {
    const reqId = f.headers?.req_id ?? '';
    if (f.cmd === 'aibot_subscribe') {
      const ok = f.body?.bot_id === this.botId && f.body.secret === this.secret;
      if (!ok) return this.ack(ws, reqId, 40001, 'invalid credential');
      this.authed.add(ws);
      this.socket = ws;
      this.auths++;
      return this.ack(ws, reqId);
    }
    if (!this.authed.has(ws))
      return this.refuse(ws, reqId, `${f.cmd ?? 'frame'} before authentication`, 40014);
    if (f.cmd === 'ping') {
      this.pings++;
      return this.ack(ws, reqId);
    }
    if (this.dropNext && f.cmd?.startsWith('aibot_respond')) {
      // The frame never arrives: the connection dies under it.
      this.dropNext = false;
      ws.terminate();
      return;
    }
    const p = this.pushed.get(reqId);
    const body = f.body ?? {};
    switch (f.cmd) {
      case 'aibot_respond_msg':
        if (p?.kind !== 'message') return this.refuse(ws, reqId, 'aibot_respond_msg to an unknown req_id');
        return this.onReply(ws, p, body);
      case 'aibot_respond_update_msg': {
        if (p?.kind !== 'template_card_event')
          return this.refuse(ws, reqId, 'card update to a non-card req_id');
        if (Date.now() - p.at > UPDATE_WINDOW_MS) return this.refuse(ws, reqId, 'card update after 5 s');
        const card = body.template_card as EmuCard | undefined;
        if (body.response_type !== 'update_template_card' || !card)
          return this.refuse(ws, reqId, 'card update without update_template_card');
        if (card.task_id !== p.taskId) return this.refuse(ws, reqId, 'card update with another task_id');
        const bad = this.cardProblem(card, false);
        if (bad) return this.refuse(ws, reqId, bad);
        this.cards.set(p.taskId ?? '', card);
        return this.ack(ws, reqId);
      }
      case 'aibot_respond_welcome_msg': {
        if (p?.kind !== 'enter_chat') return this.refuse(ws, reqId, 'welcome to a non-enter_chat req_id');
        if (Date.now() - p.at > UPDATE_WINDOW_MS) return this.refuse(ws, reqId, 'welcome after 5 s');
        if (p.welcomed) return this.refuse(ws, reqId, 'second welcome');
        p.welcomed = true;
        const text = (body.text as { content?: string } | undefined)?.content ?? '';
        this.welcomes.push({ userId: p.userId, content: text });
        return this.ack(ws, reqId);
      }
      default:
        return this.refuse(ws, reqId, `unknown cmd ${f.cmd ?? ''}`);
    }
  }

  private onReply(ws: WebSocket, p: Pushed, body: Record<string, unknown>): void {
    const reqId = p.reqId;
    const type = body.msgtype;
    if (type !== 'stream' && type !== 'stream_with_template_card')
      return this.refuse(ws, reqId, `reply msgtype ${String(type)} not supported here`);
    const s = body.stream as { id?: string; finish?: boolean; content?: string; feedback?: { id?: string } };
    if (!s?.id) return this.refuse(ws, reqId, 'stream without id');
    const content = s.content ?? '';
    if (bytes(content) > STREAM_BYTES)
      return this.refuse(ws, reqId, `stream content of ${bytes(content)} bytes`);
    const stream = p.stream;
    if (stream && stream.id !== s.id) return this.refuse(ws, reqId, 'a second stream for one message');
    if (stream?.finished) return this.refuse(ws, reqId, 'stream frame after finish');
    if (s.feedback) {
      if (stream) return this.refuse(ws, reqId, 'feedback after the first frame');
      if (!s.feedback.id || bytes(s.feedback.id) > 256)
        return this.refuse(ws, reqId, 'feedback id over 256 bytes');
    }
    const card = body.template_card as EmuCard | undefined;
    if (card) {
      if (p.cardSent) return this.refuse(ws, reqId, 'a second template card for one message');
      const bad = this.cardProblem(card, true);
      if (bad) return this.refuse(ws, reqId, bad);
    }
    const st: EmuStream = stream ?? {
      id: s.id,
      reqId,
      msgId: p.msgId,
      userId: p.userId,
      ...(p.chatId ? { chatId: p.chatId } : {}),
      content: '',
      finished: false,
      frames: [],
      ...(s.feedback?.id ? { feedbackId: s.feedback.id } : {}),
      createdAt: Date.now(),
    };
    if (!stream) {
      p.stream = st;
      this.streams.push(st);
    }
    st.content = content;
    st.frames.push(content);
    if (s.finish) {
      st.finished = true;
      st.finishedAt = Date.now();
    }
    if (card?.task_id) {
      p.cardSent = true;
      st.taskId = card.task_id;
      this.taskIds.add(card.task_id);
      this.cards.set(card.task_id, card);
    }
    this.ack(ws, reqId);
  }

  /** What the platform would refuse in a card, or undefined. */
  private cardProblem(card: EmuCard, isNew: boolean): string | undefined {
    const task = card.task_id ?? '';
    if (!/^[0-9A-Za-z_\-@]{1,128}$/.test(task)) return `task_id ${task} not allowed`;
    if (isNew && this.taskIds.has(task)) return `task_id ${task} used before`;
    if (card.card_type === 'button_interaction') {
      const list = card.button_list ?? [];
      if (list.length < 1 || list.length > 6) return `${list.length} buttons (1–6 allowed)`;
      if (new Set(list.map((b) => b.key)).size !== list.length) return 'button keys not unique';
      if (list.some((b) => !b.key || bytes(b.key) > 1024)) return 'button key empty or over 1,024 bytes';
    }
    return undefined;
  }

  private serveFile(req: IncomingMessage, res: ServerResponse): void {
    const m = /^\/files\/([^/?]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const file = m ? this.files.get(m[1] as string) : undefined;
    const key = m ? this.files.get(`${m[1] as string}:key`) : undefined;
    if (!file || !key) {
      res.writeHead(404).end();
      return;
    }
    this.fileDownloads++;
    const data = encrypt(file.data, key.data);
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': data.length,
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    });
    res.end(data);
  }
}
