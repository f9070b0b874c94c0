import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { runConsole } from '../../src/chat/console.js';
import { FakeQa } from '../support/fake-qa.js';

async function chat(lines: string[], qa = new FakeQa()): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString()));
  await runConsole({ qa, input: Readable.from([lines.join('\n') + '\n']), output: out });
  return text;
}

describe('console chat over a pipe', () => {
  it('answers with citations and opens a source with /source n, then /next', async () => {
    const out = await chat(['深圳市政协开了什么会？', '/source 2', '/next']);
    assert.match(
      out,
      /专题协商会\[1\][\s\S]*来源\n\[1\] 《深圳市政协召开“加快建设现代化产业体系”专题协商会》第1段 · 2024年5月10日/,
    );
    assert.match(out, /第3段（共4段） · 2024年5月10日\n> 委员建议加大对中小企业创新的支持力度/);
    assert.match(out, /第4段（共4段）[\s\S]*> 市政协主席在讲话中要求/);
  });

  it('/summary 深圳 summarises the place; /summary alone lists places; /help explains', async () => {
    const qa = new FakeQa();
    const out = await chat(['/summary 深圳', '/summary', '/help'], qa);
    assert.equal(qa.calls[0]?.method, 'summarize');
    assert.match(out, /深圳的报道共1篇/);
    assert.match(out, /深圳市 \(1\)\s+广州市 \(1\)/);
    assert.match(out, /2 篇报道，11 个地方[\s\S]*\/source 编号/);
  });

  it('keeps follow-up context and stops at /quit', async () => {
    const qa = new FakeQa();
    const out = await chat(['深圳市政协开了什么会？', '还有呢？', '/quit', '不该被回答'], qa);
    assert.deepEqual(
      qa.calls.map((c) => c.arg),
      ['深圳市政协开了什么会？', '还有呢？'],
    );
    assert.equal(qa.calls[1]?.opts?.turns?.[0]?.question, '深圳市政协开了什么会？');
    assert.doesNotMatch(out, /不该被回答/);
  });

  it('says plainly when a source number is not in the last answer', async () => {
    const out = await chat(['/source 9']);
    assert.match(out, /没有来源 \[9\]/);
  });
});
