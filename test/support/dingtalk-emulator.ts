/**
 * A DingTalk open-platform emulator on loopback, as the dingtalk-stream SDK and our bot see it:
 *  - POST /v1.0/gateway/connections/open: checks clientId/clientSecret, answers { endpoint, ticket };
 *  - the Stream WebSocket at that endpoint (?ticket= once only): JSON frames — SYSTEM ping (the client echoes
 *    it back), SYSTEM disconnect (then the server closes and the client opens a new connection), CALLBACK on
 *    topic /v1.0/im/bot/messages/get with the robot message as a JSON string in `data`; the client's ACK
 *    frames ({ code: 200, headers: { messageId }, data }) are recorded;
 *  - POST /robot/sendBySession?session=…: the sessionWebhook each message carries, where replies go. Failures
 *    (HTTP 429/5xx, errcode 130101 "send too fast") can be queued to test retries.
 *  - files users send (sendFile): POST /v1.0/oauth2/accessToken (appKey/appSecret → accessToken), POST
 *    /v1.0/robot/messageFiles/download (token header, {downloadCode, robotCode} → {downloadUrl}), GET that URL.
 * Users act through send()/sendGroup()/tap(); tests read what the bot posted from `replies`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

export interface RobotReply {
  session: string;
  conversationId: string;
  body: {
    msgtype: string;
    markdown?: { title: string; text: string };
    actionCard?: { title: string; text: string; btns?: { title: string; actionURL: string }[] };
    text?: { content: string };
  };
  at: number;
}

export interface Failure {
  status: number;
  errcode?: number;
  retryAfter?: string;
}

interface Frame {
  specVersion?: string;
  type?: string;
  code?: number;
  headers: Record<string, string>;
  message?: string;
  data?: string;
}

interface Session {
  conversationId: string;
  conversationType: '1' | '2';
}

const id = (prefix: string) => `${prefix}${randomBytes(6).toString('hex')}`;

export class DingtalkEmulator {
  readonly clientId = 'dingemulatorapp';
  readonly clientSecret = 'emulator-secret-0123456789';
  readonly robotUserId = '$:LWCP_v1:$robotbot';
  readonly robotCode = 'dingemulatorapp';
  /** Every gateway call (one per connection the SDK opens). */
  readonly gatewayCalls: { clientId?: string; subscriptions?: { type: string; topic: string }[] }[] = [];
  /** Frames the client sent: acks and ping echoes. */
  readonly upstream: Frame[] = [];
  /** Replies accepted on session webhooks, in order. */
  readonly replies: RobotReply[] = [];
  /** Every POST to a session webhook, failed or not. */
  readonly replyAttempts: { session: string; status: number; at: number }[] = [];
  /** The app's granted OpenAPI permissions (the developer console's 权限管理); tests may take one away. */
  readonly permissions = new Set(['qyapi_robot_sendmsg']);
  /** Replies the platform refused for their size, with the reason. */
  readonly refused: string[] = [];
  /** Failures the next session-webhook posts get, in order. */
  readonly failures: Failure[] = [];
  /** Messages pushed, by the messageId of their frame, with when they were sent. */
  readonly pushed = new Map<string, { msgId: string; at: number }>();

  private server: Server | undefined;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sessions = new Map<string, Session>();
  /** Files users sent, by downloadCode; download URLs, by their token; access tokens issued. */
  private readonly files = new Map<string, Buffer>();
  private readonly fileUrls = new Map<string, Buffer>();
  private readonly accessTokens = new Set<string>();
  /** Files the bot fetched from a download URL. */
  fileDownloads = 0;
  private readonly frames = new Map<string, Frame>();
  private socket: WebSocket | undefined;
  /** Connections gone silent (goSilent): kept so stop() can close them. */
  private readonly silenced: WebSocket[] = [];
  private waiters: (() => void)[] = [];
  private base = '';

  get apiBase(): string {
    return this.base;
  }

  get connected(): boolean {
    return this.socket?.readyState === 1;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.route(req, res));
    this.server.on('upgrade', (req, sock, head) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/connect' || !this.tickets.delete(ticket)) {
        sock.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, sock, head, (ws) => this.onConnection(ws));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const ws of [...this.wss.clients, ...this.silenced]) ws.terminate();
    this.wss.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A private-chat message from `staffId`. */
  send(staffId: string, text: string): { msgId: string; messageId: string } {
    return this.push(`cidp${staffId}`, '1', staffId, text, {});
  }

  /** A private-chat file message (msgtype "file") from `staffId`. */
  sendFile(staffId: string, fileName: string, bytes: Buffer): { msgId: string; messageId: string } {
    const downloadCode = id('code');
    this.files.set(downloadCode, bytes);
    return this.push(`cidp${staffId}`, '1', staffId, '', { file: { downloadCode, fileName } });
  }

  /**
   * A group message. DingTalk itself only pushes group messages that @ the robot; `mention: false` pushes one
   * anyway, to check that the bot ignores it.
   */
  sendGroup(
    conversationId: string,
    staffId: string,
    text: string,
    mention: boolean,
  ): { msgId: string; messageId: string } {
    return this.push(conversationId, '2', staffId, text, { mention });
  }

  /** The user taps a button or link of a reply: DingTalk sends its dtmd content back into the chat. */
  tap(reply: RobotReply, title: RegExp, staffId: string): { msgId: string; messageId: string } {
    const btn = reply.body.actionCard?.btns?.find((b) => title.test(b.title));
    if (!btn) throw new Error(`no button ${title} on the reply`);
    const url = new URL(btn.actionURL);
    if (url.protocol !== 'dtmd:' || url.host !== 'dingtalkclient' || url.pathname !== '/sendMessage') {
      throw new Error(`not a send-message link: ${btn.actionURL}`);
    }
    const session = this.sessions.get(reply.session);
    if (!session || session.conversationType !== '1') throw new Error('taps are emulated in private chats');
    return this.push(session.conversationId, '1', staffId, url.searchParams.get('content') ?? '', {});
  }

  /** The user taps a markdown link `[label](dtmd://…)` in a reply's text: its content goes back into the chat. */
  tapLink(reply: RobotReply, label: RegExp, staffId: string): { msgId: string; messageId: string } {
    const text = reply.body.markdown?.text ?? reply.body.actionCard?.text ?? '';
    const link = [...text.matchAll(/\[([^\]]*)\]\((dtmd:[^)\s]+)\)/g)].find((m) => label.test(m[1] ?? ''));
    if (!link) throw new Error(`no link ${label} in the reply`);
    const url = new URL(link[2] ?? '');
    const session = this.sessions.get(reply.session);
    if (!session || session.conversationType !== '1') throw new Error('taps are emulated in private chats');
    return this.push(session.conversationId, '1', staffId, url.searchParams.get('content') ?? '', {});
  }

  /** Pushes a CALLBACK frame again, unchanged (as DingTalk does when it misses the ack). */
  redeliver(messageId: string): void {
    const frame = this.frames.get(messageId);
    if (!frame) throw new Error(`no frame ${messageId}`);
    this.sendFrame(frame);
  }

  /** A SYSTEM ping; resolves with the client's echo. */
  async ping(timeoutMs = 3000): Promise<Frame> {
    const messageId = id('ping');
    const opaque = id('opaque');
    this.sendFrame({
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: { contentType: 'application/json', messageId, time: String(Date.now()), topic: 'ping' },
      data: JSON.stringify({ opaque }),
    });
    const echo = await this.waitFor(
      () => this.upstream.find((f) => f.headers.messageId === messageId),
      timeoutMs,
    );
    if (JSON.parse(echo.data ?? '{}').opaque !== opaque) throw new Error('ping echo lost its data');
    return echo;
  }

  /** SYSTEM disconnect, then the server closes the socket (as DingTalk does before maintenance). */
  /**
   * The connection goes dead without a close (a NAT or proxy dropped it): the emulator stops reading the socket,
   * so the client's pings get no pong. Only a client-side keep-alive notices; `connected` stays true until then.
   */
  goSilent(): void {
    const ws = this.socket;
    if (!ws) return;
    (ws as unknown as { _socket?: { pause(): void } })._socket?.pause();
    this.socket = undefined;
    this.silenced.push(ws);
  }

  disconnect(): void {
    const ws = this.socket;
    this.sendFrame({
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: {
        contentType: 'application/json',
        messageId: id('sys'),
        time: String(Date.now()),
        topic: 'disconnect',
      },
      data: JSON.stringify({ reason: 'server maintenance' }),
    });
    setTimeout(() => ws?.close(1000, 'disconnect'), 50);
  }

  ackOf(messageId: string): Frame | undefined {
    return this.upstream.find(
      (f) => f.code === 200 && f.headers.messageId === messageId && f.data !== undefined,
    );
  }

  /** Replies posted into one conversation. */
  repliesIn(conversationId: string): RobotReply[] {
    return this.replies.filter((r) => r.conversationId === conversationId);
  }

  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('emulator: timed out waiting');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w();
  }

  private push(
    conversationId: string,
    conversationType: '1' | '2',
    staffId: string,
    text: string,
    o: { mention?: boolean; file?: { downloadCode: string; fileName: string } },
  ): { msgId: string; messageId: string } {
    const session = id('sess');
    this.sessions.set(session, { conversationId, conversationType });
    const msgId = id('msg');
    const now = Date.now();
    const group = conversationType === '2';
    const data = {
      conversationId,
      ...(group ? { conversationTitle: '政协办公室工作群' } : {}),
      chatbotCorpId: 'dingcorp',
      chatbotUserId: this.robotUserId,
      msgId,
      senderNick: `用户${staffId}`,
      isAdmin: false,
      senderStaffId: staffId,
      sessionWebhookExpiredTime: now + 90 * 60_000,
      createAt: now,
      senderCorpId: 'dingcorp',
      conversationType,
      senderId: `$:LWCP_v1:$${staffId}`,
      sessionWebhook: `${this.base}/robot/sendBySession?session=${session}`,
      robotCode: this.robotCode,
      ...(o.file
        ? {
            msgtype: 'file',
            content: { ...o.file, fileId: id(''), spaceId: '28455378906' },
          }
        : {
            msgtype: 'text',
            // DingTalk removes the "@robot" itself from the content and leaves the space after it.
            text: { content: group && o.mention ? ` ${text}` : text },
          }),
      ...(group
        ? {
            isInAtList: o.mention === true,
            atUsers: o.mention ? [{ dingtalkId: this.robotUserId }] : [],
          }
        : {}),
    };
    const messageId = id('cb');
    const frame = {
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: 'emulator-app',
        connectionId: 'conn',
        contentType: 'application/json',
        messageId,
        time: String(now),
        topic: TOPIC_ROBOT,
      },
      data: JSON.stringify(data),
    };
    this.pushed.set(messageId, { msgId, at: performance.now() });
    this.frames.set(messageId, frame);
    this.sendFrame(frame);
    return { msgId, messageId };
  }

  private sendFrame(frame: Frame): void {
    if (!this.socket || this.socket.readyState !== 1) throw new Error('emulator: no client connected');
    this.socket.send(JSON.stringify(frame));
  }

  private onConnection(ws: WebSocket): void {
    this.socket = ws;
    ws.on('message', (raw) => {
      try {
        this.upstream.push(JSON.parse(String(raw)) as Frame);
      } catch {
        this.upstream.push({ headers: { bad: String(raw) } });
      }
      this.wake();
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
      this.wake();
    });
    this.wake();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
    let body: Record<string, unknown>;
    try {
      body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    } catch {
      json(400, { code: 'InvalidParameter', message: 'body is not JSON' });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1.0/gateway/connections/open') {
      this.gatewayCalls.push({
        clientId: body.clientId as string | undefined,
        subscriptions: body.subscriptions as { type: string; topic: string }[] | undefined,
      });
      if (body.clientId !== this.clientId || body.clientSecret !== this.clientSecret) {
        json(401, { code: 'InvalidAuthentication', message: '应用凭证无效' });
        return;
      }
      const ticket = id('ticket');
      this.tickets.add(ticket);
      json(200, { endpoint: `${this.base.replace(/^http/, 'ws')}/connect`, ticket });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1.0/oauth2/accessToken') {
      if (body.appKey !== this.clientId || body.appSecret !== this.clientSecret) {
        json(400, { code: 'invalidClientIdOrSecret', message: '无效的clientId或者clientSecret' });
        return;
      }
      const token = id('tok');
      this.accessTokens.add(token);
      json(200, { accessToken: token, expireIn: 7200 });
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1.0/robot/messageFiles/download') {
      if (!this.accessTokens.has(String(req.headers['x-acs-dingtalk-access-token'] ?? ''))) {
        json(401, { code: 'InvalidAuthentication', message: '不合法的access_token' });
        return;
      }
      // Downloading files sent to the robot needs the robot message permission (qyapi_robot_sendmsg).
      if (!this.permissions.has('qyapi_robot_sendmsg')) {
        json(403, {
          code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
          message: '没有调用该接口的权限，接口权限申请参考：qyapi_robot_sendmsg',
        });
        return;
      }
      const bytes = this.files.get(String(body.downloadCode));
      if (body.robotCode !== this.robotCode || !bytes) {
        json(400, { code: 'invalidParameter', message: 'downloadCode 或 robotCode 无效' });
        return;
      }
      const key = id('f');
      this.fileUrls.set(key, bytes);
      json(200, { downloadUrl: `${this.base}/files/${key}` });
      return;
    }
    const fileUrl = /^\/files\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && fileUrl) {
      const bytes = this.fileUrls.get(fileUrl[1] ?? '');
      if (!bytes) {
        json(404, { code: 'NotFound', message: 'expired' });
        return;
      }
      this.fileDownloads++;
      res
        .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length })
        .end(bytes);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/robot/sendBySession') {
      const session = this.sessions.get(url.searchParams.get('session') ?? '');
      const failure = this.failures.shift();
      const at = performance.now();
      if (!session) {
        this.replyAttempts.push({ session: '', status: 200, at });
        json(200, { errcode: 300001, errmsg: 'session not found' });
        return;
      }
      if (failure) {
        this.replyAttempts.push({
          session: url.searchParams.get('session') ?? '',
          status: failure.status,
          at,
        });
        json(
          failure.status,
          failure.errcode !== undefined
            ? { errcode: failure.errcode, errmsg: 'send too fast' }
            : { code: 'Throttling', message: 'rate limited' },
          failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
        );
        this.wake();
        return;
      }
      const reply = body as unknown as RobotReply['body'];
      if (typeof reply.msgtype !== 'string' || !(reply.msgtype in reply)) {
        json(200, { errcode: 40035, errmsg: '缺少参数 msgtype 对应的内容' });
        return;
      }
      // The robot message size limit: about 20,000 bytes of content. Past it DingTalk refuses the message and the
      // reader gets nothing (errcode 460101, "message too long", as the robot send API answers).
      const content = JSON.stringify(reply[reply.msgtype as keyof typeof reply] ?? '');
      if (Buffer.byteLength(content) > 20_000) {
        this.replyAttempts.push({ session: url.searchParams.get('session') ?? '', status: 200, at });
        this.refused.push(`message of ${Buffer.byteLength(content)} bytes`);
        json(200, { errcode: 460101, errmsg: 'message too long' });
        this.wake();
        return;
      }
      this.replyAttempts.push({ session: url.searchParams.get('session') ?? '', status: 200, at });
      this.replies.push({
        session: url.searchParams.get('session') ?? '',
        conversationId: session.conversationId,
        body: reply,
        at,
      });
      json(200, { errcode: 0, errmsg: 'ok' });
      this.wake();
      return;
    }
    json(404, { code: 'NotFound', message: `${req.method} ${url.pathname}` });
  }
}
