import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evidenceTerms, isNameTerm, sentenceEvidence } from '../../src/rag/evidence.js';
import { RESCORE_WEIGHTS, rescore } from '../../src/rag/rescore.js';
import { normalizeForMatch } from '../../src/text/normalize.js';
import type { ChunkPayload } from '../../src/types.js';
import { chunkPayload } from './helpers.js';

const n = (s: string): string => normalizeForMatch(s).toLowerCase();

const payload = (title: string, text: string): ChunkPayload => chunkPayload(title, text);

const weights = RESCORE_WEIGHTS;

test('sentence evidence: the topic terms held by one sentence beat the same terms spread over the text', () => {
  const terms = [
    { norm: '检察院', idf: 5 },
    { norm: '干预', idf: 5 },
  ];
  const together = sentenceEvidence(n('检察院建立了分级干预机制。此后继续办案。'), terms, 'fact');
  const apart = sentenceEvidence(n('检察院依法办案。社工机构开展心理干预。'), terms, 'fact');
  assert.equal(together.sentence, 1);
  assert.equal(apart.sentence, 0.5);
});

test('a 多少 question ranks the passage whose topic sentence holds a number with its unit first', () => {
  const terms = [
    { term: '遇难', idf: 5 },
    { term: '人数', idf: 4 },
  ];
  const candidates = [
    // Ranked first by Qdrant, and names the topic twice, but gives no figure.
    { rank: 1, payload: payload('山洪灾害', '遇难人数仍在统计。遇难人数将由当地政府公布，救援仍在继续。') },
    { rank: 2, payload: payload('山体滑坡', '当地政府通报，遇难人数已升至16人，救援仍在继续。') },
  ];
  const scores = rescore(candidates, terms, [], weights, 'number');
  assert.ok((scores[1] ?? 0) > (scores[0] ?? 0), `${scores.join(' vs ')}`);
  // The same texts for a question that asks for no figure keep Qdrant's order.
  const open = rescore(candidates, terms, [], weights, 'fact');
  assert.ok((open[0] ?? 0) > (open[1] ?? 0), `${open.join(' vs ')}`);
});

test('a 何时 question prefers the sentence with a date; a 哪个机构 question the one naming an agency', () => {
  const date = sentenceEvidence(n('纪录于8月1日被刷新。'), [{ norm: '纪录', idf: 4 }], 'date');
  const noDate = sentenceEvidence(n('纪录再次被刷新。'), [{ norm: '纪录', idf: 4 }], 'date');
  assert.deepEqual([date.answer, noDate.answer], [1, 0]);
  const org = sentenceEvidence(n('国家药监局发布通告。'), [{ norm: '通告', idf: 6 }], 'org');
  const noOrg = sentenceEvidence(n('通告已经发布。'), [{ norm: '通告', idf: 6 }], 'org');
  assert.deepEqual([org.answer, noOrg.answer], [1, 0]);
});

test('a name in the question must be held as written: the report about that company outranks look-alikes', () => {
  assert.ok(isNameTerm('腾讯'));
  assert.ok(!isNameTerm('净利润'));
  const terms = [
    { term: '腾讯', idf: 5.7, name: true },
    { term: '第二季度', idf: 5 },
    { term: '净利润', idf: 4.7 },
    { term: '同比', idf: 3.5 },
  ];
  const candidates = [
    {
      rank: 1,
      payload: payload('图解某公司中报', '第二季度单季净利润同比增长12%，第二季度净利润同比创新高。'),
    },
    { rank: 2, payload: payload('游戏公司财报', '腾讯发布财报。该季度净利润同比增长33%。') },
  ];
  const scores = rescore(candidates, terms, [], weights, 'number');
  assert.ok((scores[1] ?? 0) > (scores[0] ?? 0), `${scores.join(' vs ')}`);
  // Without the name check the look-alike wins: it shares more of the question.
  const blind = rescore(candidates, terms, [], { ...weights, names: 0 }, 'number');
  assert.ok((blind[0] ?? 0) > (blind[1] ?? 0), `${blind.join(' vs ')}`);
});

test('the asked attribute ("事故发生的地点") counts little: the report naming the place beats one repeating 地点', () => {
  const stats = [
    { term: '事故', idf: 4 },
    { term: '发生', idf: 2.8 },
    { term: '地点', idf: 4.9 },
  ];
  const candidates = [
    { rank: 1, payload: payload('绕行提示', '交通事故发生后，事故地点已经封闭，请绕行事故地点。') },
    {
      rank: 2,
      payload: payload('河边救人', '8月1日下午，一起落水事故发生在大夏河畔，青年跳入河中救起3人。'),
    },
  ];
  const terms = evidenceTerms(stats, 'place');
  assert.ok((terms[2]?.idf ?? 0) < 4.9 && terms[0]?.idf === 4);
  const scores = rescore(candidates, terms, [], weights, 'place');
  assert.ok((scores[1] ?? 0) > (scores[0] ?? 0), `${scores.join(' vs ')}`);
  // Weighed at full IDF, the word 地点 itself would win.
  const blind = rescore(candidates, stats, [], weights, 'place');
  assert.ok((blind[0] ?? 0) > (blind[1] ?? 0), `${blind.join(' vs ')}`);
  // An open question keeps every term at full weight.
  assert.equal(evidenceTerms(stats, 'open')[2]?.idf, 4.9);
});

test('a term the headline or place tags hold goes with every sentence ("长治" for 市发改委 in 长治市)', () => {
  const terms = [
    { norm: '长治', idf: 3 },
    { norm: '发改委', idf: 3 },
  ];
  const text = n('近年来，市发改委积极推动产教融合。');
  assert.equal(sentenceEvidence(text, terms, 'open').sentence, 0.5);
  assert.equal(sentenceEvidence(text, terms, 'open', n('山西省\n长治市')).sentence, 1);
});
