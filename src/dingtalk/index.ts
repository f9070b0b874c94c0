/**
 * The DingTalk front end: Stream mode (an outgoing WebSocket, no public URL), robot messages from private chats
 * and @-mentions in groups, replies through each message's sessionWebhook.
 */
import { TOPIC_ROBOT, type DWClientDownStream } from 'dingtalk-stream';
import type { UploadService } from '../app/uploads.js';
import { InFlight } from '../shared/in-flight.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { QaService } from '../rag/service.js';
import type { ChatState } from '../types.js';
import { DEFAULT_DINGTALK_API_BASE, GatewayClient } from './gateway-client.js';
import { dingtalkFiles } from './files.js';
import { DingtalkHandler, type DingtalkHandlerOptions } from './handler.js';
import { parseRobotMessage } from './message.js';
import { redactWebhook, sendToSession, type ReplyPolicy } from './reply.js';

export interface DingtalkDeps {
  qa: QaService;
  log: Logger;
  cfg: Config;
  /** Tests: faster retries, handler options, how long stop() waits for answers in flight. */
  options?: {
    reply?: Partial<ReplyPolicy>;
    handler?: Partial<DingtalkHandlerOptions>;
    drainMs?: number;
    /** The keep-alive ping interval (the SDK's 8 s by default). */
    heartbeatMs?: number;
  };
  /** Where report files admins send go; unset: report files cannot be added from DingTalk. */
  uploads?: UploadService;
  /** Answers behind 👍/👎 and the votes (the console's Feedback); unset: answers carry no 👍/👎. */
  state?: ChatState;
}

export interface RunningDingtalk {
  stop(): Promise<void>;
}

export async function startDingtalk(deps: DingtalkDeps): Promise<RunningDingtalk> {
  const { qa, log, cfg } = deps;
  const clientId = cfg.DINGTALK_CLIENT_ID;
  const clientSecret = cfg.DINGTALK_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new Error('DingTalk needs DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET');
  }
  const inflight = new InFlight();
  const apiBase = cfg.DINGTALK_API_BASE ?? DEFAULT_DINGTALK_API_BASE;
  const handler = new DingtalkHandler({
    qa,
    log,
    ...(deps.state ? { state: deps.state } : {}),
    options: deps.options?.handler,
    uploads: {
      admins: cfg.DINGTALK_ADMIN_USER_IDS,
      files: dingtalkFiles({ apiBase, clientId, clientSecret }),
      ...(deps.uploads ? { service: deps.uploads } : {}),
    },
    reply: async (to, body) => {
      await sendToSession(to.sessionWebhook, body, {
        policy: deps.options?.reply,
        onRetry: (err, attempt, waitMs) =>
          log.warn(
            {
              platform: 'dingtalk',
              err: err.message,
              attempt,
              waitMs,
              webhook: redactWebhook(to.sessionWebhook),
            },
            'dingtalk reply failed; retrying',
          ),
      });
    },
  });
  const heartbeat = deps.options?.heartbeatMs;
  const client = new GatewayClient(
    {
      clientId,
      clientSecret,
      ua: 'cppcc-report-qa',
      ...(heartbeat !== undefined ? { heartbeatMs: heartbeat } : {}),
    },
    apiBase,
  );
  client.registerCallbackListener(TOPIC_ROBOT, (frame: DWClientDownStream) => {
    // Ack at once: DingTalk pushes an unacknowledged message again (for up to a minute). The answer follows
    // through the sessionWebhook; a redelivery is recognised by its msgId.
    client.socketCallBackResponse(frame.headers.messageId, {});
    let msg;
    try {
      msg = parseRobotMessage(frame.data);
    } catch (e) {
      log.warn({ platform: 'dingtalk', err: String(e) }, 'dingtalk: unreadable robot message dropped');
      return;
    }
    void inflight.track(
      handler.handle(msg).catch((e: unknown) => {
        log.error({ platform: 'dingtalk', err: String(e) }, 'dingtalk: message failed');
      }),
    );
  });
  // Fails fast (one clear line) on rejected credentials; network trouble is left to the SDK's reconnects.
  await client.getEndpoint();
  await client.connect();
  log.info({ platform: 'dingtalk', connected: client.connected }, 'dingtalk stream started');
  return {
    stop: async () => {
      client.close();
      await inflight.drain(deps.options?.drainMs ?? 60_000);
      log.info({ platform: 'dingtalk' }, 'dingtalk stopped');
    },
  };
}
