/** Place gazetteer: names with and without suffix, parents, ambiguity, and common words that are not places. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectPlaces, placeNames } from '../../src/text/places.js';

const names = (text: string): string[] => placeNames(detectPlaces(text));

test('cities resolve with or without 市, with their province', () => {
  assert.deepEqual(names('深圳市政协主席会议哪天召开？'), ['广东省', '深圳市']);
  assert.deepEqual(names('深圳呢？'), ['广东省', '深圳市']);
  assert.deepEqual(names('嘉峪关呢？'), ['甘肃省', '嘉峪关市']);
  assert.deepEqual(names('天水市政协副主席'), ['甘肃省', '天水市']);
  const [jyg] = detectPlaces('嘉峪关市');
  assert.equal(jyg?.level, 'city');
  assert.equal(jyg?.code, '6202');
});

test('counties resolve with their suffix or their city/province context, most specific first', () => {
  assert.deepEqual(detectPlaces('鸡东县政协')[0], {
    name: '鸡东县',
    level: 'county',
    code: '230321',
    parents: ['黑龙江省', '鸡西市'],
  });
  assert.deepEqual(names('怀化市鹤城区'), ['湖南省', '怀化市', '鹤城区']);
  assert.deepEqual(names('鸡西市鸡东的委员'), ['黑龙江省', '鸡西市', '鸡东县']);
  assert.deepEqual(names('鸡东的情况怎么样'), []);
  assert.equal(detectPlaces('安徽省界首市和怀化市')[0]?.name, '界首市');
});

test('"朝阳" is the Liaoning city or the Beijing district by context, and nothing on its own', () => {
  assert.deepEqual(names('辽宁朝阳'), ['辽宁省', '朝阳市']);
  assert.deepEqual(names('北京朝阳的政协'), ['北京市', '朝阳区']);
  assert.deepEqual(names('朝阳市'), ['辽宁省', '朝阳市']);
  assert.deepEqual(names('发展朝阳产业'), []);
});

test('everyday words are not places', () => {
  assert.deepEqual(names('确保长治久安'), []);
  assert.deepEqual(names('新县城建设和城区改造'), []);
  assert.deepEqual(names('长治市政协'), ['山西省', '长治市']);
});

test('provinces and autonomous regions by short name', () => {
  assert.deepEqual(names('内蒙古'), ['内蒙古自治区']);
  assert.deepEqual(names('广西的委员'), ['广西壮族自治区']);
  assert.deepEqual(names('吉林省'), ['吉林省']);
});

test('a short name before 政协 or 下辖 is a place; a city is not mistaken for its namesake county', () => {
  const own = (t: string): string[] => detectPlaces(t).map((p) => p.name);
  assert.deepEqual(own('总结一下朝阳的政协工作'), ['朝阳市']);
  assert.deepEqual(own('黄山下辖各县的政协做了什么'), ['黄山市']);
  assert.deepEqual(own('总结一下澧县的政协工作'), ['澧县']);
  assert.deepEqual(own('总结一下抚顺的政协工作'), ['抚顺市']);
  assert.deepEqual(own('抚顺县政协召开会议'), ['抚顺县']);
  // Any town's district is no place of its own.
  assert.deepEqual(own('城区政协委员走访社区'), []);
});
