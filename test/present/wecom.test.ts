import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { texts } from '../../src/present/texts.js';
import {
  cutBytes,
  parseCardKey,
  paragraphKey,
  WECOM_STREAM_BYTES,
  wecomAnswerMarkdown,
  wecomParagraphCard,
  wecomSourcesCard,
  wecomTaskId,
} from '../../src/present/wecom.js';
import { parseFrame } from '../../src/wecom/message.js';
import { answerOf, cite } from './fixtures.js';

const zh = texts('zh');
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('WeCom presentation', () => {
  it('an answer too long for one stream message is cut within 20,480 bytes, its footnotes kept', () => {
    const long = '委员们围绕乡村振兴提出了许多建议[1]。'.repeat(2000);
    const md = wecomAnswerMarkdown(answerOf(long, [cite(1), cite(2)]), zh);
    assert.ok(bytes(md) <= WECOM_STREAM_BYTES, `${bytes(md)} bytes`);
    assert.match(md, /…\n\n\*\*来源\*\*\n\[1\] 《深圳市政协召开专题协商会》第3段 · 2024年5月10日\n\[2\] /);
  });

  it('a summary citing very many reports still fits, the last footnotes dropped', () => {
    const cited = Array.from({ length: 400 }, (_, i) =>
      cite(i + 1, { title: '某市政协开展专题视察活动并召开座谈会'.repeat(2) }),
    );
    const md = wecomAnswerMarkdown(answerOf('总结[1]。', cited), zh);
    assert.ok(bytes(md) <= WECOM_STREAM_BYTES, `${bytes(md)} bytes`);
    assert.match(md, /^总结\[1\]。/);
    assert.match(md, /\n…$/);
  });

  it('cuts UTF-8 at whole characters', () => {
    assert.equal(cutBytes('政协报告', 7), '政协');
  });

  it('the sources card: one button per source, at most six, keys naming the paragraph', () => {
    const card = wecomSourcesCard(
      Array.from({ length: 9 }, (_, i) => cite(i + 1)),
      zh,
      'src_1',
    );
    assert.equal(card?.card_type, 'button_interaction');
    assert.equal(card?.button_list?.length, 6);
    assert.deepEqual(parseCardKey(card?.button_list?.[0]?.key ?? ''), {
      kind: 'paragraph',
      articleId: 'a1',
      n: 3,
    });
    assert.equal(wecomSourcesCard([], zh, 'x'), undefined);
  });

  it('an opened paragraph offers previous / next only where they exist', () => {
    const view = { articleId: 'a1', title: '标题', source: 's', n: 1, count: 2, text: '第一段。' };
    const card = wecomParagraphCard(view, zh, 't', { backToList: false });
    assert.deepEqual(
      card.button_list?.map((b) => b.key),
      [paragraphKey('a1', 2)],
    );
    assert.equal(card.quote_area?.quote_text, '第一段。');
  });

  it('task ids keep to the characters the platform takes', () => {
    assert.equal(wecomTaskId('src 1/2#x'), 'src_1_2_x');
    assert.ok(wecomTaskId('a'.repeat(300)).length <= 128);
  });
});

describe('WeCom frames', () => {
  const event = (ev: object) => ({
    cmd: 'aibot_event_callback',
    headers: { req_id: 'r1' },
    body: { msgid: 'm1', chattype: 'single', from: { userid: 'u1' }, msgtype: 'event', event: ev },
  });

  it('reads a card tap where the platform puts it, and where the SDK types say', () => {
    const nested = parseFrame(
      event({
        eventtype: 'template_card_event',
        template_card_event: { event_key: 'p:a1:2', task_id: 't1' },
      }),
    );
    assert.deepEqual(nested && nested.kind === 'card' && [nested.eventKey, nested.taskId], ['p:a1:2', 't1']);
    const flat = parseFrame(event({ eventtype: 'template_card_event', event_key: 'list', task_id: 't2' }));
    assert.deepEqual(flat && flat.kind === 'card' && [flat.eventKey, flat.taskId], ['list', 't2']);
  });

  it('reads native feedback: 1 up, 2 down, 3 taken back', () => {
    const vote = (type: number) => {
      const m = parseFrame(event({ eventtype: 'feedback_event', feedback_event: { id: 'fb1', type } }));
      return m?.kind === 'feedback' ? m.vote : 'none';
    };
    assert.deepEqual([vote(1), vote(2), vote(3)], ['up', 'down', undefined]);
  });

  it('a group message carries its chat id; voice comes as text', () => {
    const m = parseFrame({
      cmd: 'aibot_msg_callback',
      headers: { req_id: 'r2' },
      body: {
        msgid: 'm2',
        chattype: 'group',
        chatid: 'g1',
        from: { userid: 'u2' },
        msgtype: 'voice',
        voice: { content: '你好' },
      },
    });
    assert.deepEqual(m && m.kind === 'text' && [m.chatId, m.text], ['g1', '你好']);
  });
});
