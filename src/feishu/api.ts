/**
 * The few open platform calls the bot makes, behind an interface so handlers are tested without the SDK.
 * The SDK-backed implementation retries (see retry.ts) and turns a non-zero `code` into an error.
 */
import { randomUUID } from 'node:crypto';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuCard } from '../present/feishu-card.js';
import { readCapped, TooLargeError } from '../shared/download.js';
import { FeishuApiError, withRetry, type RetryOptions, defaultRetry } from './retry.js';

export interface FeishuApi {
  /** Replies to a message (in its chat, quoting it) with a card; returns the new message's id. */
  replyCard(messageId: string, card: FeishuCard): Promise<string>;
  /** Replaces the card of a message the bot sent. */
  updateCard(messageId: string, card: FeishuCard): Promise<void>;
  /** The bot's own open_id, to tell its @-mention from others in groups. */
  botOpenId(): Promise<string>;
  /** A file a user sent (message resource), refused past `limit` bytes (TooLargeError). Needs im:resource. */
  downloadFile(messageId: string, fileKey: string, limit: number): Promise<Buffer>;
}

interface CodeMsg {
  code?: number;
  msg?: string;
}

function check<T extends CodeMsg>(res: T | undefined | null, what: string): T {
  if (!res) throw new FeishuApiError(-1, `${what}: empty response`);
  if (res.code !== undefined && res.code !== 0) throw new FeishuApiError(res.code, res.msg ?? what);
  return res;
}

export function sdkApi(client: lark.Client, retry: RetryOptions = defaultRetry): FeishuApi {
  return {
    async replyCard(messageId, card) {
      // One uuid for every attempt: Feishu drops a repeat within an hour, so a retry after a lost answer
      // cannot post the card twice.
      const uuid = randomUUID();
      const res = await withRetry(
        'im.message.reply',
        async () =>
          check(
            await client.im.v1.message.reply({
              path: { message_id: messageId },
              data: { content: JSON.stringify(card), msg_type: 'interactive', uuid },
            }),
            'im.message.reply',
          ),
        retry,
      );
      const id = res.data?.message_id;
      if (!id) throw new FeishuApiError(-1, 'im.message.reply: no message_id');
      return id;
    },

    async updateCard(messageId, card) {
      await withRetry(
        'im.message.patch',
        async () =>
          check(
            await client.im.v1.message.patch({
              path: { message_id: messageId },
              data: { content: JSON.stringify(card) },
            }),
            'im.message.patch',
          ),
        retry,
      );
    },

    async botOpenId() {
      const res = await withRetry(
        'bot.info',
        async () =>
          check(
            (await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as
              (CodeMsg & { bot?: { open_id?: string } }) | undefined,
            'bot.info',
          ),
        retry,
      );
      const id = res.bot?.open_id;
      if (!id) throw new FeishuApiError(-1, 'bot.info: no open_id');
      return id;
    },

    async downloadFile(messageId, fileKey, limit) {
      return withRetry(
        'im.messageResource.get',
        async () => {
          const res = await client.im.v1.messageResource.get({
            path: { message_id: messageId, file_key: fileKey },
            params: { type: 'file' },
          });
          const headers = (res.headers ?? {}) as Record<string, unknown>;
          const length = Number(headers['content-length']);
          const stream = res.getReadableStream();
          if (Number.isFinite(length) && length > limit) {
            stream.destroy();
            throw new TooLargeError(limit, length);
          }
          return await readCapped(stream, limit);
        },
        retry,
      );
    },
  };
}
