import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CitationStream,
  finalizeCitations,
  parseMarkerBody,
  processCitations,
  type CitedPassage,
} from '../../src/rag/citations.js';
import { PASSAGES, S0, S1, S2 } from '../support/passages.js';

const P: CitedPassage[] = PASSAGES;

describe('parseMarkerBody', () => {
  it('reads the forms models write', () => {
    assert.deepEqual(parseMarkerBody('1'), [1]);
    assert.deepEqual(parseMarkerBody('１２'), [12]);
    assert.deepEqual(parseMarkerBody('1,2'), [1, 2]);
    assert.deepEqual(parseMarkerBody('1, 2'), [1, 2]);
    assert.deepEqual(parseMarkerBody('1，２'), [1, 2]);
    assert.deepEqual(parseMarkerBody('1、3'), [1, 3]);
    assert.deepEqual(parseMarkerBody('1-3'), [1, 2, 3]);
    assert.deepEqual(parseMarkerBody('2～4'), [2, 3, 4]);
    assert.deepEqual(parseMarkerBody('^1'), [1]);
    assert.deepEqual(parseMarkerBody('ID:4'), [4]);
    assert.deepEqual(parseMarkerBody('资料2、资料3'), [2, 3]);
    assert.deepEqual(parseMarkerBody('第1段'), [1]);
    assert.deepEqual(parseMarkerBody('source 2'), [2]);
  });

  it('leaves prose in brackets alone', () => {
    assert.equal(parseMarkerBody('注'), undefined);
    assert.equal(parseMarkerBody('source code'), undefined);
    assert.equal(parseMarkerBody('资料'), undefined);
    assert.equal(parseMarkerBody(''), undefined);
    assert.equal(parseMarkerBody('2020-2025'), undefined); // a year span, not ten-plus citations
    assert.equal(parseMarkerBody('3-1'), undefined);
    assert.equal(parseMarkerBody('2024'), undefined); // a year
    assert.equal(parseMarkerBody('1-20'), undefined);
  });
});

describe('processCitations: markers', () => {
  it('accepts full-width brackets and digits and emits canonical [n]', () => {
    const r = processCitations(`${S0}【1】。${S1}［２］。${S2}〔3〕。`, P);
    assert.equal(r.text, `${S0}[1]。${S1}[2]。${S2}[3]。`);
    assert.deepEqual(r.used, [0, 1, 2]);
  });

  it('splits [1,2] and [1, 2] into one marker per passage', () => {
    const both = '青石市政协召开常委会议，白河县政协调研文化旅游';
    const a = processCitations(`${both}[1,2]。`, P);
    const b = processCitations(`${both}[1, 2]。`, P);
    assert.equal(a.text, `${both}[1][2]。`);
    assert.equal(b.text, a.text);
  });

  it('drops numbers that point at no passage, keeping valid ones, and counts them', () => {
    const r = processCitations(`${S0}[1][7]。${S1}[0, 2]。`, P);
    assert.equal(r.text, `${S0}[1]。${S1}[2]。`);
    assert.equal(r.outOfRange, 2);
    assert.deepEqual(r.used, [0, 1]);
  });

  it('leaves no stray space where a dropped marker stood', () => {
    // Marker rendering only: with the support check on, these uncited claims would be removed whole.
    const r = processCitations(`${S0} [9]。${S1} [9] 另有说明。`, P, { checkSupport: false });
    assert.equal(r.text, `${S0}。${S1}另有说明。`);
  });

  it('renumbers in order of first appearance and reuses numbers', () => {
    const r = processCitations(`${S2}[3]。${S0}[1]。红岭区政协形成监督报告三份[3]。`, P);
    assert.equal(r.text, `${S2}[1]。${S0}[2]。红岭区政协形成监督报告三份[1]。`);
    assert.deepEqual(r.used, [2, 0]);
  });

  it('keeps the passage numbers when asked not to renumber', () => {
    const r = processCitations(`${S2}[3]。${S0}[1]。`, P, { renumber: false });
    assert.equal(r.text, `${S2}[3]。${S0}[1]。`);
    assert.deepEqual(r.used, [2, 0]);
  });

  it('de-duplicates a passage cited twice in one sentence', () => {
    const r = processCitations(`白河县政协调研文化旅游[2][2]，提出12条建议[2]。${S1}[2]。`, P);
    assert.equal(r.text, `白河县政协调研文化旅游[1]，提出12条建议。${S1}[1]。`);
  });

  it('gives a marker after the full stop to the sentence before it', () => {
    const r = processCitations(`${S0}。[1] ${S2}。[3]`, P);
    assert.equal(r.text, `${S0}。[1] ${S2}。[2]`);
    assert.equal(r.unsupported, 0);
  });

  it('does not touch brackets that are not citations', () => {
    const text = `${S0}[1]。[注]：以上为摘要，详见【新闻】栏目[2024]与[2020-2025]，[source code]。`;
    const r = processCitations(text, P, { checkSupport: false });
    assert.equal(r.text, text);
  });

  it('returns no citations for text without markers', () => {
    const r = processCitations('资料中没有相关内容。', P);
    assert.deepEqual(r.used, []);
    assert.equal(r.text, '资料中没有相关内容。');
  });
});

