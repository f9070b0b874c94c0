import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasAbbreviation, toFullNames, toShortNames } from '../../src/text/bodies.js';

test('a government body reads the same under its short and its full name', () => {
  assert.equal(toShortNames('成都市工业和信息化局召开会议'), '成都市工信局召开会议');
  assert.equal(toFullNames('成都市工信局做了什么'), '成都市工业和信息化局做了什么');
  assert.equal(toFullNames('市发改委和住建局联合发文'), '市发展和改革委员会和住房和城乡建设局联合发文');
  // A question in full names is written out in full again (the search sends both forms).
  assert.equal(toFullNames('工业和信息化局'), '工业和信息化局');
});

test('text without a listed body is left alone; words that merely contain a short name are no body', () => {
  assert.equal(toFullNames('政协委员建议办好平台办理业务'), undefined);
  assert.equal(hasAbbreviation('学科协同发展'), false);
  assert.equal(toShortNames('市政协召开常委会议'), '市政协召开常委会议');
});
