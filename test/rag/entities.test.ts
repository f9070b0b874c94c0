import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bodyMentions, looksLikeName, mentions, personNames } from '../../src/rag/entities.js';

const typed = (text: string): [string, string][] => mentions(text).map((m) => [m.type, m.text]);

test('a question names its place, body and person by type', () => {
  assert.deepEqual(typed('宁波市政协委员周海涛关注什么？'), [
    ['place', '宁波市'],
    ['body', '政协'],
    ['person', '周海涛'],
  ]);
  assert.deepEqual(typed('宁波市商务局有什么计划？'), [
    ['place', '宁波市'],
    ['body', '商务局'],
  ]);
});

test('bodies: full names with 和 inside, short names, a level word before; common words are no bodies', () => {
  assert.deepEqual(
    bodyMentions('宁波市人力资源和社会保障局').map((m) => m.text),
    ['人力资源和社会保障局'],
  );
  assert.deepEqual(
    bodyMentions('市科技局和发改委作了回应').map((m) => m.text),
    ['科技局', '发改委'],
  );
  assert.deepEqual(bodyMentions('要服务大局，优化产业布局'), []);
  assert.deepEqual(
    bodyMentions('省生态环境厅厅长').map((m) => m.text),
    ['生态环境厅'],
  );
});

test('a parent written before its place belongs to the mention', () => {
  assert.deepEqual(typed('北京市朝阳区政协去了哪里？').slice(0, 1), [['place', '北京市朝阳区']]);
});

test('names start with a common surname; titles and question words are no names', () => {
  assert.deepEqual(personNames('政协委员李明华建议建设冷链物流中心'), ['李明华']);
  assert.deepEqual(personNames('政协常委怎么说'), []);
  assert.equal(looksLikeName('程宗华'), true);
  assert.equal(looksLikeName('科技局'), false);
});
