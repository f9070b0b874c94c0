/** Offline summaries on hand-written articles: coverage of every article, exact citations, no repeats. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byArticle, summarizeExtractive, topicTerms } from '../../src/rag/summary.js';
import type { Passage } from '../../src/rag/retrieve.js';

function article(id: string, title: string, paragraphs: string[], date?: string, from = 1): Passage {
  const p: Passage = {
    pointId: `${id}-p`,
    articleId: id,
    title,
    docId: `${id}.txt`,
    source: `${id}.txt`,
    paragraphCount: paragraphs.length + from - 1,
    places: ['绵阳市'],
    paragraphs: paragraphs.map((_, i) => i + from),
    paragraphTexts: paragraphs,
    paragraphPoints: paragraphs.map(() => `${id}-p`),
    text: paragraphs.join('\n'),
    rank: 1,
    fused: 1,
  };
  if (date !== undefined) p.date = date;
  return p;
}

const KEJI = article(
  'keji',
  '绵阳市政协调研科技城建设',
  [
    '绵阳市政协组织委员调研科技城建设，走访了五家研发企业和两所高校的实验室。',
    '委员们了解到，科技成果在本地转化的比例仍然不高，企业和高校之间缺少对接渠道。',
    '市政协委员陈明远建议，设立成果转化服务中心，帮助企业和高校对接科技项目。',
  ],
  '2024-05-06',
);
const QIYE = article(
  'qiye',
  '绵阳市政协委员走访民营企业',
  [
    '绵阳市政协委员分组走访民营企业，听取企业对营商环境的意见建议。',
    '企业负责人反映，审批事项多、跑动次数多的问题仍然存在，希望进一步压减办理时限。',
  ],
  '2024-06-01',
);

test('every article gets a point under its own heading, each cited to the paragraph that holds it', () => {
  const s = summarizeExtractive([KEJI, QIYE], '绵阳市政协的报道要点：');
  assert.ok(s);
  const lines = s.text.split('\n');
  assert.equal(lines[0], '绵阳市政协的报道要点：');
  assert.ok(lines.includes('《绵阳市政协调研科技城建设》（2024年5月6日）'));
  assert.ok(lines.includes('《绵阳市政协委员走访民营企业》（2024年6月1日）'));
  assert.deepEqual([...new Set(s.citations.map((c) => c.articleId))].sort(), ['keji', 'qiye']);
  for (const c of s.citations) {
    assert.equal(c.paragraphs.length, 1, 'one exact paragraph per citation');
    assert.ok(
      c.quote && c.paragraphTexts[0]?.includes(c.quote),
      'the quoted point is in the cited paragraph',
    );
    assert.match(s.text, new RegExp(`\\[${c.n}\\]`));
  }
});

test('a reprinted paragraph is not summarized twice', () => {
  const reprint = article('reprint', '科技城建设调研（转载）', [KEJI.paragraphTexts[2] ?? '']);
  const s = summarizeExtractive([KEJI, reprint], '要点：');
  assert.ok(s);
  const repeats = s.quotes.filter((q) => q.includes('成果转化服务中心'));
  assert.ok(repeats.length <= 1, `the point appears ${repeats.length} times`);
});

test('topic words from the request pull the matching sentence in', () => {
  const s = summarizeExtractive([QIYE], '要点：', ['审批']);
  assert.ok(s);
  assert.ok(s.quotes.some((q) => q.includes('审批事项多')));
});

test('articles without a sentence worth quoting give no summary', () => {
  assert.equal(summarizeExtractive([article('short', '短讯', ['会议召开。'])], '要点：'), undefined);
});

test('passages of one article join into one, paragraphs in order, each once', () => {
  const [a, b] = [
    article('keji', KEJI.title, [KEJI.paragraphTexts[2] ?? ''], KEJI.date, 3),
    article('keji', KEJI.title, KEJI.paragraphTexts.slice(0, 2), KEJI.date),
  ];
  const joined = byArticle([a, b, QIYE]);
  assert.equal(joined.length, 2);
  assert.deepEqual(joined[0]?.paragraphs, [1, 2, 3]);
  assert.deepEqual(joined[0]?.paragraphTexts, KEJI.paragraphTexts);
  assert.equal(joined[0]?.text, KEJI.paragraphTexts.join('\n'));
  assert.equal(a.paragraphs.length, 1, 'the input passage is not changed');
});

test('the topic of a summary request leaves out summary verbs, the place and 政协', () => {
  const topic = topicTerms('总结一下绵阳市政协调研科技城的情况', '绵阳市');
  assert.ok(topic.includes('科技'));
  for (const t of ['总结', '绵阳', '绵阳市', '政协'])
    assert.ok(!topic.includes(t), `${t} is not a topic word`);
});

test('an article written in one overlong sentence still gets its point, quoted up to a clause end', () => {
  const long = article('long', '绵阳市政协开展安全生产监督', [
    '绵阳市政协组织委员围绕安全生产开展专项民主监督，' +
      '先后走访化工园区、建筑工地、交通枢纽和人员密集场所共计二十余处，'.repeat(8) +
      '形成监督报告并提出整改建议十二条',
  ]);
  const out = summarizeExtractive([KEJI, long], '要点：');
  assert.ok(out);
  const cited = out.citations.find((c) => c.articleId === 'long');
  assert.ok(cited, out.text);
  assert.ok(cited.paragraphTexts[0]?.includes(cited.quote ?? '#'));
});
