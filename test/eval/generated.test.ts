import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyPairs, scorePair } from '../../src/eval/generated-bodies.js';
import { scoreGenerated, summaryRequests } from '../../src/eval/generated-summaries.js';

test('summary requests: every place covered and the places around it, expected articles by the place tags', () => {
  const reqs = summaryRequests([
    { articleId: 'a', places: ['湖南省', '怀化市', '鹤城区'] },
    { articleId: 'b', places: ['湖南省', '长沙市'] },
    { articleId: 'c', places: ['湖南省'] },
    { articleId: 'd', places: ['广东省', '江门市'] },
  ]);
  const byQ = new Map(reqs.map((r) => [r.q, r]));
  assert.deepEqual(byQ.get('总结一下湖南的政协工作')?.expected, ['a', 'b', 'c']);
  assert.deepEqual(byQ.get('湖南各市的政协做了哪些工作？')?.expected, ['a', 'b']);
  const huaihua = reqs.find((r) => r.place === '怀化市' && r.wording === 'counties');
  assert.deepEqual(huaihua?.expected, ['a']);
  assert.ok(reqs.some((r) => r.q === '总结一下鹤城区的政协工作'));
  assert.ok(
    !reqs.some((r) => r.place === '长沙市' && r.wording === 'counties'),
    'no county reports, no request',
  );
});

test('generated summaries score recall out of what a summary holds, and strays', () => {
  const [req] = summaryRequests([
    { articleId: 'a', places: ['湖南省', '怀化市'] },
    { articleId: 'b', places: ['湖南省', '怀化市'] },
    { articleId: 'c', places: ['湖南省', '怀化市'] },
  ]).filter((r) => r.place === '怀化市');
  assert.ok(req);
  assert.equal(scoreGenerated(req, { refused: false, cited: ['a', 'b'] }, 2).recall, 1);
  const stray = scoreGenerated(req, { refused: false, cited: ['a', 'b', 'x'] }, 10);
  assert.equal(stray.strays, 1);
  assert.equal(stray.pass, false);
});

test('body pairs: each body named after a place, asked in every spelling; agreement needs one top article', () => {
  const articles = [
    { articleId: 'a', title: '怀化市发展改革委推进项目', text: '怀化市发展改革委召开会议。市政协委员参加。' },
    { articleId: 'b', title: '白河县教育局开展培训', text: '白河县教育局组织培训。' },
  ];
  const pairs = bodyPairs(articles);
  assert.equal(pairs.length, 1, 'a body with one spelling (教育局) makes no pair');
  const [pair] = pairs;
  assert.ok(pair);
  assert.equal(pair.questions.length, 3);
  assert.ok(pair.questions.some((q) => q.startsWith('怀化市发改委')));
  const a = articles[0];
  const same = scorePair(
    pair,
    pair.questions.map(() => ({ article: a, refused: false })),
  );
  assert.deepEqual([same.agree, same.hit], [true, 1]);
  const differ = scorePair(pair, [
    { article: a, refused: false },
    { article: articles[1], refused: false },
    { refused: true },
  ]);
  assert.equal(differ.agree, false);
});
