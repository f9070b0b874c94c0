import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveQuestion } from '../../src/rag/conversation-state.js';
import type { Turn } from '../../src/types.js';

// Invented reports and questions: places are real names (the gazetteer knows them), people and facts are not.
const turn = (question: string, answer = '…', titles: string[] = []): Turn => ({
  question,
  answer,
  ...(titles.length > 0 ? { articles: titles.map((title, i) => ({ id: `a${i}`, title })) } : {}),
});

test('"X呢？" with a person replaces the person and keeps the rest of the question', () => {
  const r = resolveQuestion('李明华呢？', [turn('海州市政协委员王建国有什么建议？')]);
  assert.equal(r.kind, 'swap');
  assert.equal(r.standalone, '海州市政协委员李明华有什么建议?');
});

test('a name the question writes without a title is found through the headline the answer cited', () => {
  const r = resolveQuestion('那李明华呢？', [
    turn('王建国说了什么？', '报道原文：“建议发展冷链物流。”[1]', ['宁波市政协委员王建国：发展冷链物流']),
  ]);
  assert.equal(r.standalone, '李明华说了什么?');
});

test('"X呢？" with a body swaps the body and keeps the place', () => {
  const r = resolveQuestion('工信局呢？', [turn('宁波市商务局有什么计划？')]);
  assert.equal(r.standalone, '宁波市工信局有什么计划?');
  assert.deepEqual(r.focus, ['工信局']);
});

test('a place swap drops the person who belonged to the old place; a role swap keeps the asking tail', () => {
  const prev = [turn('温州市政协副主席赵立新谈了什么？')];
  assert.equal(resolveQuestion('那洛阳呢？', prev).standalone, '洛阳市政协副主席谈了什么?');
  assert.equal(resolveQuestion('洛阳的政协主席呢？', prev).standalone, '洛阳的政协主席谈了什么?');
});

test('他 is the last person, 他们 the last body with its place', () => {
  const he = resolveQuestion('他建议怎样发展海洋经济？', [turn('宁波市政协委员周海涛关注什么？')]);
  assert.equal(he.kind, 'reference');
  assert.match(he.standalone, /周海涛建议怎样发展海洋经济/);
  const they = resolveQuestion('市委怎么评价他们的建议？', [turn('绍兴市政协建言了什么？')]);
  assert.equal(they.standalone, '市委怎么评价绍兴市政协的建议?');
});

test('那里 after a "where" question is the place the answer gave', () => {
  const r = resolveQuestion('那里的政协主席讲了什么？', [
    turn('宁波市政协去了哪里考察？', '报道原文：“近日，宁波市政协考察团到舟山市考察交流。”[1]'),
  ]);
  assert.match(r.standalone, /^舟山市的政协主席讲了什么/);
});

test('这个X is the phrase ending in X the conversation used; 这篇报道 the article last cited', () => {
  const platform = resolveQuestion('这个平台能解决哪些难题？', [turn('浙江有委员建议建设什么文旅平台？')]);
  assert.match(platform.standalone, /文旅平台能解决哪些难题/);
  assert.match(platform.standalone, /浙江/);
  const article = resolveQuestion('这篇报道讲了什么？', [
    turn('温州市有什么新举措？', '…', ['温州市打造海上花园城市']),
  ]);
  assert.match(article.standalone, /^温州市打造海上花园城市讲了什么/);
  assert.deepEqual(
    article.articles.map((a) => a.title),
    ['温州市打造海上花园城市'],
  );
});

test('an elliptical question inherits the previous entities; a complete question starts afresh', () => {
  const led = resolveQuestion('带队的是谁？', [turn('舟山市政协调研组在岱山调研什么？')]);
  assert.equal(led.kind, 'ellipsis');
  assert.match(led.standalone, /舟山市政协调研组.*带队的是谁/);
  const fresh = resolveQuestion('温州市政协主席是谁？', [turn('宁波市商务局有什么计划？')]);
  assert.equal(fresh.kind, 'fresh');
  assert.equal(fresh.standalone, '温州市政协主席是谁?');
});

test('earlier follow-ups are resolved first, so a chain keeps its subject', () => {
  const r = resolveQuestion('他们还做了什么？', [turn('宁波市商务局有什么计划？'), turn('工信局呢？')]);
  assert.equal(r.standalone, '宁波市工信局还做了什么?');
});

test('no history, no follow-up', () => {
  const r = resolveQuestion('他建议怎样发展海洋经济？', []);
  assert.equal(r.kind, 'fresh');
  assert.equal(r.standalone, '他建议怎样发展海洋经济?');
});

test('其他 is no pronoun, and a question of its own ending in 呢 is no swap', () => {
  const prev = [turn('宁波市政协委员周海涛关注什么？')];
  assert.doesNotMatch(resolveQuestion('其他委员关注什么？', prev).standalone, /其周海涛/);
  const own = resolveQuestion('温州市政协主席是谁呢？', prev);
  assert.equal(own.kind, 'fresh');
  assert.equal(own.standalone, '温州市政协主席是谁呢?');
});
