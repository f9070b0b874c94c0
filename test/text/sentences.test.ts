import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endsSentence, sentenceEnds, splitSentences } from '../../src/text/sentences.js';

test('a full stop inside a quotation does not split it; the closing quote stays with its sentence', () => {
  assert.deepEqual(splitSentences('他说：“要抓落实。要见实效！”会议随后结束。'), [
    '他说：“要抓落实。要见实效！”',
    '会议随后结束。',
  ]);
});

test('sentence ends are offsets into the untrimmed text, so pieces join back to the input', () => {
  const text = '第一句。 第二句？\n第三句';
  const ends = sentenceEnds(text);
  assert.deepEqual(
    ends.map((e, i) => text.slice(ends[i - 1] ?? 0, e)),
    ['第一句。', ' 第二句？'],
  );
});

test('with newlines, a line break ends a sentence (a list the model wrote)', () => {
  const text = '要点如下\n- 加强协商\n- 改进监督';
  const ends = sentenceEnds(text, { newlines: true });
  assert.deepEqual(
    [...ends, text.length].map((e, i, all) => text.slice(i === 0 ? 0 : (all[i - 1] as number), e)),
    ['要点如下\n', '- 加强协商\n', '- 改进监督'],
  );
  assert.deepEqual(sentenceEnds(text), []);
});

test('a decimal number is not a sentence end', () => {
  assert.deepEqual(splitSentences('增长了3.5个百分点。总额160.4亿元。'), [
    '增长了3.5个百分点。',
    '总额160.4亿元。',
  ]);
});

test('strict end: a stop and closing marks; a closing quote alone is not enough', () => {
  assert.equal(endsSentence('会议强调要抓落实。”'), true);
  assert.equal(endsSentence('会议强调要抓落实。  '), true);
  assert.equal(endsSentence('学习“两会”'), false);
  assert.equal(endsSentence('政协委员建言献策'), false);
  assert.equal(endsSentence('主要内容如下：'), false);
});

test('paragraph end: also an introducing colon, a closing quote alone or a dash', () => {
  assert.equal(endsSentence('主要内容如下：', 'paragraph'), true);
  assert.equal(endsSentence('学习“两会”', 'paragraph'), true);
  assert.equal(endsSentence('他回答——', 'paragraph'), true);
  assert.equal(endsSentence('重大专', 'paragraph'), false);
});

test('closed end: the last character is a stop or any closing mark, a book title included', () => {
  assert.equal(endsSentence('审议通过《工作报告》', 'closed'), true);
  assert.equal(endsSentence('委员们（左）', 'closed'), true);
  assert.equal(endsSentence('委员们一致认为，要进一步', 'closed'), false);
  assert.equal(endsSentence('审议通过《工作报告》'), false);
});
