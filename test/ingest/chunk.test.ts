/** Chunking and sentence splitting: whole paragraphs, sentence-aligned splits, never inside numbers or quotes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkArticle, splitLongParagraph } from '../../ingest/chunk.js';
import { splitSentences } from '../../src/text/sentences.js';
import type { Article } from '../../src/types.js';

function article(texts: string[]): Article {
  return {
    id: 'a1',
    docId: 'doc',
    source: 'doc',
    title: '测试',
    places: [],
    paragraphs: texts.map((text, k) => ({ n: k + 1, text })),
  };
}

test('sentences end at 。！？；… and ASCII forms, not inside 160.4 or inside quotes', () => {
  assert.deepEqual(
    splitSentences(
      '累计到位资金160.4亿元,同比增长327.2%。他说：“我们干。大家看！”会场鼓掌。真的?是的;好……走吧',
    ),
    [
      '累计到位资金160.4亿元,同比增长327.2%。',
      // A quotation ending with its own full stop ends the sentence after the closing mark.
      '他说：“我们干。大家看！”',
      '会场鼓掌。',
      '真的?',
      '是的;',
      '好……',
      '走吧',
    ],
  );
  // Book titles with a full stop inside stay whole.
  assert.deepEqual(splitSentences('签署了《合作协议。补充》文件。随后散会。'), [
    '签署了《合作协议。补充》文件。',
    '随后散会。',
  ]);
});

test('short neighbouring paragraphs merge within the article, up to the merge size', () => {
  const chunks = chunkArticle(article(['第一段很短。', '第二段也短。', 'x'.repeat(290) + '。']));
  assert.deepEqual(
    chunks.map((c) => c.paragraphs),
    [[1, 2], [3]],
  );
  assert.equal(chunks[0]?.text, '第一段很短。\n第二段也短。');
  assert.deepEqual(
    chunks.map((c) => c.chunkIndex),
    [0, 1],
  );
});

test('a long paragraph splits at sentence ends only; pieces rejoin to the paragraph', () => {
  const sentence = (k: number): string => `第${k}句话说明累计投资${k}.5亿元，“其中重点项目有${k}个。”`;
  const long = Array.from({ length: 40 }, (_, k) => sentence(k)).join('');
  assert.ok(long.length > 800);
  const pieces = splitLongParagraph(long, 400);
  assert.ok(pieces.length >= 2);
  assert.equal(pieces.join(''), long);
  for (const p of pieces) {
    assert.ok(p.length <= 500, `piece too long: ${p.length}`);
    assert.match(p, /。”$/);
    assert.match(p, /^第\d+句/);
  }
  const chunks = chunkArticle(article(['导语。', long]));
  assert.deepEqual(chunks[0]?.paragraphs, [1]);
  assert.ok(chunks.slice(1).every((c) => c.paragraphs.length === 1 && c.paragraphs[0] === 2));
});

test('a quotation longer than the limit is not cut inside', () => {
  const quote = `“${'我们要继续努力，推动工作落实。'.repeat(40)}”`;
  const pieces = splitLongParagraph(`开场白。${quote}他说。结束语。`, 400);
  assert.ok(pieces.some((p) => p.includes(quote)));
});

test('a run-on sentence far over the limit is cut after commas, still not inside a quotation', () => {
  const runOn = `${'加快建设现代化产业体系，'.repeat(60)}“推动重点项目落地，形成合力，取得实效”，${'做好服务保障，'.repeat(40)}完成任务。`;
  const pieces = splitLongParagraph(runOn, 400);
  assert.ok(pieces.length >= 2);
  assert.equal(pieces.join(''), runOn);
  assert.ok(pieces.some((p) => p.includes('“推动重点项目落地，形成合力，取得实效”')));
  for (const p of pieces) assert.ok(p.length <= 900, `piece of ${p.length}`);
});
