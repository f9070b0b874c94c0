/** The HTTP API's pure parts: reply text with footnotes, JSON citations, streamed deltas, request → question. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReplyStream } from '../../src/http/reply-stream.js';
import { citationsJson, replyText, searchHits, withoutSources } from '../../src/http/render.js';
import { conversation, MAX_QUESTION_CHARS } from '../../src/http/requests.js';
import type { Answer, Citation } from '../../src/types.js';

const cite = (n: number, over: Partial<Citation> = {}): Citation => ({
  n,
  pointId: `p${n}`,
  articleId: `art${n}`,
  title: `青石市政协报道${n}`,
  date: '2024-10-26',
  docId: 'qingshi.txt',
  source: 'qingshi.txt',
  paragraphs: [n + 1],
  paragraphTexts: [`第${n + 1}段的原文。`],
  paragraphCount: 5,
  ...over,
});

const answer = (over: Partial<Answer> = {}): Answer => ({
  text: '青石市政协召开常委会议[1]，审议通过提案工作报告[2]。',
  citations: [cite(2), cite(1)],
  refused: false,
  mode: 'extractive',
  lang: 'zh',
  searchedQuestion: '青石市政协开了什么会',
  timings: { retrieveMs: 1, answerMs: 1, totalMs: 2 },
  ...over,
});

describe('reply text', () => {
  it('puts the footnotes after the answer, in marker order, one per line', () => {
    const text = replyText(answer());
    assert.equal(
      text,
      '青石市政协召开常委会议[1]，审议通过提案工作报告[2]。\n\n来源  \n' +
        '[1] 《青石市政协报道1》第2段 · 2024年10月26日  \n[2] 《青石市政协报道2》第3段 · 2024年10月26日',
    );
  });

  it('keeps the article URL reachable and shows the notice before the sources', () => {
    const text = replyText(
      answer({
        lang: 'en',
        text: 'It met [1].',
        citations: [cite(1, { url: 'https://news.example/a1', date: undefined, paragraphs: [2, 3] })],
        notice: 'The model is unavailable; these are quotes from the reports.',
      }),
    );
    assert.match(text, /^It met \[1\]\.\n\nThe model is unavailable[^\n]*\n\nSources {2}\n/);
    assert.match(text, /\[1\] 《青石市政协报道1》para\. 2, 3 · https:\/\/news\.example\/a1$/);
  });

  it('a refusal has no sources block', () => {
    assert.equal(
      replyText(answer({ text: '报道中没有找到相关内容。', citations: [], refused: true })),
      '报道中没有找到相关内容。',
    );
  });

  it('an earlier reply sent back as history loses its footnotes', () => {
    assert.equal(withoutSources(replyText(answer())), '青石市政协召开常委会议[1]，审议通过提案工作报告[2]。');
    assert.equal(withoutSources('没有来源的回答'), '没有来源的回答');
    const s = new ReplyStream();
    const draft = s.partial('草拟的说法[1]');
    assert.equal(
      withoutSources(draft + s.final(answer())),
      '青石市政协召开常委会议[1]，审议通过提案工作报告[2]。',
    );
  });
});

describe('JSON citations', () => {
  it('carry the article, paragraphs, exact text and the footnote as shown', () => {
    const [first] = citationsJson(answer());
    assert.deepEqual(first, {
      index: 1,
      article_id: 'art1',
      title: '青石市政协报道1',
      date: '2024-10-26',
      source: 'qingshi.txt',
      paragraphs: [2],
      text: '第2段的原文。',
      footnote: '[1] 《青石市政协报道1》第2段 · 2024年10月26日',
    });
  });

  it('search hits are ranked in the order the core returned them', () => {
    const hits = searchHits([cite(1, { n: 7 }), cite(2, { n: 3 })], 'zh');
    assert.deepEqual(
      hits.map((h) => [h.rank, h.article_id]),
      [
        [1, 'art1'],
        [2, 'art2'],
      ],
    );
    assert.equal('score' in (hits[0] ?? {}), false);
  });
});

describe('streamed deltas', () => {
  it('append the draft as it grows, then the footnotes', () => {
    const s = new ReplyStream();
    const full = answer();
    assert.equal(s.partial('青石市政协'), '青石市政协');
    assert.equal(s.partial('青石市政协召开常委会议[1]'), '召开常委会议[1]');
    assert.equal(s.partial('青石市政协召开常委会议[1]'), '');
    const rest = s.final(full);
    assert.equal('青石市政协召开常委会议[1]' + rest, replyText(full));
  });

  it('when the checked answer differs from the draft, it follows in full under a note', () => {
    const s = new ReplyStream();
    s.partial('青石市政协召开常委会议[1]，选举了主席[2]');
    const full = answer({ text: '青石市政协召开常委会议[1]。', citations: [cite(1)] });
    const rest = s.final(full);
    assert.match(rest, /草稿/);
    assert.ok(rest.endsWith(replyText(full)));
  });

  it('a partial that rewrites what was sent adds nothing until it catches up', () => {
    const s = new ReplyStream();
    s.partial('委员建议');
    assert.equal(s.partial('委员们提出'), '');
    assert.equal(s.partial('委员建议加大支持'), '加大支持');
  });
});

describe('chat request → question and turns', () => {
  it('takes the last user message as the question and earlier pairs as turns, footnotes read into their titles', () => {
    const r = conversation([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: '青石市政协开了什么会？' },
      { role: 'assistant', content: replyText(answer()) },
      {
        role: 'user',
        content: [
          { type: 'text', text: '会上审议了' },
          { type: 'image_url' },
          { type: 'text', text: '什么？' },
        ],
      },
    ]);
    assert.deepEqual(r, {
      ok: true,
      question: '会上审议了\n什么？',
      turns: [
        {
          question: '青石市政协开了什么会？',
          answer: '青石市政协召开常委会议[1]，审议通过提案工作报告[2]。',
          articles: [
            { id: '青石市政协报道1', title: '青石市政协报道1' },
            { id: '青石市政协报道2', title: '青石市政协报道2' },
          ],
        },
      ],
    });
  });

  it('rejects a conversation that does not end with a user question', () => {
    assert.equal(conversation([{ role: 'assistant', content: 'hi' }]).ok, false);
    assert.equal(conversation([{ role: 'user', content: '   ' }]).ok, false);
    assert.equal(conversation([{ role: 'user', content: '问'.repeat(MAX_QUESTION_CHARS + 1) }]).ok, false);
  });
});
