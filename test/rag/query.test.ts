import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeQuery, detectWants, understandQuery } from '../../src/rag/query.js';

// Invented questions; places are real names so the gazetteer knows them.

test('"那洛阳呢？" becomes the previous question about 洛阳, and the plan carries the new place', () => {
  const plan = analyzeQuery('那洛阳呢？', [
    { question: '开封市政协到外地开展了几次文旅考察？', answer: '…' },
  ]);
  assert.equal(plan.followUp, true);
  assert.equal(plan.resolvedAs, 'swap');
  assert.match(plan.standalone, /^洛阳市政协到外地开展了几次文旅考察/);
  assert.deepEqual(
    plan.places.map((p) => p.name),
    ['洛阳市'],
  );
});

test('"他还说了什么" carries the previous person, and the search keeps the name apart from the next word', () => {
  const plan = analyzeQuery('他还说了什么', [
    { question: '周海涛委员建议宁波建设什么科创走廊？', answer: '…' },
  ]);
  assert.match(plan.standalone, /周海涛还说了什么/);
  assert.deepEqual(plan.focus, ['周海涛']);
  assert.match(plan.searchText, / 周海涛 /);
});

test('a follow-up that points back searches with the title of the article last cited', () => {
  const plan = analyzeQuery('这篇报道讲了什么？', [
    {
      question: '温州市有什么新举措？',
      answer: '…',
      articles: [{ id: 'a1', title: '温州市打造海上花园城市' }],
    },
  ]);
  assert.equal(plan.resolvedAs, 'reference');
  assert.match(plan.searchText, /温州市打造海上花园城市/);
});

test('a self-contained question is not a follow-up, even with history', () => {
  const turns = [{ question: '宁波市商务局有什么计划？', answer: '…' }];
  const plan = analyzeQuery('洛阳市政协九届二次会议的小组讨论会是哪天举行的?', turns);
  assert.equal(plan.followUp, false);
  assert.equal(plan.standalone, '洛阳市政协九届二次会议的小组讨论会是哪天举行的?');
  assert.equal(analyzeQuery('那洛阳呢?').followUp, false);
});

test('traditional characters are searched as simplified, and the fact asked for is recognised', () => {
  const plan = analyzeQuery('開封市政協主席是誰？');
  assert.equal(plan.standalone, '开封市政协主席是谁?');
  assert.equal(plan.wants, 'person');
  assert.equal(detectWants('9月3日召开的是哪天？'), 'date');
  assert.equal(detectWants('提出了多少条意见？'), 'number');
});

test('summary requests in plain words name the place', () => {
  const plan = analyzeQuery('总结一下洛阳市政协的会议');
  assert.equal(plan.summary, true);
  assert.equal(plan.summaryPlace, '洛阳市');
});

test('English questions are marked English; with an LLM the search text is translated', async () => {
  const q = 'Which city does Zhou Haitao serve as a member for?';
  assert.equal(analyzeQuery(q).lang, 'en');
  const plan = await understandQuery(q, [], { translate: async () => '周海涛是哪个城市的政协委员' });
  assert.equal(plan.lang, 'en');
  assert.equal(plan.searchText, '周海涛是哪个城市的政协委员');
  assert.equal(plan.wants, 'entity');
});

test('a failing LLM rewrite keeps the rule-based one', async () => {
  const turns = [{ question: '开封市政协到外地开展了几次文旅考察？', answer: '…' }];
  const plan = await understandQuery('那洛阳呢？', turns, {
    rewrite: async () => {
      throw new Error('down');
    },
  });
  assert.equal(plan.rewrittenBy, 'rules');
  assert.match(plan.searchText, /洛阳/);
});
