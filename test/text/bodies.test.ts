import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BODIES,
  bodySpellings,
  findBodies,
  hasAbbreviation,
  toFullNames,
  toShortNames,
} from '../../src/text/bodies.js';

test('a government body reads the same under its short and its full name', () => {
  assert.equal(toShortNames('成都市工业和信息化局召开会议'), '成都市工信局召开会议');
  assert.equal(toFullNames('成都市工信局做了什么'), '成都市工业和信息化局做了什么');
  assert.equal(toFullNames('市发改委和住建局联合发文'), '市发展和改革委员会和住房和城乡建设局联合发文');
  assert.equal(toFullNames('工业和信息化局'), '工业和信息化局');
});

test('the official short form (和 dropped, 委员会 → 委) is the same body as the full and the everyday name', () => {
  const spellings = ['青石市发改委', '青石市发展改革委', '青石市发展和改革委员会', '青石市发展改革委员会'];
  for (const s of spellings) assert.equal(toShortNames(s), '青石市发改委', s);
  assert.equal(toShortNames('省卫生健康委员会'), '省卫健委');
  assert.equal(toShortNames('县人力资源社会保障局'), '县人社局');
  assert.equal(toShortNames('市市场监督管理局'), toShortNames('市市场监管局'));
  assert.equal(toShortNames('区科学技术局'), '区科技局');
});

test('search gets every standard spelling of a body, and nothing for text without one', () => {
  assert.deepEqual(bodySpellings('青石市发改委有什么举措').sort(), [
    '青石市发展和改革委员会有什么举措',
    '青石市发展改革委有什么举措',
  ]);
  assert.deepEqual(bodySpellings('青石市政协召开常委会议'), []);
});

test('words that merely contain a body name are no body', () => {
  assert.equal(toFullNames('政协委员建议办好平台办理业务'), undefined);
  assert.equal(hasAbbreviation('学科协同发展'), false);
  assert.equal(hasAbbreviation('各级教育部门要加强协作'), false);
  assert.equal(hasAbbreviation('扭转应急局面'), false);
  assert.equal(hasAbbreviation('推进对外办学'), false);
  assert.equal(toShortNames('市政协召开常委会议'), '市政协召开常委会议');
  // …while the same short names after a level are bodies.
  assert.equal(hasAbbreviation('市外办负责接待'), true);
  assert.equal(hasAbbreviation('市科技局部署工作'), true);
});

test('a body is found with the place written before it', () => {
  const [first, second] = findBodies('深圳市发展改革委与市工信局联合调研');
  assert.equal(first?.body.short, '发改委');
  assert.equal(first?.place, '深圳市');
  assert.equal(second?.body.full, '工业和信息化局');
  assert.equal(second?.place, '市');
  assert.deepEqual(findBodies('青石县政协召开会议'), []);
});

test('every listed body has distinct spellings and one canonical short name among them', () => {
  for (const b of BODIES) {
    assert.ok(b.spellings.includes(b.full), b.full);
    assert.equal(toShortNames(b.full), b.short, b.full);
    for (const s of b.spellings) assert.equal(toShortNames(`市${s}`), `市${b.short}`, s);
  }
});
