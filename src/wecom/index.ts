/**
 * The WeCom (企业微信) intelligent-robot front end: the official SDK's long connection (`WSClient`: a WebSocket to
 * the WeCom gateway, authenticated with the Bot ID and Secret, a heartbeat every 30 s, reconnecting by itself), no
 * public URL needed. Frames go to `WecomHandler`; replies go back on the frame's req_id through
 * `reliableTransport`, which sends a reply again after a dropped connection.
 */
import { WSClient, type Logger as SdkLogger } from '@wecom/aibot-node-sdk';
import { CredentialsError, type FrontEndDeps, type RunningFrontEnd } from '../app/front-end.js';
import type { UploadService } from '../app/uploads.js';
import type { Logger } from '../log.js';
import { InFlight } from '../shared/in-flight.js';
import { downloadWecomFile } from './files.js';
import { WecomHandler, type WecomHandlerOptions } from './handler.js';
import { parseFrame } from './message.js';
import { reliableTransport } from './transport.js';

export type WecomDeps = Pick<FrontEndDeps, 'qa' | 'log' | 'cfg'> &
  Partial<Pick<FrontEndDeps, 'state'>> & {
    /** Where report files admins send go; unset: report files cannot be added from WeCom. */
    uploads?: UploadService;
    /** Tests and the bench: faster heartbeat and reconnects, handler knobs, how long stop() waits. */
    options?: {
      handler?: Partial<WecomHandlerOptions>;
      heartbeatMs?: number;
      reconnectMs?: number;
      connectWaitMs?: number;
      drainMs?: number;
    };
  };

export interface RunningWecom extends RunningFrontEnd {
  /** Whether the long connection is up and authenticated. */
  readonly connected: boolean;
}

function sdkLogger(log: Logger): SdkLogger {
  const child = log.child({ component: 'wecom-sdk' });
  const line = (message: string, args: unknown[]) =>
    [
      message,
      ...args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))),
    ]
      .join(' ')
      .slice(0, 2000);
  return {
    // Connection banners and every frame: start-up chatter and debugging only.
    debug: (m: string, ...a: unknown[]) => child.debug(line(m, a)),
    info: (m: string, ...a: unknown[]) => child.debug(line(m, a)),
    warn: (m: string, ...a: unknown[]) => child.warn(line(m, a)),
    error: (m: string, ...a: unknown[]) => child.error(line(m, a)),
  };
}

/** The SDK's rejected-credentials error ("Authentication failed: … (code: N)"). */
const AUTH_FAILED = /Authentication failed|Max auth failure attempts/i;

export async function startWecom(deps: WecomDeps): Promise<RunningWecom> {
  const { cfg, qa } = deps;
  const log = deps.log.child({ frontend: 'wecom' });
  const botId = cfg.WECOM_BOT_ID;
  const secret = cfg.WECOM_BOT_SECRET;
  if (!botId) throw new CredentialsError('WECOM_BOT_ID', 'not set');
  if (!secret) throw new CredentialsError('WECOM_BOT_SECRET', 'not set');
  const o = deps.options ?? {};
  const client = new WSClient({
    botId,
    secret,
    ...(cfg.WECOM_WS_URL ? { wsUrl: cfg.WECOM_WS_URL } : {}),
    heartbeatInterval: o.heartbeatMs ?? 30_000,
    reconnectInterval: o.reconnectMs ?? 1000,
    // Network trouble is waited out; refused credentials are not (they do not fix themselves).
    maxReconnectAttempts: -1,
    maxAuthFailureAttempts: 1,
    logger: sdkLogger(log),
  });

  let authenticated = false;
  let waiters: (() => void)[] = [];
  let failed: ((e: Error) => void) | undefined;
  const done = new Promise<void>((_resolve, reject) => (failed = reject));
  done.catch(() => undefined);
  client.on('authenticated', () => {
    authenticated = true;
    for (const w of waiters) w();
    waiters = [];
  });
  client.on('disconnected', (reason: string) => {
    if (authenticated) log.warn({ reason }, 'wecom long connection lost; reconnecting');
    authenticated = false;
  });

  const transport = reliableTransport(client, {
    whenConnected: () =>
      authenticated
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push(resolve);
          }),
  });
  const handler = new WecomHandler({
    qa,
    log,
    transport,
    ...(deps.state ? { state: deps.state } : {}),
    uploads: {
      admins: cfg.WECOM_ADMIN_USER_IDS,
      download: downloadWecomFile,
      ...(deps.uploads ? { service: deps.uploads } : {}),
    },
    ...(o.handler ? { options: o.handler } : {}),
  });
  const inflight = new InFlight();
  const onFrame = (frame: unknown) => {
    const m = parseFrame(frame);
    if (!m) return;
    void inflight.track(
      handler.handle(m).catch((e: unknown) => log.error({ err: String(e) }, 'wecom: frame failed')),
    );
  };
  client.on('message', onFrame);
  client.on('event', onFrame);

  // Start-up waits for the first authentication: refused credentials are one line naming the variables.
  const first = await new Promise<'ok' | 'timeout' | Error>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), o.connectWaitMs ?? 15_000);
    client.on('authenticated', () => {
      clearTimeout(timer);
      resolve('ok');
    });
    client.on('error', (e: Error) => {
      if (!AUTH_FAILED.test(e.message)) return log.warn({ err: e.message }, 'wecom connection error');
      const refused = new CredentialsError(
        'WECOM_BOT_SECRET',
        `WeCom refused WECOM_BOT_ID / WECOM_BOT_SECRET (${e.message}); check them on the robot's API mode page`,
        e,
      );
      clearTimeout(timer);
      resolve(refused);
      failed?.(refused);
    });
    client.connect();
  });
  if (first instanceof Error) {
    client.disconnect();
    throw first;
  }
  if (first === 'timeout') log.warn('wecom long connection not up yet; still trying');
  else log.info('wecom robot connected (long connection)');
  return {
    done,
    get connected() {
      return authenticated;
    },
    stop: async () => {
      await inflight.drain(o.drainMs ?? 60_000);
      client.removeAllListeners();
      client.disconnect();
      log.info('wecom stopped');
    },
  };
}
