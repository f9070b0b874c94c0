import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeQuery, detectWants, isFollowUp, understandQuery } from '../../src/rag/query.js';

test('"那嘉峪关呢？" becomes the previous question about 嘉峪关', () => {
  const plan = analyzeQuery('那嘉峪关呢？', [
    { question: '白银市政协到外地开展了几次招商考察活动？', answer: '…' },
  ]);
  assert.equal(plan.followUp, true);
  assert.match(plan.standalone, /^嘉峪关市政协到外地开展了几次招商考察活动/);
  assert.deepEqual(
    plan.places.map((p) => p.name),
    ['嘉峪关市'],
  );
});

test('"他还说了什么" carries the previous subject', () => {
  const plan = analyzeQuery('他还说了什么', [
    { question: '黄三文委员建议深圳建设什么国家实验室？', answer: '…' },
  ]);
  assert.equal(plan.standalone, '黄三文还说了什么');
});

test('a self-contained question is not a follow-up, even with history', () => {
  assert.equal(isFollowUp('深圳市政协七届一次会议的联组讨论会是哪天举行的?', true), false);
  assert.equal(isFollowUp('那嘉峪关呢?', false), false);
});

test('traditional characters are searched as simplified, and the fact asked for is recognised', () => {
  const plan = analyzeQuery('嘉峪關市政協主席是誰？');
  assert.equal(plan.standalone, '嘉峪关市政协主席是谁?');
  assert.equal(plan.wants, 'person');
  assert.equal(detectWants('8月18日召开的是哪天？'), 'date');
  assert.equal(detectWants('提出了多少条对策建议？'), 'number');
});

test('summary requests in plain words name the place', () => {
  const plan = analyzeQuery('总结一下深圳市政协的会议');
  assert.equal(plan.summary, true);
  assert.equal(plan.summaryPlace, '深圳市');
});

test('English questions are marked English; with an LLM the search text is translated', async () => {
  const q = 'Which province is chaired by Tian Xiangli?';
  assert.equal(analyzeQuery(q).lang, 'en');
  const plan = await understandQuery(q, [], { translate: async () => '田向利是哪个省的政协主席' });
  assert.equal(plan.lang, 'en');
  assert.equal(plan.searchText, '田向利是哪个省的政协主席');
  assert.equal(plan.wants, 'entity');
});

test('a failing LLM rewrite keeps the rule-based one', async () => {
  const turns = [{ question: '白银市政协到外地开展了几次招商考察活动？', answer: '…' }];
  const plan = await understandQuery('那嘉峪关呢？', turns, {
    rewrite: async () => {
      throw new Error('down');
    },
  });
  assert.equal(plan.rewrittenBy, 'rules');
  assert.match(plan.searchText, /嘉峪关/);
});
