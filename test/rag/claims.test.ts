import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerCheck } from '../../src/rag/answer-check.js';
import { processCitations } from '../../src/rag/citations.js';
import { chineseValue, factCorpus, factsOf, missingFacts } from '../../src/rag/claims.js';
import { isFraming } from '../../src/rag/framing.js';
import { questionFacts } from '../../src/rag/claims.js';

/** Invented paragraphs (real place names, made-up events). */
const P = [
  {
    title: '九江市政协召开岸线修复专题协商会',
    text: '11月3日，九江市政协召开专题协商会，市政协主席周文澜主持会议。会议共收到书面建议46条。',
    places: ['九江市'],
  },
  {
    title: '临沂市政协调研乡村旅游',
    text: '市政协组织委员赴沂南县调研，走访民宿三十一家，市文化和旅游局负责同志陪同。',
    places: ['临沂市'],
  },
];

describe('facts of a sentence and their support', () => {
  const c0 = factCorpus([P[0]!]);
  const c1 = factCorpus([P[1]!]);

  it('finds a name after a title that jieba does not tag, and checks it', () => {
    assert.deepEqual(factsOf('市政协主席是张三。').persons, ['张三']);
    assert.deepEqual(missingFacts('九江市政协主席是张三。', c0), ['张三']);
    assert.deepEqual(missingFacts('九江市政协主席周文澜主持会议。', c0), []);
    // A name one character off is another person.
    assert.deepEqual(missingFacts('市政协主席周文涛主持会议。', c0), ['周文涛']);
  });

  it('checks numbers in digits and in Chinese numerals, both ways', () => {
    assert.deepEqual(missingFacts('会议共收到书面建议46条。', c0), []);
    assert.deepEqual(missingFacts('会议共收到书面建议四十六条。', c0), []);
    assert.deepEqual(missingFacts('会议共收到书面建议八百条。', c0), ['八百条']);
    assert.deepEqual(missingFacts('走访民宿31家。', c1), []);
    assert.equal(chineseValue('一万二千'), 12000);
  });

  it('checks places, with the article places standing for "我市"', () => {
    assert.deepEqual(missingFacts('临沂市政协组织委员赴沂南县调研。', c1), []);
    assert.deepEqual(missingFacts('临沂市政协组织委员赴兰陵县调研。', c1), ['兰陵县']);
  });

  it('reads bodies in their short names either way', () => {
    assert.deepEqual(missingFacts('临沂市文旅局负责同志陪同调研。', c1), []);
    assert.deepEqual(missingFacts('市发展和改革委员会负责同志陪同调研。', c1), ['发改委']);
  });
});

describe('framing sentences', () => {
  const q = questionFacts('九江市政协主席是谁？');
  it('keeps connectives and statements of what the reports do not say', () => {
    assert.equal(isFraming('具体如下：', q), true);
    assert.equal(isFraming('根据报道，', q), true);
    assert.equal(isFraming('报道中没有提到九江市政协主席是谁。', q), true);
    assert.equal(isFraming('The reports do not mention who chairs it.', q), true);
  });
  it('does not take a claim for framing', () => {
    assert.equal(isFraming('九江市政协主席是张三。', q), false);
    assert.equal(isFraming('报道没有提到副主席李四的任职经历。', q), false);
    assert.equal(isFraming('会议审议通过了年度提案工作报告。', q), false);
    assert.equal(isFraming('另据报道，共有委员800人。', q), false);
  });
});

describe('sentences stand or go whole', () => {
  it('removes a sentence naming what its cited paragraph does not, and one left without a citation', () => {
    const r = processCitations(
      '九江市政协主席是张三[1]。会议共收到书面建议46条[1]。另据报道，共有委员800人[9]。具体情况报道未提及。',
      P,
      { question: '九江市政协主席是谁？' },
    );
    assert.equal(r.text, '会议共收到书面建议46条[1]。具体情况报道未提及。');
    assert.deepEqual(
      r.removed.map((x) => [x.reason, x.missing]),
      [
        ['fact_missing', ['张三']],
        ['uncited', []],
      ],
    );
  });
});

describe('does the answer answer the question', () => {
  const check = answerCheck({ question: '九江市政协主席是谁？', type: 'person', lang: 'zh' });
  it('needs the question entities bound and the asked slot held', () => {
    assert.equal(check.answers({ text: '市政协主席周文澜主持会议。', cited: [P[0]!] }), true);
    // True and cited, but about another city and no person: another question's answer.
    assert.equal(check.answers({ text: '市政协组织委员赴沂南县调研。', cited: [P[1]!] }), false);
    // The right city, but no person.
    assert.equal(check.answers({ text: '会议共收到书面建议46条。', cited: [P[0]!] }), false);
  });
  it('tells the model the slot', () => {
    assert.match(check.promptSlot('zh'), /一个人/);
    assert.match(check.promptSlot('en'), /a person/);
  });
});
