/** The asked slot of a factoid: the entities it is about and what it asks of them (invented questions). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { questionType } from '../../src/rag/question-type.js';
import { askedSlot, slotOfPlan } from '../../src/rag/slot.js';

const slotOf = (q: string) => askedSlot(q, questionType(q));
const texts = (q: string): string[] => slotOf(q).entities.map((e) => e.text);

test('who holds a role: the role and the place whose it is', () => {
  const s = slotOf('绵阳市政协主席是谁？');
  assert.equal(s.kind, 'role');
  assert.equal(s.role, '政协主席');
  assert.equal(s.roleHead, '主席');
  assert.equal(s.roleBody, '政协');
  assert.deepEqual(texts('绵阳市政协主席是谁？'), ['绵阳市']);
  assert.equal(slotOf('江油市委书记是谁？').role, '市委书记');
});

test('a role of a company or school: the named owner is the entity', () => {
  const s = slotOf('蓝星电机的董事长是谁？');
  assert.equal(s.kind, 'role');
  assert.equal(s.role, '董事长');
  assert.deepEqual(texts('蓝星电机的董事长是谁？'), ['蓝星电机']);
});

test('how many: what is counted, without the verb after it', () => {
  const s = slotOf('绵阳市政协组织了多少位委员视察？');
  assert.equal(s.kind, 'count');
  assert.equal(s.counted, '委员');
  assert.deepEqual(texts('绵阳市政协组织了多少位委员视察？'), ['绵阳市']);
  assert.equal(slotOf('红岩实验室有多少名科研人员？').counted, '科研人员');
  assert.deepEqual(texts('红岩实验室有多少名科研人员？'), ['红岩实验室']);
});

test('a measure asks for its unit, not a count', () => {
  const s = slotOf('江油市有多少人口？');
  assert.equal(s.kind, 'measure');
  assert.ok(s.units?.test('万人'));
  assert.equal(slotOf('会展中心的展览面积有多大？').kind, 'measure');
});

test('when, where, which body, what the verb takes', () => {
  assert.equal(slotOf('红岩水库是哪一年建成的？').kind, 'date');
  assert.deepEqual(texts('红岩水库是哪一年建成的？'), ['红岩水库']);
  assert.equal(slotOf('政协委员周晓梅在哪个单位工作？').kind, 'org');
  assert.deepEqual(texts('政协委员周晓梅在哪个单位工作？'), ['周晓梅']);
  const thing = slotOf('蓝星电机生产什么产品？');
  assert.equal(thing.kind, 'thing');
  assert.equal(thing.shape.verb, '生产');
});

test('a speaker ends the subject: the verb of saying is no part of the name', () => {
  assert.deepEqual(texts('周晓梅建议建设什么平台？'), ['周晓梅']);
  // An opening occasion ("在…中") frames the question; it is not what the answer must name.
  assert.deepEqual(
    texts('在“清河行”活动中，志愿服务队走访了多少户家庭？').filter((t) => t.includes('清河')),
    [],
  );
});

test('lists and open questions ask nothing a single sentence must hold', () => {
  assert.equal(slotOf('周晓梅关注了哪些企业？').kind, 'none');
  assert.equal(slotOf('绵阳市政协做了什么？').kind, 'none');
});

test('a month the date filter enforces is not part of what the sentence must state', () => {
  const time = {
    from: '2026-04-01',
    to: '2026-05-01',
    relative: true,
    recent: false,
    year: 2026,
    words: '上个月',
  };
  const q = '4月宜宾市政协召开的专题协商会讨论了什么议题?';
  const dated = slotOfPlan({ searchText: q, type: questionType(q), time });
  assert.doesNotMatch(dated.question, /4月/);
  // Without a period filter the month stays: it is then part of the question.
  assert.match(slotOfPlan({ searchText: q, type: questionType(q) }).question, /4月/);
  // A day is never a period word.
  const day = '4月12日宜宾市政协召开的专题协商会讨论了什么议题?';
  assert.match(slotOfPlan({ searchText: day, type: questionType(day), time }).question, /4月12日/);
});
