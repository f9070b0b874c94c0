/** Segmentation on hand-written block sequences (invented text): what becomes an article and its title. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Block, BlockKind } from '../../ingest/clean.js';
import { findDate, isInformativeCaption, segmentBlocks } from '../../ingest/segment.js';

let index = 0;
function blk(kind: BlockKind, text: string, heading = 0): Block {
  return { kind, text, heading, index: index++ };
}

test('a headline with its byline opens an article; a page banner above it is not the title', () => {
  const drafts = segmentBlocks([
    blk('short', '青山日报·政协周刊', 1),
    blk('short', '青山县政协调研山区供水', 2),
    blk('byline', '本报记者 林小河'),
    blk('body', '近日，青山县政协组织委员到三个山区乡镇调研农村供水保障情况。'),
    blk('body', '委员们建议加快管网改造，确保群众喝上放心水。'),
  ]);
  assert.equal(drafts.length, 1);
  assert.equal(drafts[0]?.title, '青山县政协调研山区供水');
  assert.equal(drafts[0]?.byline, '本报记者 林小河');
  assert.equal(drafts[0]?.paragraphs.length, 2);
});

test('two headlines split the page into two articles; a column label is dropped', () => {
  const drafts = segmentBlocks([
    blk('short', '热点调研', 3),
    blk('short', '委员走进社区听民声', 2),
    blk('body', '社区议事厅里，委员们与居民代表围坐一起，商量加装电梯的事。'),
    blk('short', '建言乡村文化振兴', 2),
    blk('body', '委员们提出，要用好乡村文化礼堂，让群众在家门口看上好戏。'),
  ]);
  assert.deepEqual(
    drafts.map((d) => d.title),
    ['委员走进社区听民声', '建言乡村文化振兴'],
  );
  assert.ok(drafts.every((d) => d.paragraphs.length === 1));
  assert.ok(!drafts.some((d) => d.paragraphs.includes('热点调研')), 'the column label is no paragraph');
});

test('a headline printed below its article names that article', () => {
  const drafts = segmentBlocks([
    blk('body', '河口镇政协联络组把协商会开到田间地头，帮助果农解决销路难题。'),
    blk('short', '协商会开到果园里', 2),
  ]);
  assert.equal(drafts.length, 1);
  assert.equal(drafts[0]?.title, '协商会开到果园里');
});

test('a speech is titled by its speaker, with the series as subtitle, until its own headline shows up', () => {
  const drafts = segmentBlocks([
    blk('short', '全县政协工作交流会发言摘登', 2),
    blk('speaker', '青山县政协副主席 王春林'),
    blk('body', '我们坚持把协商议政的重点放在群众最关心的问题上，今年开展了五次专题协商。'),
  ]);
  assert.equal(drafts.length, 1);
  assert.equal(drafts[0]?.title, '青山县政协副主席 王春林');
  assert.equal(drafts[0]?.subtitle, '全县政协工作交流会发言摘登');
  assert.equal(drafts[0]?.paragraphs[0], '青山县政协副主席 王春林', 'who speaks stays in the text');
});

test('a trailing author closes the article and becomes its byline; a bare photo credit is dropped', () => {
  const drafts = segmentBlocks([
    blk('short', '政协委员义诊进山村', 2),
    blk('body', '日前，县政协医卫界委员来到石门村，为村民免费测血压、讲解用药常识。'),
    blk('caption', '本报记者 林小河 摄'),
    blk('caption', '义诊现场，委员为老人测量血压，并耐心讲解慢病用药知识。 本报通讯员 摄'),
    blk('author', '（周晓岚）'),
  ]);
  assert.equal(drafts.length, 1);
  assert.equal(drafts[0]?.byline, '周晓岚');
  assert.equal(drafts[0]?.closed, true);
  assert.equal(drafts[0]?.paragraphs.length, 2, 'the informative caption is kept, the photo credit is not');
});

test('captions: a sentence of its own is informative, a photo credit alone is not', () => {
  assert.equal(isInformativeCaption('本报记者 林小河 摄'), false);
  assert.equal(
    isInformativeCaption('义诊现场，委员为老人测量血压，并耐心讲解慢病用药知识。 本报通讯员 摄'),
    true,
  );
});

test("the article date is a full printed date; a partial date is an event date, not the article's", () => {
  assert.equal(findDate('本报讯 2024年3月5日，县政协召开常委会议。'), '2024-03-05');
  assert.equal(findDate('3月5日，县政协召开常委会议。'), undefined);
  assert.equal(findDate('2024-11-02 青山日报'), '2024-11-02');
});
