/**
 * A speech cut mid-word whose rest is printed after the next speech's closing (fixture with invented text in the
 * shape of a real page): the rest goes back to the speech it continues, and nothing is lost.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseDocument } from '../../ingest/parse.js';
import { leadingMarker, reattachContinuations } from '../../ingest/continuations.js';
import { numberParagraphs } from '../../ingest/paragraphs.js';
import { detectPlaces } from '../../src/text/places.js';
import type { Article } from '../../src/types.js';

const NAME = 'cut-speech-continuation.txt';
const text = readFileSync(fileURLToPath(new URL(`../fixtures/pages/${NAME}`, import.meta.url)), 'utf8');
const articles = parseDocument({ docId: `pages/${NAME}`, source: `pages/${NAME}`, text, kind: 'page' });

function byTitle(start: string): Article {
  const a = articles.find((x) => x.title.startsWith(start));
  assert.ok(a, `article "${start}" not found in ${articles.map((x) => x.title).join(' | ')}`);
  return a;
}

test('the rest of a cut speech printed after the next speech goes back to the speech it continues', () => {
  const zhangye = byTitle('张掖市政协副主席');
  const wuwei = byTitle('武威市政协主席');
  const zy = zhangye.paragraphs.map((p) => p.text);
  const cut = zy.findIndex((t) => t.endsWith('赴企业开展技术对'));
  assert.ok(cut > 0, 'the cut paragraph stays in the 张掖 speech');
  assert.match(zy[cut + 1] ?? '', /^\(三\)扎实开展产销对接/);
  assert.match(zy[cut + 2] ?? '', /^\(四\)牵线搭桥助力招商/);
  assert.match(zy.at(-1) ?? '', /中国式现代化张掖实践/);
  // The 武威 speech ends with its own closing and says nothing of 张掖's figures.
  assert.match(wuwei.paragraphs.at(-1)?.text ?? '', /^我们将以此次交流会为契机/);
  assert.ok(!wuwei.paragraphs.some((p) => /张掖|352\.18/.test(p.text)));
});

test('no paragraph is lost or duplicated, and each article is numbered 1..n', () => {
  const body = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /[，,。]/.test(l) || /技术对$/.test(l));
  const all = articles.flatMap((a) => a.paragraphs.map((p) => p.text));
  for (const line of body) assert.equal(all.filter((t) => t === line).length, 1, line);
  for (const a of articles)
    assert.deepEqual(
      a.paragraphs.map((p) => p.n),
      a.paragraphs.map((_, k) => k + 1),
    );
});

function article(title: string, place: string, texts: string[]): Article {
  return {
    id: title,
    docId: 'd',
    source: 'd',
    title,
    places: detectPlaces(place),
    paragraphs: numberParagraphs(texts),
  };
}

const first = (last: string): Article =>
  article('张掖市政协副主席 陈立新', '张掖市', [
    '张掖市政协副主席 陈立新',
    '(一)加强组织领导。市政协成立了协调保障小组。',
    `(二)发挥桥梁纽带作用。${last}`,
  ]);
const second = (tail: string[]): Article =>
  article('武威市政协主席 刘建华', '武威市', [
    '武威市政协主席 刘建华',
    '一是在建言献策上出实招。市政协开展协商议政。',
    '二是在招商引资上下功夫。全市共实施项目45个。',
    '我们将以此次交流会为契机,力争取得新的成效。',
    ...tail,
  ]);

test('a continuation is left where it is when the speech it would continue is not cut', () => {
  const tail = ['(二)牵线搭桥助力招商。举办了张掖市招商引资推介会。'];
  const out = reattachContinuations([first('组织召开了校企对接活动。'), second(tail)]);
  assert.equal(out[1]?.paragraphs.at(-1)?.text, tail[0]);
  assert.equal(out[0]?.paragraphs.length, 3);
});

test('a run that names the speech’s own city stays with it', () => {
  const tail = ['(三)牵线搭桥助力招商。武威市与张掖市联合举办推介会。'];
  const out = reattachContinuations([first('组织专家赴企业开展技术对'), second(tail)]);
  assert.equal(out[1]?.paragraphs.at(-1)?.text, tail[0]);
});

test('enumeration markers are read in their usual styles', () => {
  assert.deepEqual(leadingMarker('(二)扎实开展'), { style: 'paren', n: 2 });
  assert.deepEqual(leadingMarker('（十二）其他'), { style: 'paren', n: 12 });
  assert.deepEqual(leadingMarker('三是调结构'), { style: 'shi', n: 3 });
  assert.deepEqual(leadingMarker('2.完善政策'), { style: 'arabic', n: 2 });
  assert.deepEqual(leadingMarker('二、紧盯重点'), { style: 'dun', n: 2 });
  assert.equal(leadingMarker('2023年全市'), undefined);
});
