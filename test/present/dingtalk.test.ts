import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { texts } from '../../src/present/texts.js';
import {
  dingtalkAnswer,
  dingtalkMessageText,
  dingtalkParagraph,
  dingtalkSources,
  MAX_MESSAGE_BYTES,
  sendMessageUrl,
  sourceCommand,
  type DingtalkMessage,
} from '../../src/present/dingtalk.js';
import type { ParagraphView } from '../../src/rag/service.js';
import type { Answer, Citation } from '../../src/types.js';

const zh = texts('zh');
const en = texts('en');

const cite = (n: number, extra: Partial<Citation> = {}): Citation => ({
  n,
  pointId: `p${n}`,
  articleId: `art${n}`,
  title: '某县政协召开乡村振兴专题协商会',
  date: '2023-11-02',
  docId: 'd',
  source: 'd.txt',
  paragraphs: [n + 2],
  paragraphTexts: [`第${n + 2}段：委员们围绕村级集体经济发展提出建议。`],
  paragraphCount: 7,
  quote: '委员们围绕村级集体经济发展提出建议。',
  ...extra,
});

const answer = (text: string, citations: Citation[], extra: Partial<Answer> = {}): Answer => ({
  text,
  citations,
  refused: false,
  mode: 'extractive',
  lang: 'zh',
  searchedQuestion: 'q',
  timings: { retrieveMs: 0, answerMs: 0, totalMs: 0 },
  ...extra,
});

const buttons = (m: DingtalkMessage) => (m.msgtype === 'actionCard' ? m.actionCard.btns : []);

/** What a tap on a dtmd link sends back into the chat. */
const sentBy = (url: string) => {
  const u = new URL(url);
  assert.equal(u.protocol, 'dtmd:');
  return u.searchParams.get('content');
};

describe('DingTalk answer rendering', () => {
  it('private: answer with [n] markers, footnotes 《标题》第p段 · 日期, one button per source that sends /source back', () => {
    const m = dingtalkAnswer(answer('会议提出发展集体经济[1]，并要求落实[2]。', [cite(2), cite(1)]), zh, {
      group: false,
    });
    assert.equal(m.msgtype, 'actionCard');
    const text = dingtalkMessageText(m);
    assert.match(text, /发展集体经济\[1\]，并要求落实\[2\]。/);
    // Footnotes in marker order, each on its own markdown paragraph.
    assert.match(
      text,
      /\*\*来源\*\*\n\n\[1\] 《某县政协召开乡村振兴专题协商会》第3段 · 2023年11月2日 \[查看原文\]\(dtmd:[^)]+\)\n\n\[2\] 《.*》第4段/,
    );
    // The same link as the button, in the text: ActionCard buttons do not open dtmd:// on every client.
    const links = [...text.matchAll(/\[查看原文\]\((dtmd:[^)]+)\)/g)].map((x) => sentBy(x[1]!));
    assert.deepEqual(links, [sourceCommand('art1', 3), sourceCommand('art2', 4)]);
    const b = buttons(m);
    assert.equal(b.length, 2);
    assert.match(b[0]?.title ?? '', /^📄 \[1\] /);
    assert.equal(sentBy(b[0]?.actionURL ?? ''), sourceCommand('art1', 3));
    assert.equal(sentBy(b[1]?.actionURL ?? ''), '/source art2 4');
  });

  it('a long source list is paged: ten footnotes, then a link (private) or the command (group) for the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => cite(i + 1));
    const priv = dingtalkMessageText(dingtalkAnswer(answer('要点[1]。', many), zh, { group: false }));
    assert.equal([...priv.matchAll(/^\[\d+\] 《/gm)].length, 10);
    const more = /\[更多来源（15）›\]\((dtmd:[^)]+)\)/.exec(priv);
    assert.equal(sentBy(more?.[1] ?? ''), '/sources 11');
    const group = dingtalkMessageText(dingtalkAnswer(answer('要点[1]。', many), zh, { group: true }));
    assert.match(group, /还有 15 条来源：@我 并发送 \/sources 11 查看。/);
    const page3 = dingtalkMessageText(dingtalkSources(many, 20, zh, { group: false }));
    assert.match(page3, /^\*\*来源 21–25（共25条）\*\*/);
    assert.equal([...page3.matchAll(/^\[\d+\] 《/gm)].length, 5);
    assert.doesNotMatch(page3, /更多来源/);
  });

  it('a huge answer text is cut so the message stays within the size limit', () => {
    const m = dingtalkAnswer(answer('很长的回答。'.repeat(3000), [cite(1)]), zh, {
      group: false,
      maxTextChars: 50_000,
    });
    assert.ok(Buffer.byteLength(dingtalkMessageText(m)) <= MAX_MESSAGE_BYTES);
    assert.match(dingtalkMessageText(m), /\[1\] 《/, 'the footnotes are kept');
  });

  it('group: markdown without buttons, the cited sentence quoted under its footnote', () => {
    const m = dingtalkAnswer(answer('提出建议[1]。', [cite(1)]), zh, { group: true });
    assert.equal(m.msgtype, 'markdown');
    assert.match(
      dingtalkMessageText(m),
      /\[1\] 《.*》第3段 · 2023年11月2日\n\n> 委员们围绕村级集体经济发展提出建议。/,
    );
  });

  it('group: a summary citing many articles quotes only the first six', () => {
    const cs = Array.from({ length: 10 }, (_, i) => cite(i + 1));
    const text = dingtalkMessageText(dingtalkAnswer(answer('总结[1]', cs), zh, { group: true }));
    assert.equal(text.match(/^\[\d+\] 《/gm)?.length, 10);
    assert.equal(text.match(/^> /gm)?.length, 6);
  });

  it('a refusal (no citations) is plain markdown with no sources heading', () => {
    const m = dingtalkAnswer(answer('报道中没有找到相关内容。', [], { refused: true }), zh, { group: false });
    assert.equal(m.msgtype, 'markdown');
    assert.doesNotMatch(dingtalkMessageText(m), /来源/);
  });

  it('links the title to the report URL; brackets in a title cannot break the link', () => {
    const m = dingtalkAnswer(
      answer('x[1]', [cite(1, { title: '关于[试点]的报道', url: 'https://news.example.cn/a/1.html' })]),
      zh,
      { group: false },
    );
    assert.match(
      dingtalkMessageText(m),
      /\[1\] \[《关于【试点】的报道》\]\(https:\/\/news\.example\.cn\/a\/1\.html\)第3段/,
    );
  });

  it('shows the notice, uses English labels for English answers, and cuts very long answers but keeps footnotes', () => {
    const long = '很长的回答。'.repeat(1000) + '[1]';
    const m = dingtalkAnswer(answer(long, [cite(1)], { notice: '模型暂时不可用，这是摘录式回答。' }), zh, {
      group: false,
      maxTextChars: 300,
    });
    const text = dingtalkMessageText(m);
    assert.ok(text.length < 800, `cut to about 300 chars, got ${text.length}`);
    assert.match(text, /\*模型暂时不可用，这是摘录式回答。\*/);
    assert.match(text, /\[1\] 《/);
    const e = dingtalkAnswer(answer('They met [1].', [cite(1)], { lang: 'en' }), en, { group: false });
    assert.match(dingtalkMessageText(e), /\*\*Sources\*\*\n\n\[1\] 《.*》para\. 3 · 2 Nov 2023/);
  });

  it('caps the number of source buttons; the title previews the answer without markers', () => {
    const cs = Array.from({ length: 9 }, (_, i) => cite(i + 1));
    const m = dingtalkAnswer(answer('甲[1]乙[2]丙[3]', cs), zh, { group: false, maxButtons: 4 });
    assert.equal(buttons(m).length, 4);
    assert.equal(m.msgtype === 'actionCard' && m.actionCard.title, '甲乙丙');
  });

  it('puts every line of the answer on its own markdown paragraph (DingTalk ignores single newlines)', () => {
    const m = dingtalkAnswer(answer('第一点[1]\n第二点[1]', [cite(1)]), zh, { group: true });
    assert.match(dingtalkMessageText(m), /^第一点\[1\]\n\n第二点\[1\]/);
  });
});

