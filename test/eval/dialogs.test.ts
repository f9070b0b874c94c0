import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isDialogsText,
  parseDialogs,
  runDialog,
  scoreLastTurn,
  summarizeDialogs,
} from '../../src/eval/dialogs.js';
import type { Answer, Citation, Turn } from '../../src/types.js';

const cite = (n: number, title: string): Citation => ({
  n,
  pointId: `p${n}`,
  articleId: `a-${title}`,
  title,
  docId: 'd',
  source: 's',
  paragraphs: [1],
  paragraphTexts: ['…'],
  paragraphCount: 1,
});

const answer = (titles: string[], refused = false, searched = 'q'): Answer => ({
  text: refused ? '没有找到' : '…[1]',
  citations: titles.map((t, i) => cite(i + 1, t)),
  refused,
  mode: 'extractive',
  lang: 'zh',
  searchedQuestion: searched,
  timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
});

test('a dialogs file is told from a question file by its turns; a bad line names its number', () => {
  assert.equal(isDialogsText('{"id":"x","turns":["甲？","乙呢？"],"gold":"乙"}\n'), true);
  assert.equal(isDialogsText('{"id":"x","type":"factoid","question":"甲？"}\n'), false);
  assert.throws(
    () => parseDialogs('{"id":"x","turns":["甲？"],"gold":"乙"}\n{"id":"y","turns":[]}', 'f'),
    /f:2/,
  );
});

test('the last turn passes when answered and one of its first three citations has a gold title', () => {
  const d = { id: 'd1', turns: ['宁波市商务局有什么计划？', '工信局呢？'], gold: '工业和信息化局|工信局' };
  assert.equal(scoreLastTurn(d, answer(['宁波市工业和信息化局：推动数字化改造'])).pass, true);
  assert.equal(scoreLastTurn(d, answer(['甲', '乙', '丙', '宁波市工信局'])).pass, false);
  assert.equal(scoreLastTurn(d, answer(['宁波市工信局'], true)).pass, false);
});

test('turns are asked in order with the earlier turns and replies; the summary lists what was searched', async () => {
  const seen: Turn[][] = [];
  const o = await runDialog({ id: 'd2', turns: ['一问？', '二问？'], gold: '乙篇' }, async (q, turns) => {
    seen.push(turns);
    return q === '一问？' ? answer(['甲篇']) : answer(['乙篇'], false, '二问 甲篇');
  });
  assert.deepEqual(
    seen.map((t) => t.map((x) => x.question)),
    [[], ['一问？']],
  );
  assert.deepEqual(seen[1]?.[0]?.articles, [{ id: 'a-甲篇', title: '甲篇' }]);
  const s = summarizeDialogs([o, { ...o, id: 'd3', pass: false }]);
  assert.deepEqual(s.dialogs, { n: 2, passed: 1, pass: 0.5, refused: 0 });
  assert.deepEqual(s.misses, ['d3']);
  assert.equal(s.results[0]?.searched, '二问 甲篇');
});
