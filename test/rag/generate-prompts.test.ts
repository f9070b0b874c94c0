import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fill, promptMessages, type PromptName } from '../../src/rag/prompts.js';

const vars = {
  passages: '[1]《标题》\n正文',
  question: '问题？',
  history: '用户：上一问',
  place: '青石市',
  notes: '- 要点[1]',
  slot: '问题要的是一个人（姓名或职务）。',
};

describe('prompts', () => {
  const names: PromptName[] = [
    'answer.zh',
    'answer.en',
    'rewrite',
    'translate',
    'summary-map.zh',
    'summary-map.en',
    'summary-reduce.zh',
    'summary-reduce.en',
  ];

  it('every prompt file loads and fills completely', () => {
    for (const name of names) {
      const messages = promptMessages(name, vars);
      assert.equal(messages[0]?.role, 'system', name);
      for (const m of messages) assert.doesNotMatch(m.content, /\{\{|\}\}|<!--/, name);
    }
  });

  it('answer prompts carry the passages, the [n] rule and the NO_ANSWER marker; the question is the user turn', () => {
    for (const name of ['answer.zh', 'answer.en'] as const) {
      const [system, user] = promptMessages(name, vars);
      assert.match(system?.content ?? '', /\[1\]《标题》\n正文/);
      assert.match(system?.content ?? '', /\[n\]/);
      assert.match(system?.content ?? '', /NO_ANSWER/);
      assert.match(system?.content ?? '', /问题要的是一个人/, 'the asked slot');
      assert.deepEqual(user, { role: 'user', content: '问题？' });
    }
  });

  it('fills placeholders once: text inside a value is left alone', () => {
    assert.equal(fill('问：{{question}}', { question: '{{place}}是哪里' }), '问：{{place}}是哪里');
  });

  it('names a placeholder that has no value', () => {
    assert.throws(() => fill('{{passages}} {{missing}}', { passages: 'x' }), /\{\{missing\}\}/);
  });
});
