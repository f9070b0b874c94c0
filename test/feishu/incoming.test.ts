import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCardAction } from '../../src/feishu/actions.js';
import { classify, parseIncoming, type MessageEvent } from '../../src/feishu/incoming.js';

const BOT = 'ou_bot';

function ev(over: Partial<MessageEvent['message']> = {}, senderType = 'user'): MessageEvent {
  return {
    event_id: 'e1',
    sender: { sender_id: { open_id: 'ou_u1' }, sender_type: senderType },
    message: {
      message_id: 'om_1',
      chat_id: 'oc_1',
      chat_type: 'p2p',
      message_type: 'text',
      content: JSON.stringify({ text: '深圳市政协开了什么会？' }),
      ...over,
    },
  };
}

describe('parseIncoming', () => {
  it('a file message carries its key and name and no text; other messages have no file', () => {
    const m = parseIncoming(
      ev({ message_type: 'file', content: JSON.stringify({ file_key: 'file_v3_1', file_name: '报告.pdf' }) }),
      BOT,
    );
    assert.deepEqual(
      { file: m.file, text: m.text },
      { file: { key: 'file_v3_1', name: '报告.pdf' }, text: undefined },
    );
    assert.equal(parseIncoming(ev(), BOT).file, undefined);
    assert.equal(parseIncoming(ev({ message_type: 'file', content: '{}' }), BOT).file, undefined);
  });

  it('a private text message is addressed to the bot', () => {
    const m = parseIncoming(ev(), BOT);
    assert.deepEqual(
      { text: m.text, addressed: m.addressed, group: m.group, rootId: m.rootId },
      { text: '深圳市政协开了什么会？', addressed: true, group: false, rootId: 'om_1' },
    );
  });

  it('a group message counts only when it @-mentions this bot; the mention is stripped, others kept as @name', () => {
    const mentions = [
      { key: '@_user_1', id: { open_id: BOT }, name: '问答机器人' },
      { key: '@_user_2', id: { open_id: 'ou_zhang' }, name: '张三' },
    ];
    const base = {
      chat_type: 'group',
      content: JSON.stringify({ text: '@_user_1 @_user_2 说的那次会议在哪？' }),
    };
    const to = parseIncoming(ev({ ...base, mentions }), BOT);
    assert.equal(to.addressed, true);
    assert.equal(to.text, '@张三 说的那次会议在哪？');
    const other = parseIncoming(ev({ ...base, mentions: [mentions[1]!] }), BOT);
    assert.equal(other.addressed, false, 'mentioning someone else is not asking the bot');
    assert.equal(parseIncoming(ev({ chat_type: 'group' }), BOT).addressed, false);
  });

  it('without the bot open_id any mention in a group counts', () => {
    const m = parseIncoming(
      ev({
        chat_type: 'group',
        content: '{"text":"@_user_1 你好"}',
        mentions: [{ key: '@_user_1', id: { open_id: 'ou_x' }, name: 'x' }],
      }),
      undefined,
    );
    assert.equal(m.addressed, true);
    assert.equal(m.text, '你好');
  });

  it('messages from apps (itself, other bots) are never answered', () => {
    assert.equal(parseIncoming(ev({}, 'app'), BOT).addressed, false);
  });

  it('a rich-text (post) message that @-mentions the bot and a colleague reads cleanly', () => {
    const post = {
      title: '',
      content: [
        [
          { tag: 'at', user_id: '@_user_1', user_name: '问答机器人' },
          { tag: 'text', text: ' 请问 ' },
          { tag: 'at', user_id: '@_user_2', user_name: '王明' },
          { tag: 'text', text: ' 提到的协商会在哪里开？' },
        ],
      ],
    };
    const m = parseIncoming(
      ev({
        chat_type: 'group',
        message_type: 'post',
        content: JSON.stringify(post),
        mentions: [
          { key: '@_user_1', id: { open_id: BOT }, name: '问答机器人' },
          { key: '@_user_2', id: { open_id: 'ou_wang' }, name: '王明' },
        ],
      }),
      BOT,
    );
    assert.equal(m.addressed, true);
    assert.equal(m.text, '请问 @王明 提到的协商会在哪里开？');
  });

  it('reads rich text (post), and gives no text for images or broken content', () => {
    const post = {
      zh_cn: {
        title: '请教',
        content: [
          [
            { tag: 'text', text: '深圳' },
            { tag: 'a', text: '协商会', href: 'https://x' },
          ],
        ],
      },
    };
    assert.equal(
      parseIncoming(ev({ message_type: 'post', content: JSON.stringify(post) }), BOT).text,
      '请教 深圳协商会',
    );
    assert.equal(
      parseIncoming(ev({ message_type: 'image', content: '{"image_key":"img_1"}' }), BOT).text,
      undefined,
    );
    assert.equal(parseIncoming(ev({ content: 'not json' }), BOT).text, undefined);
  });

  it('a reply in a thread belongs to the thread root', () => {
    assert.equal(parseIncoming(ev({ root_id: 'om_root', parent_id: 'om_p' }), BOT).rootId, 'om_root');
  });
});

describe('classify', () => {
  it('commands and questions', () => {
    assert.deepEqual(classify('/help'), { kind: 'help' });
    assert.deepEqual(classify('帮助'), { kind: 'help' });
    assert.deepEqual(classify('/summary 深圳'), { kind: 'summary', place: '深圳' });
    assert.deepEqual(classify('/summary'), { kind: 'summary', place: '' });
    assert.deepEqual(classify('/ask 会议在哪开？'), { kind: 'question', text: '会议在哪开？' });
    assert.deepEqual(classify('/ask'), { kind: 'empty' });
    assert.deepEqual(classify('   '), { kind: 'empty' });
    assert.deepEqual(classify('总结一下苏州的报道'), { kind: 'question', text: '总结一下苏州的报道' });
  });
});

describe('parseCardAction', () => {
  it('accepts what the cards send (object or JSON string) and nothing else', () => {
    assert.deepEqual(parseCardAction({ a: 'src', id: 'x', n: 2 }), { a: 'src', id: 'x', n: 2 });
    assert.deepEqual(parseCardAction('{"a":"fb","v":"up","k":"1"}'), { a: 'fb', v: 'up', k: '1' });
    assert.equal(parseCardAction({ a: 'src', id: 'x', n: 0 }), undefined);
    assert.equal(parseCardAction({ a: 'fb', v: 'meh', k: '1' }), undefined);
    assert.equal(parseCardAction({ a: 'exec', cmd: 'rm' }), undefined);
    assert.equal(parseCardAction('not json'), undefined);
    assert.equal(parseCardAction(undefined), undefined);
  });
});
