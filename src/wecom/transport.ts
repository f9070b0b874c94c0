/**
 * Replies over the long connection, on top of the SDK's per-req_id queue (one frame at a time, each waiting for its
 * ack). A connection that drops while a reply waits loses that frame: the SDK rejects it, reconnects by itself, and
 * the reply is sent again on the new connection — so a dropped connection costs the user a delay, not the answer.
 * A frame the platform refuses (an ack with errcode ≠ 0) is not sent again.
 */
import type { FrameRef } from './message.js';

export type ReplyCmd = 'aibot_respond_msg' | 'aibot_respond_welcome_msg' | 'aibot_respond_update_msg';

/** What the SDK's WSClient gives this module (its `reply` and `hasPendingReplyAck`). */
export interface ReplyChannel {
  reply(frame: FrameRef, body: object, cmd?: string): Promise<unknown>;
  hasPendingReplyAck(frame: FrameRef): boolean;
}

export interface WecomTransport {
  /** Sends a frame and waits for its ack, again after a reconnect when the connection dropped meanwhile. */
  reply(ref: FrameRef, body: object, cmd?: ReplyCmd): Promise<void>;
  /** An in-between stream frame: skipped while the previous one still waits for its ack (the next carries more). */
  replyIfIdle(ref: FrameRef, body: object): Promise<void>;
}

/** The platform refused a frame: errcode and errmsg of its ack. */
export class WecomReplyError extends Error {
  override name = 'WecomReplyError';
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeCom refused the reply: ${errcode} ${errmsg}`);
  }
}

/** Rejections of the SDK that mean "the connection went away before the ack", not "the platform said no". */
const LOST = /connection closed|not connected|disconnected|cancelled|ack timeout/i;

export function reliableTransport(
  channel: ReplyChannel,
  o: { whenConnected(): Promise<void>; attempts?: number },
): WecomTransport {
  const attempts = o.attempts ?? 4;
  const send = async (ref: FrameRef, body: object, cmd?: ReplyCmd): Promise<void> => {
    for (let i = 1; ; i++) {
      try {
        await channel.reply(ref, body, cmd);
        return;
      } catch (e) {
        if (!(e instanceof Error)) {
          const ack = (e ?? {}) as { errcode?: number; errmsg?: string };
          throw new WecomReplyError(ack.errcode ?? -1, ack.errmsg ?? 'unknown');
        }
        if (!LOST.test(e.message) || i >= attempts) throw e;
        await o.whenConnected();
      }
    }
  };
  return {
    reply: send,
    replyIfIdle: async (ref, body) => {
      if (channel.hasPendingReplyAck(ref)) return;
      // In-between frames are best effort: the final frame carries everything.
      await channel.reply(ref, body).catch(() => undefined);
    },
  };
}