describe('DingTalk paragraph rendering', () => {
  const view = (n: number, count: number): ParagraphView => ({
    articleId: 'abc123',
    title: '某县政协召开乡村振兴专题协商会',
    date: '2023-11-02',
    source: 'd.txt',
    n,
    count,
    text: '第一行\n第二行',
  });

  it('private: the paragraph as a quote with previous/next buttons that page through the article', () => {
    const m = dingtalkParagraph(view(3, 7), zh, { group: false });
    const text = dingtalkMessageText(m);
    assert.match(
      text,
      /^\*\*《某县政协召开乡村振兴专题协商会》\*\* 第3段（共7段） · 2023年11月2日\n\n> 第一行\n>\n> 第二行\n\n\[‹ 上一段\]\(dtmd:[^)]+\) {2}\[下一段 ›\]\(dtmd:[^)]+\)$/,
    );
    const b = buttons(m);
    assert.deepEqual(
      b.map((x) => [x.title, sentBy(x.actionURL)]),
      [
        [zh.prev, '/source abc123 2'],
        [zh.next, '/source abc123 4'],
      ],
    );
  });

  it('no previous button on the first paragraph, no next on the last; none in groups', () => {
    assert.deepEqual(
      buttons(dingtalkParagraph(view(1, 2), zh, { group: false })).map((b) => b.title),
      [zh.next],
    );
    assert.deepEqual(
      buttons(dingtalkParagraph(view(2, 2), zh, { group: false })).map((b) => b.title),
      [zh.prev],
    );
    assert.equal(dingtalkParagraph(view(1, 1), zh, { group: false }).msgtype, 'markdown');
    assert.equal(dingtalkParagraph(view(3, 7), zh, { group: true }).msgtype, 'markdown');
  });

  it('send-message links encode Chinese and spaces', () => {
    assert.equal(sentBy(sendMessageUrl('/summary 深圳 市')), '/summary 深圳 市');
  });
});
