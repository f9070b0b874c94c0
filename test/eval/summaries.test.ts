import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isSummariesText,
  parseSummaries,
  runSummary,
  scoreSummary,
  summarizeSummaries,
} from '../../src/eval/summaries.js';
import type { Citation } from '../../src/types.js';

const cite = (title: string, n = 1): Citation => ({
  n,
  pointId: title,
  articleId: title,
  title,
  docId: 'page.txt',
  source: 'page.txt',
  paragraphs: [1],
  paragraphTexts: ['…'],
  paragraphCount: 1,
});

const FILE = [
  '{"id":"s1","q":"总结一下青石市的政协工作","required":["常委会议","白河县"],"min_recall":0.5,"allowed":["青石"]}',
  '',
  '{"id":"s2","q":"红岭区各镇做了什么","required":["红岭"],"min_recall":1}',
].join('\n');

test('a summaries file is told apart from question and dialog files and parsed', () => {
  assert.ok(isSummariesText(FILE));
  assert.ok(!isSummariesText('{"id":"d1","type":"factoid","question":"谁？"}'));
  assert.ok(!isSummariesText('{"id":"c1","turns":["甲","乙"],"gold":"丙"}'));
  const reqs = parseSummaries(FILE);
  assert.equal(reqs.length, 2);
  assert.deepEqual(reqs[1]?.allowed, []);
  assert.throws(() => parseSummaries('{"id":"x","q":"总结","required":[]}', 'f.jsonl'), /f\.jsonl:1/);
});

test('recall counts required titles cited; a cited title outside required and allowed is a stray', () => {
  const [req] = parseSummaries(FILE);
  assert.ok(req);
  const ok = scoreSummary(req, {
    refused: false,
    citations: [cite('青石市政协召开常委会议'), cite('青石市科技局', 2), cite('青石市政协召开常委会议', 3)],
  });
  assert.equal(ok.recall, 0.5);
  assert.deepEqual(ok.missing, ['白河县']);
  assert.deepEqual(ok.strays, []);
  assert.equal(ok.pass, true);
  const stray = scoreSummary(req, {
    refused: false,
    citations: [cite('青石市政协召开常委会议'), cite('红岭区政协开展民主监督', 2)],
  });
  assert.deepEqual(stray.strays, ['红岭区政协开展民主监督']);
  assert.equal(stray.pass, false);
  assert.equal(scoreSummary(req, { refused: true, citations: [] }).pass, false);
});

test('the JSON figures: share passing, mean recall, misses', async () => {
  const reqs = parseSummaries(FILE);
  const answers: Record<string, Citation[]> = {
    总结一下青石市的政协工作: [cite('青石市政协召开常委会议'), cite('白河县政协调研', 2)],
    红岭区各镇做了什么: [cite('白河县政协调研')],
  };
  const outcomes = await Promise.all(
    reqs.map((r) => runSummary(r, (q) => Promise.resolve({ refused: false, citations: answers[q] ?? [] }))),
  );
  const s = summarizeSummaries(outcomes);
  assert.equal(s.summaries.pass, 0.5);
  assert.equal(s.summaries.recall, 0.5);
  assert.equal(s.summaries.strays, 0.5);
  assert.deepEqual(s.misses, ['s2']);
});
