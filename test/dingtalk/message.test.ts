import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { messageFile, parseRobotMessage } from '../../src/dingtalk/message.js';

const base = {
  msgId: 'msg1',
  conversationType: '1',
  conversationId: 'cid1',
  senderStaffId: '0326',
  sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=s',
};

describe('DingTalk file messages', () => {
  it('a file message gives its downloadCode and name; a text message gives none', () => {
    const file = parseRobotMessage(
      JSON.stringify({
        ...base,
        msgtype: 'file',
        content: { downloadCode: 'PsPvi/1l+zh=', fileId: '2149', fileName: '全会报道.docx', spaceId: '2845' },
      }),
    );
    assert.deepEqual(messageFile(file), { downloadCode: 'PsPvi/1l+zh=', fileName: '全会报道.docx' });
    const text = parseRobotMessage(JSON.stringify({ ...base, msgtype: 'text', text: { content: '你好' } }));
    assert.equal(messageFile(text), undefined);
    const picture = parseRobotMessage(
      JSON.stringify({ ...base, msgtype: 'picture', content: { pictureDownloadCode: 'x' } }),
    );
    assert.equal(messageFile(picture), undefined);
  });

  it('admins of each platform are comma-separated lists, empty by default', () => {
    const cfg = loadConfig({ DINGTALK_ADMIN_USER_IDS: ' 0326 , manager01,', FEISHU_ADMIN_OPEN_IDS: 'ou_a' });
    assert.deepEqual(cfg.DINGTALK_ADMIN_USER_IDS, ['0326', 'manager01']);
    assert.deepEqual(cfg.FEISHU_ADMIN_OPEN_IDS, ['ou_a']);
    assert.deepEqual(loadConfig({}).DINGTALK_ADMIN_USER_IDS, []);
  });
});
