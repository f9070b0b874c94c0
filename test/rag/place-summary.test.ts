import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acrossRequest, articlesForPlace, placesMeant } from '../../src/rag/place-summary.js';
import type { Passage } from '../../src/rag/retrieve.js';
import { detectPlaces, placeNames } from '../../src/text/places.js';

const place = (name: string) => {
  const p = detectPlaces(name).find((x) => x.name === name);
  assert.ok(p, name);
  return p;
};

/** An invented article tagged with places (stored, as ingest does, with their parents). */
function article(title: string, tags: string[], date = '2024-05-01'): Passage {
  const text = `${title}。委员们围绕发展议题开展调研。`;
  return {
    pointId: title,
    articleId: title,
    title,
    date,
    docId: 'page.txt',
    source: 'page.txt',
    paragraphCount: 1,
    places: placeNames(tags.map(place)),
    paragraphs: [1],
    paragraphTexts: [text],
    paragraphPoints: [title],
    text,
    rank: 1,
    fused: 0,
  };
}

const REPORTS = [
  article('湖南省政协召开常委会议', ['湖南省']),
  article('怀化市政协协商养老服务', ['怀化市']),
  article('鹤城区政协走访企业', ['鹤城区']),
  article('长沙市政协调研科技创新', ['长沙市']),
  article('鹤城区政协赴长沙学习考察', ['鹤城区', '长沙市']),
  article('江门市政协助推乡村振兴', ['江门市']),
];

test('a province summary covers its cities and counties, nothing from elsewhere, city by city', () => {
  const titles = articlesForPlace(REPORTS, place('湖南省')).map((a) => a.title);
  assert.deepEqual(titles, [
    '湖南省政协召开常委会议',
    '长沙市政协调研科技创新',
    '怀化市政协协商养老服务',
    '鹤城区政协走访企业',
    '鹤城区政协赴长沙学习考察',
  ]);
});

test('a city summary takes its counties but not a visit by another city', () => {
  const huaihua = articlesForPlace(REPORTS, place('怀化市')).map((a) => a.title);
  assert.deepEqual(huaihua, ['怀化市政协协商养老服务', '鹤城区政协走访企业', '鹤城区政协赴长沙学习考察']);
  const changsha = articlesForPlace(REPORTS, place('长沙市')).map((a) => a.title);
  assert.deepEqual(changsha, ['长沙市政协调研科技创新']);
});

test('"各市" leaves out the province\'s own reports; "各县" keeps only the counties\'', () => {
  const cities = articlesForPlace(REPORTS, place('湖南省'), 'city').map((a) => a.title);
  assert.ok(!cities.includes('湖南省政协召开常委会议'));
  assert.ok(cities.includes('怀化市政协协商养老服务'));
  const counties = articlesForPlace(REPORTS, place('怀化市'), 'county').map((a) => a.title);
  assert.deepEqual(counties, ['鹤城区政协走访企业', '鹤城区政协赴长沙学习考察']);
});

test('more articles than a summary holds: every sub-place keeps a share', () => {
  const many = [
    ...Array.from({ length: 10 }, (_, i) =>
      article(`长沙市政协第${i + 1}次协商`, ['长沙市'], `2024-06-${10 + i}`),
    ),
    article('怀化市政协协商养老服务', ['怀化市']),
  ];
  const picked = articlesForPlace(many, place('湖南省'), undefined, 4);
  assert.equal(picked.length, 4);
  assert.ok(picked.some((a) => a.title.startsWith('怀化')));
});

test('questions across sub-places ask for their work, not for one fact', () => {
  const across = (q: string) => acrossRequest(q, detectPlaces(q));
  assert.equal(across('湖南各市的政协做了哪些工作？'), 'city');
  assert.equal(across('湖南各市有多少政协委员？'), undefined);
});

test('a name two places share covers both unless the request names which one', () => {
  const shenzhen = detectPlaces('深圳市南山区').find((p) => p.name === '南山区');
  assert.ok(shenzhen);
  assert.equal(placesMeant(shenzhen, '总结一下南山区的政协工作').length, 2);
  assert.deepEqual(
    placesMeant(shenzhen, '总结一下深圳南山区的政协工作').map((p) => p.code),
    [shenzhen.code],
  );
  const reports = [{ ...article('南山区政协调研科技园区', []), places: ['广东省', '深圳市', '南山区'] }];
  const hegang = placesMeant(shenzhen, '总结一下南山区的政协工作').find((p) => p.code !== shenzhen.code);
  assert.ok(hegang);
  assert.equal(articlesForPlace(reports, hegang).length, 0);
  assert.equal(articlesForPlace(reports, [hegang, shenzhen]).length, 1);
});