describe('processCitations: support check', () => {
  it('drops a citation whose paragraph says something else, and the claim left without one', () => {
    const r = processCitations(`${S0}[2]。`, P);
    assert.equal(r.text, '');
    assert.deepEqual(r.removed, [{ sentence: `${S0}。`, reason: 'uncited', missing: [] }]);
    assert.deepEqual(r.used, []);
    assert.equal(r.unsupported, 1);
    assert.equal(r.flags[0]?.reason, 'low_overlap');
    assert.equal(r.flags[0]?.passage, 1);
  });

  it('keeps the right one of two citations on a sentence', () => {
    const r = processCitations(`${S1}[1][2]。`, P);
    assert.equal(r.text, `${S1}[1]。`);
    assert.deepEqual(r.used, [1]);
    assert.equal(r.unsupported, 1);
  });

  it('drops a citation when a number in the sentence is not in the paragraph', () => {
    const r = processCitations('白河县政协调研文化旅游产业，提出15条建议[2]。', P);
    assert.deepEqual(r.used, []);
    assert.equal(r.flags[0]?.reason, 'number_missing');
  });

  it('accepts a number the paragraph writes in Chinese numerals', () => {
    const r = processCitations('红岭区政协开展河道生态保护民主监督，形成监督报告3份[3]。', P);
    assert.deepEqual(r.used, [2]);
  });

  it('does not take a common character such as "两" or "一" for a number', () => {
    // Paragraph 3 says "三份" and "40个", nothing about "2份".
    const r = processCitations('红岭区政协开展河道生态保护民主监督，形成监督报告2份[1]。', [
      { ...P[2], text: `${P[2]?.text ?? ''}两岸群众一致好评。` },
    ] as CitedPassage[]);
    assert.equal(r.flags[0]?.reason, 'number_missing');
  });

  it('does not let "5" match inside "15" or "2025"', () => {
    const p: CitedPassage[] = [{ text: '2025年全市政协共收到提案15件。', title: '提案工作' }];
    assert.equal(processCitations('2025年全市政协共收到提案5件[1]。', p).unsupported, 1);
    assert.equal(processCitations('2025年全市政协共收到提案15件[1]。', p).unsupported, 0);
  });

  it('accepts dates found in the passage date and title', () => {
    const r = processCitations('2024年10月26日，青石市政协召开常委会议[1]。', P);
    assert.deepEqual(r.used, [0]);
  });

  it('checks only numbers in English sentences (the paragraphs are Chinese)', () => {
    const ok = processCitations(
      'The standing committee met on 26 October and adopted the proposals report [1].',
      P,
    );
    assert.deepEqual(ok.used, [0]);
    const bad = processCitations('Baihe county made 13 suggestions [2].', P);
    assert.deepEqual(bad.used, []);
    assert.equal(bad.flags[0]?.reason, 'number_missing');
  });

  it('checks the Chinese names an English sentence quotes', () => {
    const right = processCitations('Qingshi (青石市) CPPCC held its 5th standing committee meeting [1].', P);
    assert.deepEqual(right.used, [0]);
    const wrong = processCitations('Baihe County (白河县) CPPCC studied cultural tourism [1].', P);
    assert.deepEqual(wrong.used, []);
    assert.equal(wrong.flags[0]?.reason, 'low_overlap');
  });

  it('does not count a list enumerator as a claimed number', () => {
    const r = processCitations(`1. ${S2}[3]。\n2. ${S0}[1]。`, P);
    assert.deepEqual(r.used, [2, 0]);
  });

  it('shared generic vocabulary alone is not support', () => {
    // Only "政协", "会议", "工作" in common with paragraph 2.
    const r = processCitations('白河县政协会议部署今年工作重点[1]。', P);
    assert.equal(r.unsupported, 1);
  });

  it('can be switched off', () => {
    const r = processCitations(`${S0}[2]。`, P, { checkSupport: false });
    assert.deepEqual(r.used, [1]);
  });
});

describe('CitationStream', () => {
  const answer = `${S0}【1】。${S1}[2, 7]。${S2}［３］。`;
  const expected = processCitations(answer, P);

  it('gives the same result however the text is split into deltas', () => {
    const chars = [...answer];
    for (let i = 1; i < chars.length; i++) {
      for (const j of [i + 1, i + 2, chars.length]) {
        const s = new CitationStream(P.length);
        for (const d of [chars.slice(0, i), chars.slice(i, j), chars.slice(j)]) s.push(d.join(''));
        s.end();
        assert.deepEqual(finalizeCitations(s.segments, P), expected, `split at ${i},${j}`);
      }
    }
  });

  it('never shows a raw or half marker while streaming, and the shown text only grows', () => {
    const s = new CitationStream(P.length);
    let shown = '';
    for (const ch of answer) {
      s.push(ch);
      const now = s.partialText();
      assert.ok(now.startsWith(shown), `partial text went backwards: ${now}`);
      assert.doesNotMatch(now, /[【［]|\[\d*$|\[\d+,/);
      shown = now;
    }
    s.end();
    assert.equal(s.partialText(), expected.text);
  });

  it('holds back "[" only while it can still become a marker', () => {
    const s = new CitationStream(3);
    s.push('见[');
    assert.equal(s.partialText(), '见');
    s.push('注]');
    assert.equal(s.partialText(), '见[注]');
    s.push('分数[');
    s.push('1');
    assert.equal(s.partialText(), '见[注]分数');
    s.push(']');
    assert.equal(s.partialText(), '见[注]分数[1]');
  });

  it('drops an unfinished marker at the very end of the stream', () => {
    const s = new CitationStream(3);
    s.push(`${S0}[1`);
    s.end();
    assert.equal(s.partialText(), S0);
  });
});
