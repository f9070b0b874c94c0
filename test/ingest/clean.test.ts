/** Cleaning primitives: line kinds, OCR repeats, column joins. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyLine, cleanPage, removeOcrRepeats } from '../../ingest/clean.js';

test('lines are told apart: bylines, speakers, captions, authors, subtitles, kickers, headings, body', () => {
  assert.equal(classifyLine('本报记者 白杨', 0), 'byline');
  assert.equal(classifyLine('通讯员 迟源 本报记者 王金晶', 0), 'byline');
  assert.equal(classifyLine('记者手记', 0), 'short');
  assert.equal(classifyLine('嘉峪关市政协主席 王毅', 0), 'speaker');
  assert.equal(classifyLine('近日，某市政协组织委员视察。 张三 李四 摄', 0), 'caption');
  assert.equal(classifyLine('(王立新)', 0), 'author');
  assert.equal(classifyLine('——某市政协全会小记', 2), 'subtitle');
  assert.equal(classifyLine('四川省政协主席、党组书记某某：', 0), 'kicker');
  assert.equal(classifyLine('打造高质量发展高地', 0), 'short');
  assert.equal(classifyLine('一、建立工作机制,做好服务保障', 0), 'body');
  assert.equal(classifyLine('乡村振兴示范带建设是某市落实“百千万工程”、推进乡村全面振兴的重要', 0), 'body');
});

test('immediate OCR repeats of a clause are removed; short word repeats are left', () => {
  assert.equal(
    removeOcrRepeats('我们将对工人进行培训，我们将对工人进行培训，我们将对工人进行培训，然后上工。'),
    '我们将对工人进行培训，然后上工。',
  );
  assert.equal(removeOcrRepeats('研究研究，再说。'), '研究研究，再说。');
});

test('a cut sentence joins its adjacent continuation, skipping a photo caption in between', () => {
  const blocks = cleanPage(
    '委员们从多个角度建言，市科技创新\n\n近日，委员视察河道治理情况。 王五 摄\n\n委、市工业和信息化局作出回应。\n',
  );
  assert.deepEqual(
    blocks.map((b) => [b.kind, b.text]),
    [
      ['body', '委员们从多个角度建言，市科技创新委、市工业和信息化局作出回应。'],
      ['caption', '近日，委员视察河道治理情况。 王五 摄'],
    ],
  );
});

test('a complete paragraph is not glued to the next one', () => {
  const blocks = cleanPage('第一段说完了。\n\n第二段另起一行。\n\n“引语开头的段落。”\n');
  assert.equal(blocks.length, 3);
});
