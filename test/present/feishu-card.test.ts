import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  answerCard,
  cardButtons,
  cardText,
  escapeMarkdown,
  MAX_TEXT,
  noticeCard,
  paragraphCard,
  placesCard,
} from '../../src/present/feishu-card.js';
import type { ParagraphView } from '../../src/rag/service.js';
import type { Answer, Citation } from '../../src/types.js';

function cite(n: number, over: Partial<Citation> = {}): Citation {
  return {
    n,
    pointId: `p${n}`,
    articleId: `art${n}`,
    title: `某市政协召开第${n}次协商会`,
    date: '2024-05-10',
    docId: 'doc.txt',
    source: 'doc.txt',
    paragraphs: [n + 1],
    paragraphTexts: [`第${n + 1}段原文。`],
    paragraphCount: 6,
    ...over,
  };
}

function answer(over: Partial<Answer> = {}): Answer {
  return {
    text: '市政协召开协商会[1]，委员提出建议[2]。',
    citations: [cite(2), cite(1)],
    refused: false,
    mode: 'extractive',
    lang: 'zh',
    searchedQuestion: 'q',
    timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
    ...over,
  };
}

const decode = (s: string) => s.replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)));

describe('Feishu answer card', () => {
  it('is a card JSON 2.0 with the text, footnotes in marker order, one source button each, and 👍/👎', () => {
    const c = answerCard(answer(), { feedbackKey: 'k1' });
    assert.equal(c.schema, '2.0');
    assert.ok(!JSON.stringify(c).includes('"tag":"action"'), '2.0 has no action module');
    const text = decode(cardText(c));
    assert.match(text, /^市政协召开协商会\[1\]，委员提出建议\[2\]。/);
    assert.ok(text.indexOf('[1] 《某市政协召开第1次协商会》第2段 · 2024年5月10日') < text.indexOf('[2] 《'));
    const buttons = cardButtons(c);
    assert.deepEqual(
      buttons.map((b) => b.value),
      [
        { a: 'src', id: 'art1', n: 2 },
        { a: 'src', id: 'art2', n: 3 },
        { a: 'fb', v: 'up', k: 'k1' },
        { a: 'fb', v: 'down', k: 'k1' },
      ],
    );
    assert.equal(buttons[0]!.label, '[1] 某市政协召开第1次协商会 第2段');
    assert.equal(c.config.summary.content, '市政协召开协商会[1]，委员提出建议[2]。');
  });

  it('a refusal has no sources section and no source buttons; the notice is shown', () => {
    const c = answerCard(
      answer({ text: '报道中没有找到。', citations: [], refused: true, notice: '模型暂时不可用' }),
    );
    assert.doesNotMatch(cardText(c), /来源/);
    assert.deepEqual(cardButtons(c), []);
    assert.match(cardText(c), /模型暂时不可用/);
  });

  it('links the title when the report has a URL, and markdown in titles cannot break the link', () => {
    const c = answerCard(
      answer({
        citations: [cite(1, { title: '标题[x](javascript:y)*粗*', url: 'https://example.org/a b' })],
      }),
    );
    const md = c.body.elements.find((e) => e.tag === 'markdown');
    assert.ok(md && md.tag === 'markdown');
    assert.ok(md.content.includes('](https://example.org/a%20b)'));
    assert.ok(!md.content.includes('[x]'), 'title brackets escaped');
    assert.ok(!md.content.includes('*粗*'));
    assert.ok(decode(md.content).includes('《标题[x](javascript:y)*粗*》'));
  });

  it('cuts a very long answer to stay under the card size limit', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      cite(i + 1, { title: '很长的标题'.repeat(8), url: 'https://example.org/x' }),
    );
    const c = answerCard(answer({ text: '长'.repeat(MAX_TEXT * 2), citations: many }), { feedbackKey: 'k' });
    assert.ok(
      Buffer.byteLength(JSON.stringify(c)) < 30 * 1024,
      `${Buffer.byteLength(JSON.stringify(c))} bytes`,
    );
    assert.match(cardText(c).split('\n')[0]!, /^长+…$/);
  });

  it('an English answer gets English labels, and its buttons remember the language', () => {
    const c = answerCard(answer({ lang: 'en', text: 'They met [1].' }), { feedbackKey: 'k' });
    assert.match(cardText(c), /\*\*Sources\*\*\n\[1\] 《某市政协召开第1次协商会》para\. 2/);
    assert.ok(cardButtons(c).every((b) => b.value.l === 'en'));
    assert.ok(cardButtons(answerCard(answer(), { feedbackKey: 'k' })).every((b) => b.value.l === undefined));
  });

  it('escapeMarkdown leaves plain Chinese alone', () => {
    assert.equal(escapeMarkdown('深圳市政协'), '深圳市政协');
    assert.equal(decode(escapeMarkdown('a*b_c[d]')), 'a*b_c[d]');
  });
});

describe('Feishu paragraph card', () => {
  const view = (n: number, count = 3): ParagraphView => ({
    articleId: 'art1',
    title: '某市政协开展视察',
    date: '2024-06-02',
    source: 'report.txt',
    n,
    count,
    text: `第${n}段的原文。`,
  });

  it('shows the exact text and where it is, with previous/next within the article', () => {
    const c = paragraphCard(view(2), 'zh');
    assert.equal(c.header?.title.content, '《某市政协开展视察》');
    assert.equal(c.header?.subtitle?.content, '第2段（共3段） · 2024年6月2日');
    assert.match(cardText(c), /第2段的原文。/);
    assert.deepEqual(
      cardButtons(c).map((b) => [b.label, b.value]),
      [
        ['‹ 上一段', { a: 'par', id: 'art1', n: 1 }],
        ['下一段 ›', { a: 'par', id: 'art1', n: 3 }],
      ],
    );
  });

  it('has no previous on the first paragraph, no next on the last, no buttons for a one-paragraph article', () => {
    assert.deepEqual(
      cardButtons(paragraphCard(view(1), 'zh')).map((b) => b.label),
      ['下一段 ›'],
    );
    assert.deepEqual(
      cardButtons(paragraphCard(view(3), 'en')).map((b) => b.label),
      ['‹ Previous'],
    );
    assert.deepEqual(cardButtons(paragraphCard(view(1, 1), 'zh')), []);
  });
});

describe('Feishu notice and places cards', () => {
  it('notice: plain text, optional header', () => {
    assert.equal(noticeCard('正在查找报道…').header, undefined);
    assert.equal(noticeCard('帮助', { title: '政协报告问答' }).header?.title.content, '政协报告问答');
  });
  it('places: one summary button per place, most articles first as given', () => {
    const c = placesCard(
      [
        { name: '深圳市', articles: 3 },
        { name: '广州市', articles: 1 },
      ],
      'zh',
    );
    assert.match(cardText(c), /要总结哪个地方的报道？/);
    assert.deepEqual(
      cardButtons(c).map((b) => b.value),
      [
        { a: 'sum', p: '深圳市' },
        { a: 'sum', p: '广州市' },
      ],
    );
  });
});
