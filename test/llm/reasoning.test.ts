import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ReasoningFilter, stripReasoning } from '../../src/llm/reasoning.js';

describe('ReasoningFilter', () => {
  it('removes a <think> block from a complete reply', () => {
    assert.equal(
      stripReasoning('<think>用户问的是会议。</think>\n\n会议于10月召开[1]。'),
      '会议于10月召开[1]。',
    );
    assert.equal(stripReasoning('没有思考块 a<b。'), '没有思考块 a<b。');
  });

  it('removes it however the tags are split across deltas', () => {
    const reply = '<think>先看段落1和2。</think>\n会议于10月召开[1]。';
    for (let i = 1; i < reply.length; i++) {
      for (let j = i; j < reply.length; j++) {
        const f = new ReasoningFilter();
        const out = f.push(reply.slice(0, i)) + f.push(reply.slice(i, j)) + f.push(reply.slice(j)) + f.end();
        assert.equal(out, '会议于10月召开[1]。', `split at ${i},${j}`);
      }
    }
  });

  it('releases text as soon as it cannot be a tag, holding back only a possible "<think"', () => {
    const f = new ReasoningFilter();
    assert.equal(f.push('答案<th'), '答案');
    assert.equal(f.push('is'), '<this');
    assert.equal(f.end(), '');
  });

  it('drops an unclosed block at the end', () => {
    const f = new ReasoningFilter();
    assert.equal(f.push('<think>想了很久'), '');
    assert.equal(f.end(), '');
  });
});
