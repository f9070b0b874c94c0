import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aboutPlaces, acrossAfter, isAbout, taggedPlaces, within } from '../../src/text/place-scope.js';
import { detectPlaces } from '../../src/text/places.js';

const place = (name: string) => {
  const p = detectPlaces(name).find((x) => x.name === name);
  assert.ok(p, name);
  return p;
};

test('a county lies inside its city and its province, not inside another', () => {
  assert.ok(within(place('平顺县'), place('长治市')));
  assert.ok(within(place('平顺县'), place('山西省')));
  assert.ok(within(place('长治市'), place('长治市')));
  assert.ok(!within(place('平顺县'), place('甘肃省')));
  assert.ok(!within(place('长治市'), place('平顺县')));
});

test('a place the headline names only as a destination is not what the article is about', () => {
  const names = ['山西省', '长治市', '壶关县', '北京市', '密云区'];
  const headline = '壶关县政协赴北京密云区学习考察';
  assert.deepEqual(
    aboutPlaces(names, headline).map((p) => p.name),
    ['壶关县'],
  );
  assert.ok(isAbout(names, headline, place('山西省')));
  assert.ok(!isAbout(names, headline, place('北京市')));
  // Two committees meeting: both are the article's places.
  assert.equal(aboutPlaces(['北京市', '密云区', '山西省', '长治市'], '长治市政协与密云区政协座谈').length, 2);
});

test('"各市 / 下辖各县 / 各地 / 全省" right after a place ask across the places inside it', () => {
  const across = (q: string) => acrossAfter(q, detectPlaces(q));
  assert.equal(across('湖南各市的政协有哪些新做法'), 'city');
  assert.equal(across('怀化下辖各县政协做了什么'), 'county');
  assert.equal(across('介绍一下四川各地政协的经验'), 'any');
  assert.equal(across('总结一下湖南全省政协的履职情况'), 'any');
  assert.equal(across('怀化市政协做了什么'), undefined);
  // A body of the province asking its cities for something is no question across them.
  assert.equal(across('湖南省防汛指挥部要求各市做好哪些准备'), undefined);
});

test('stored tags resolve a name two districts of one province share by the city stored beside it', () => {
  const [county] = taggedPlaces(['黑龙江省', '佳木斯市', '向阳区']);
  assert.equal(county?.name, '向阳区');
  assert.deepEqual(county?.parents, ['黑龙江省', '佳木斯市']);
});
