import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupPassages, idfOf, queryTerms, type ScoredChunk } from '../../src/rag/retrieve.js';
import type { ChunkPayload } from '../../src/types.js';

function chunk(rank: number, article: string, paragraphs: [number, string][]): ScoredChunk {
  const payload: ChunkPayload = {
    text: paragraphs.map((p) => p[1]).join('\n'),
    article_id: article,
    title: `标题${article}`,
    doc_id: 'page.txt',
    source: 'page.txt',
    paragraphs: paragraphs.map((p) => p[0]),
    paragraph_texts: paragraphs.map((p) => p[1]),
    paragraph_count: 9,
    places: [],
    chunk_index: rank,
    doc_hash: 'h',
  };
  return { pointId: `p${rank}`, payload, rank, fused: 1 / (rank + 1), sparse: 10 - rank };
}

test('neighbouring chunks of one article become one passage, in paragraph order, at the best rank', () => {
  const passages = groupPassages(
    [
      chunk(1, 'a', [[3, '第三段。']]),
      chunk(2, 'b', [[1, '另一篇。']]),
      chunk(3, 'a', [[2, '第二段。']]),
      chunk(4, 'a', [[7, '第七段。']]),
    ],
    10,
  );
  assert.deepEqual(
    passages.map((p) => [p.articleId, p.paragraphs]),
    [
      ['a', [2, 3]],
      ['b', [1]],
      ['a', [7]],
    ],
  );
  assert.equal(passages[0]?.text, '第二段。\n第三段。');
  assert.deepEqual(passages[0]?.paragraphPoints, ['p3', 'p1']);
  assert.deepEqual(
    passages.map((p) => p.rank),
    [1, 2, 3],
  );
});

test('a paragraph printed twice (a reprint) is shown once', () => {
  const passages = groupPassages(
    [chunk(1, 'a', [[1, '同一段 文字。']]), chunk(2, 'b', [[4, '同一段文字。']])],
    10,
  );
  assert.equal(passages.length, 1);
});

test('a re-edited reprint of a kept passage is dropped; a passage that only shares a few words is kept', () => {
  const original =
    '市政协组织委员深入企业开展专题调研，围绕优化营商环境提出十二条意见建议，推动一批问题得到解决。';
  const reprint =
    '市政协组织委员深入企业开展专题调研，围绕优化营商环境提出12条意见建议，推动一批问题得到解决。';
  const other = '市政协组织委员视察乡村学校，听取教师对改善住房条件和交通补贴的意见，并与县教育局座谈。';
  const passages = groupPassages(
    [chunk(1, 'a', [[2, original]]), chunk(2, 'b', [[5, reprint]]), chunk(3, 'c', [[1, other]])],
    10,
  );
  assert.deepEqual(
    passages.map((p) => p.articleId),
    ['a', 'c'],
  );
});

test('question words are not query content; IDF follows Qdrant', () => {
  const terms = queryTerms('白银市政协开展了几次招商考察活动？');
  assert.ok(terms.includes('招商'));
  assert.ok(!terms.includes('几次'));
  assert.ok(Math.abs(idfOf(4, 3) - Math.log(1 + 1.5 / 3.5)) < 1e-12);
});
