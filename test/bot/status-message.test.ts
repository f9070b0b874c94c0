import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Api } from 'grammy';
import { pino } from 'pino';
import { statusMessage } from '../../src/bot/status-message.js';

test('a status message shows each new text once, in order, and throttles progress', async () => {
  const sent: string[] = [];
  let fail = true;
  const api = {
    editMessageText: async (_chat: number, _id: number, text: string) => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) {
        fail = false;
        throw new Error('429: Too Many Requests');
      }
      sent.push(text);
    },
  } as unknown as Api;
  const status = statusMessage(api, 1, 2, pino({ level: 'silent' }));
  status.show('正在下载 …'); // this edit fails: the next ones still go out, in order
  status.show('已读取 3 篇报道');
  status.show('已读取 3 篇报道');
  status.progress('已处理 1/4'); // right after a shown text: held back
  status.show('✅ 已收录');
  await status.settled();
  assert.deepEqual(sent, ['已读取 3 篇报道', '✅ 已收录']);
});
