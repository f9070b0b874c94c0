import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerText, paragraphText } from '../../src/present/console.js';
import { escapeHtml, escapeMarkdown } from '../../src/present/escape.js';
import { answerJson } from '../../src/present/json.js';
import { detectLang } from '../../src/present/lang.js';
import { texts } from '../../src/present/texts.js';
import { answerOf, cite } from './fixtures.js';

const zh = texts('zh');

describe('console text', () => {
  it('prints the answer, the notice, then 来源 with one footnote per citation in marker order', () => {
    const a = { ...answerOf('甲[2]乙[1]。', [cite(2), cite(1, { paragraphs: [1, 2] })]), notice: '提示' };
    assert.equal(
      answerText(a, zh),
      '甲[2]乙[1]。\n\n提示\n\n来源\n[1] 《深圳市政协召开专题协商会》第1、2段 · 2024年5月10日\n[2] 《深圳市政协召开专题协商会》第3段 · 2024年5月10日',
    );
  });

  it('quotes every line of a paragraph with "> " under its title and position', () => {
    const out = paragraphText(
      { articleId: 'a', title: 'T', source: 's', n: 2, count: 4, text: '一\n二' },
      zh,
    );
    assert.equal(out, '《T》 第2段（共4段）\n> 一\n> 二');
  });
});

describe('JSON', () => {
  it('carries the text with markers, the rendered message and the citations as data', () => {
    const j = answerJson(answerOf('甲[1]。', [cite(1, { url: 'https://x.cn/1', quote: '委员建议' })]), zh);
    assert.equal(j.text, '甲[1]。');
    assert.match(j.display, /来源\n\[1\] 《/);
    assert.deepEqual(j.citations[0], {
      n: 1,
      articleId: 'a1',
      title: '深圳市政协召开专题协商会',
      paragraphs: [3],
      date: '2024-05-10',
      source: 'd.txt',
      url: 'https://x.cn/1',
      quote: '委员建议',
      footnote: '[1] 《深圳市政协召开专题协商会》第3段 · 2024年5月10日',
    });
    assert.deepEqual(JSON.parse(JSON.stringify(j)), j);
  });
});

describe('escaping and language', () => {
  it('escapes HTML and Markdown so report text shows as written', () => {
    assert.equal(escapeHtml('a < b && c > "d"'), 'a &lt; b &amp;&amp; c &gt; &quot;d&quot;');
    assert.equal(escapeMarkdown('**加粗** [1] _x_'), '\\*\\*加粗\\*\\* \\[1\\] \\_x\\_');
  });

  it('follows what the user writes, else their language setting', () => {
    assert.equal(detectLang('深圳市政协做了什么', 'en'), 'zh');
    assert.equal(detectLang('What did the Shenzhen CPPCC do?', 'zh-hans'), 'en');
    assert.equal(detectLang('/start', 'en'), 'en');
    assert.equal(detectLang('/start', undefined), 'zh');
  });
});
