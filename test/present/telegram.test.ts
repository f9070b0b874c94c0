import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MessageEntity } from 'grammy/types';
import {
  EXPAND_OVER,
  footnote,
  formatAnswer,
  formatParagraph,
  formatQuote,
  FormattedString,
  splitFormatted,
} from '../../src/present/telegram.js';
import { texts } from '../../src/present/texts.js';
import { answerOf, cite } from './fixtures.js';

const zh = texts('zh');

/** The text each entity of `type` covers. */
const covered = (fs: FormattedString, type: MessageEntity['type']) =>
  fs.entities.filter((e) => e.type === type).map((e) => fs.text.slice(e.offset, e.offset + e.length));

describe('answers as Telegram entities', () => {
  it('keeps [n] markers and ends with a bold 来源 and footnotes 《标题》第3段 · 日期', () => {
    const fs = formatAnswer(answerOf('深圳开了会[1]。', [cite(1)]), zh);
    assert.equal(fs.text, '深圳开了会[1]。\n\n来源\n[1] 《深圳市政协召开专题协商会》第3段 · 2024年5月10日');
    assert.deepEqual(covered(fs, 'bold'), ['来源']);
  });

  it('shows what users and reports wrote verbatim (no markup to escape) and links titles that have a URL', () => {
    const fs = formatAnswer(
      answerOf('a<b>&c [1]', [cite(1, { title: 'A&B <i>', url: 'https://x.cn/a?b=1&c=2' })]),
      zh,
    );
    assert.match(fs.text, /^a<b>&c \[1\]/);
    const link = fs.entities.find((e) => e.type === 'text_link');
    assert.equal(link?.type === 'text_link' ? link.url : '', 'https://x.cn/a?b=1&c=2');
    assert.deepEqual(covered(fs, 'text_link'), ['《A&B <i>》']);
  });

  it('puts a note first and the notice after the text, both in italics', () => {
    const fs = formatAnswer({ ...answerOf('正文[1]', [cite(1)]), notice: '大模型暂不可用' }, zh, '问题太长');
    assert.deepEqual(covered(fs, 'italic'), ['问题太长', '大模型暂不可用']);
    assert.ok(fs.text.startsWith('问题太长\n\n正文[1]\n\n大模型暂不可用'));
  });

  it('lists several cited paragraphs of one article', () => {
    assert.match(footnote(cite(2, { paragraphs: [3, 4] }), zh).text, /^\[2\] 《.*》第3、4段/);
    assert.match(footnote(cite(2, { paragraphs: [3, 4] }), texts('en')).text, /para\. 3, 4/);
  });
});

describe('paragraphs and quotes', () => {
  it('shows a short paragraph as a blockquote under its bold title and position', () => {
    const fs = formatParagraph(
      { articleId: 'a', title: 'T', source: 's', n: 2, count: 4, text: '<正文>', date: '2024-01-01' },
      zh,
    );
    assert.equal(fs.text, '《T》 第2段（共4段） · 2024年1月1日\n<正文>');
    assert.deepEqual(covered(fs, 'bold'), ['《T》']);
    assert.deepEqual(covered(fs, 'blockquote'), ['<正文>']);
  });

  it('collapses a long paragraph into an expandable blockquote', () => {
    const long = '委员们围绕基层协商提出意见。'.repeat(Math.ceil(EXPAND_OVER / 14) + 1);
    const fs = formatParagraph({ articleId: 'a', title: 'T', source: 's', n: 1, count: 1, text: long }, zh);
    assert.deepEqual(covered(fs, 'expandable_blockquote'), [long]);
    assert.deepEqual(covered(fs, 'blockquote'), []);
  });

  it('an inline quote is the quote, then the citation without its marker', () => {
    const fs = formatQuote(cite(3, { quote: '委员建议加大支持力度。' }), zh);
    assert.equal(fs.text, '委员建议加大支持力度。\n《深圳市政协召开专题协商会》第3段 · 2024年5月10日');
    assert.deepEqual(covered(fs, 'blockquote'), ['委员建议加大支持力度。']);
  });
});

describe('splitting at 4096', () => {
  const plain = (s: string) => new FormattedString(s);

  it('leaves a short message whole', () => {
    assert.deepEqual(
      splitFormatted(plain('短消息')).map((p) => p.text),
      ['短消息'],
    );
  });

  it('prefers paragraph breaks, then newlines, then 。', () => {
    const a = '甲'.repeat(3000);
    const b = '乙'.repeat(3000);
    assert.deepEqual(
      splitFormatted(plain(`${a}\n\n${b}`)).map((p) => p.text),
      [a, b],
    );
    const line = '丙'.repeat(2500);
    assert.deepEqual(
      splitFormatted(plain(`${line}\n${line}`)).map((p) => p.text),
      [line, line],
    );
    const sentence = `${'丁'.repeat(2499)}。`;
    assert.deepEqual(
      splitFormatted(plain(sentence + sentence)).map((p) => p.text),
      [sentence, sentence],
    );
  });

  it('never cuts a citation marker or a surrogate pair; entities continue in the next part', () => {
    const body = Array.from({ length: 900 }, (_, i) => `字😀[${i}]`).join('');
    const fs = FormattedString.bold(body);
    const parts = splitFormatted(fs, 1000);
    assert.ok(parts.length > 1);
    for (const p of parts) {
      assert.ok(p.text.length <= 1000, `part of ${p.text.length} units`);
      assert.doesNotMatch(p.text, /\[\d*$|^\d*\]/);
      assert.doesNotMatch(p.text, /^[\udc00-\udfff]|[\ud800-\udbff]$/);
      assert.deepEqual(
        p.entities.map((e) => [e.type, e.offset, e.length]),
        [['bold', 0, p.text.length]],
      );
    }
    assert.equal(parts.map((p) => p.text).join(''), body);
  });

  it('splits a long real answer with every part within the limit, the footnotes last', () => {
    const text = Array.from({ length: 80 }, (_, i) =>
      `第${i}句很长的回答内容，引用报道[${(i % 3) + 1}]。`.repeat(3),
    ).join('\n\n');
    const parts = splitFormatted(formatAnswer(answerOf(text, [cite(1), cite(2), cite(3)]), zh));
    assert.ok(parts.length >= 2);
    for (const p of parts) assert.ok(p.text.length <= 4096);
    assert.match(parts.at(-1)?.text ?? '', /\[3\] 《/);
    assert.deepEqual(covered(parts.at(-1) as FormattedString, 'bold'), ['来源']);
  });
});
