/** The calibration generator on invented reports: template questions, and swaps kept only when verifiably absent. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPlaces } from '../../src/text/places.js';
import { generateSwaps, type SourceArticle } from '../../src/eval/swap.js';

const article = (title: string, place: string, paragraphs: string[]): SourceArticle => ({
  title,
  places: detectPlaces(place),
  paragraphs,
});

const ARTICLES: SourceArticle[] = [
  article('绵阳市政协召开常委会议', '绵阳市', [
    '3月5日，绵阳市政协召开常委会议，市政协主席张建华主持会议。',
    '绵阳市政协全年走访企业120户，收集意见建议86条。',
  ]),
  article('德阳市政协开展专题视察', '德阳市', [
    '德阳市政协组织委员视察产业园区，委员们表示将持续关注园区建设。',
  ]),
  article('广元市政协主席李明调研乡村振兴', '广元市', ['广元市政协主席李明到旺苍县调研乡村振兴工作。']),
];

test('answerable questions come from role and count sentences, with the fact as must', () => {
  const qs = generateSwaps(ARTICLES);
  const chair = qs.find((q) => q.answerable && q.question === '绵阳市政协主席是谁？');
  assert.deepEqual(chair?.must, ['张建华']);
  const opinions = qs.find((q) => q.answerable && q.question === '绵阳市收集了多少条意见建议？');
  assert.deepEqual(opinions?.must, ['86']);
});

test('a swap replaces the place with another the reports name, only where the fact is absent for it', () => {
  const swaps = generateSwaps(ARTICLES).filter((q) => !q.answerable);
  // 德阳 has no chair named anywhere: a valid negative.
  assert.ok(swaps.some((q) => q.question === '德阳市政协主席是谁？'));
  // 广元's chair is stated: never a negative.
  assert.ok(!swaps.some((q) => q.question.startsWith('广元市政协主席')));
  // Every swapped-in entity is named somewhere in the reports.
  for (const q of swaps)
    assert.ok(
      ARTICLES.some((a) => a.paragraphs.join('').includes(q.entity.slice(0, 2))),
      q.question,
    );
});

test('the same corpus gives the same questions in the same order', () => {
  assert.deepEqual(generateSwaps(ARTICLES), generateSwaps(ARTICLES));
});
