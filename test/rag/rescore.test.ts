import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bm25Of, longestShared, proximity, queryPhrases, rescore } from '../../src/rag/rescore.js';
import { headQueryVector, headVector } from '../../src/text/sparse.js';
import type { ChunkPayload } from '../../src/types.js';
import { chunkPayload } from './helpers.js';

const payload = (title: string, text: string): ChunkPayload => chunkPayload(title, text, 'd');

test('proximity: a phrase found as written beats the same characters scattered', () => {
  const phrases = queryPhrases('哪个机构扩大了新能源货车登记预审核试点？', /(哪个|了)/);
  assert.deepEqual(phrases, ['机构扩大', '新能源货车登记预审核试点']);
  assert.equal(longestShared('新能源货车登记', '扩大新能源货车登记预审核'), 7);
  const together = proximity(phrases, '进一步扩大新能源货车登记预审核试点');
  const scattered = proximity(phrases, '新的能源政策，货车和登记，审核试点');
  assert.ok(together > 0.6 && scattered < 0.3, `${together} vs ${scattered}`);
});

test('BM25 recomputed from text rewards the rarer term and saturates repeats', () => {
  const terms = [
    { term: '食堂', idf: 3 },
    { term: '社区', idf: 1 },
  ];
  assert.ok(bm25Of(terms, '社区食堂建设') > bm25Of(terms, '社区社区社区建设'));
  assert.ok(bm25Of(terms, '食堂食堂食堂') < 3 * bm25Of(terms, '食堂'));
});

test('a name printed only in the headline lifts every chunk of that article', () => {
  const terms = [{ term: '周明远', idf: 5 }];
  const chunks = [
    { payload: payload('某地召开座谈会', '与会人员围绕低空经济发言。'), rank: 1 },
    { payload: payload('市政协委员周明远：推动低空经济起飞', '建议建设低空经济产业园。'), rank: 2 },
  ];
  const [a, b] = rescore(chunks, terms, queryPhrases('周明远委员说了什么', /(什么|了)/));
  assert.ok((b ?? 0) > (a ?? 0));
});

test('the headline vector and its query share word and bigram ids', () => {
  const doc = headVector(['市政协委员周明远：推动低空经济起飞']);
  const q = headQueryVector(['周明远']);
  const shared = q.indices.filter((i) => doc.indices.includes(i));
  assert.ok(shared.length >= 2, 'the name and its bigrams');
  assert.deepEqual(
    headQueryVector(['足球']).indices.filter((i) => doc.indices.includes(i)),
    [],
  );
});
