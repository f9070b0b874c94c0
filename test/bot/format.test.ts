import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallbackCodec, MAX_CALLBACK_BYTES } from '../../src/bot/callback-data.js';
import { escapeHtml, htmlToPlain } from '../../src/bot/escape.js';
import { footnote, formatAnswer, formatParagraph } from '../../src/bot/format.js';
import { detectLang } from '../../src/bot/lang.js';
import { splitHtml } from '../../src/bot/split.js';
import { texts } from '../../src/bot/texts.js';
import type { Answer, Citation } from '../../src/types.js';

const zh = texts('zh');

const cite = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  pointId: `p${n}`,
  articleId: `a${n}`,
  title: '深圳市政协召开专题协商会',
  date: '2024-05-10',
  docId: 'd',
  source: 'd.txt',
  paragraphs: [3],
  paragraphTexts: ['委员建议…'],
  paragraphCount: 5,
  ...extra,
});

const answer = (text: string, citations: Citation[]): Answer => ({
  text,
  citations,
  refused: false,
  mode: 'extractive',
  lang: 'zh',
  searchedQuestion: 'q',
  timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
});

/** Every open tag in a part is closed in that part. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z-]+)[^>]*>/g)) {
    if (m[1] === '') stack.push(m[2] as string);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('escaping', () => {
  it('escapes <, > and & so user text cannot break Telegram HTML', () => {
    assert.equal(escapeHtml('a < b && c > d'), 'a &lt; b &amp;&amp; c &gt; d');
    assert.equal(htmlToPlain('<b>x</b> &lt;y&gt; &amp;'), 'x <y> &');
  });
});

describe('answer formatting', () => {
  it('keeps [n] markers and ends with footnotes 《标题》第3段 · 日期', () => {
    const html = formatAnswer(answer('深圳开了会[1]。', [cite(1)]), zh);
    assert.match(html, /深圳开了会\[1\]。/);
    assert.match(html, /\[1\] 《深圳市政协召开专题协商会》第3段 · 2024-05-10/);
  });

  it('escapes HTML in answer text and titles, and links titles that have a URL', () => {
    const html = formatAnswer(
      answer('a<b>&c [1]', [cite(1, { title: 'A&B', url: 'https://x.cn/a?b=1&c=2' })]),
      zh,
    );
    assert.match(html, /a&lt;b&gt;&amp;c \[1\]/);
    assert.match(html, /<a href="https:\/\/x\.cn\/a\?b=1&amp;c=2">《A&amp;B》<\/a>第3段/);
  });

  it('lists several cited paragraphs of one article', () => {
    assert.match(footnote(cite(2, { paragraphs: [3, 4] }), zh), /^\[2\] 《.*》第3、4段/);
    assert.match(footnote(cite(2, { paragraphs: [3, 4] }), texts('en')), /para\. 3, 4/);
  });

  it('shows a paragraph as a quote with its position', () => {
    const html = formatParagraph(
      { articleId: 'a', title: 'T', source: 's', n: 2, count: 4, text: '<正文>', date: '2024-01-01' },
      zh,
    );
    assert.equal(html, '<b>《T》</b> 第2段（共4段） · 2024-01-01\n<blockquote>&lt;正文&gt;</blockquote>');
  });
});

describe('splitting at 4096', () => {
  it('leaves a short message whole', () => {
    assert.deepEqual(splitHtml('短消息'), ['短消息']);
  });

  it('prefers paragraph breaks', () => {
    const a = '甲'.repeat(3000);
    const b = '乙'.repeat(3000);
    const parts = splitHtml(`${a}\n\n${b}`);
    assert.deepEqual(parts, [a, b]);
  });

  it('falls back to newlines, then 。', () => {
    const line = '丙'.repeat(2500);
    assert.deepEqual(splitHtml(`${line}\n${line}`), [line, line]);
    const sentence = `${'丁'.repeat(2499)}。`;
    const parts = splitHtml(sentence + sentence);
    assert.deepEqual(parts, [sentence, sentence]);
  });

  it('never cuts a citation marker, an entity or a tag, and keeps tags balanced', () => {
    const body = Array.from({ length: 900 }, (_, i) => `字&amp;[${i}]`).join('');
    const parts = splitHtml(`<b>${body}</b>`, 1000);
    assert.ok(parts.length > 1);
    for (const p of parts) {
      assert.ok(p.length <= 1000, `part of ${p.length} chars`);
      assert.ok(balanced(p), p.slice(0, 60));
      assert.doesNotMatch(p, /&amp(?!;)|&a$|\[\d*$|^\d*\]/);
    }
    assert.equal(parts.map(htmlToPlain).join(''), htmlToPlain(`<b>${body}</b>`));
  });

  it('splits a long real answer with every part within the limit', () => {
    const text = Array.from({ length: 80 }, (_, i) =>
      `第${i}句很长的回答内容，引用报道[${(i % 3) + 1}]。`.repeat(3),
    ).join('\n\n');
    const html = formatAnswer(answer(text, [cite(1), cite(2), cite(3)]), zh);
    const parts = splitHtml(html);
    assert.ok(parts.length >= 2);
    for (const p of parts) assert.ok(p.length <= 4096 && balanced(p));
    assert.match(parts.at(-1) ?? '', /\[3\] 《/);
  });
});

describe('language', () => {
  it('follows what the user writes, else their Telegram language', () => {
    assert.equal(detectLang('深圳市政协做了什么', 'en'), 'zh');
    assert.equal(detectLang('What did the Shenzhen CPPCC do?', 'zh-hans'), 'en');
    assert.equal(detectLang('/start', 'en'), 'en');
    assert.equal(detectLang('/start', undefined), 'zh');
  });
});

describe('callback data', () => {
  it('fits in 64 bytes and round-trips', () => {
    const codec = new CallbackCodec();
    const long = 'x'.repeat(80);
    for (const articleId of ['a1f3c9d2e0b4', long]) {
      const data = codec.encode({ kind: 'source', articleId, n: 12, edit: false });
      assert.ok(Buffer.byteLength(data) <= MAX_CALLBACK_BYTES);
      assert.deepEqual(codec.decode(data), { kind: 'source', articleId, n: 12, edit: false });
    }
    const place = codec.encode({ kind: 'summary', place: '新疆维吾尔自治区' });
    assert.deepEqual(codec.decode(place), { kind: 'summary', place: '新疆维吾尔自治区' });
  });

  it('needs no memory for ordinary article ids (works after a restart)', () => {
    const data = new CallbackCodec().encode({ kind: 'source', articleId: 'a1f3c9d2e0b4', n: 3, edit: true });
    assert.deepEqual(new CallbackCodec().decode(data), {
      kind: 'source',
      articleId: 'a1f3c9d2e0b4',
      n: 3,
      edit: true,
    });
  });
});
