/**
 * Whether a report sentence answers the asked slot, on invented report text: the role must be the asked
 * place's and have a holder, the count must be of the counted thing, a place named in a list or a trip is no
 * answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bindsSlot, nameAfter, type SentenceContext } from '../../src/rag/answerability.js';
import { questionType } from '../../src/rag/question-type.js';
import { askedSlot } from '../../src/rag/slot.js';

const binds = (q: string, sentence: string, article: Partial<SentenceContext> = {}): boolean =>
  bindsSlot(askedSlot(q, questionType(q)), {
    sentence,
    near: article.near ?? [],
    headline: article.headline ?? '',
    places: article.places ?? [],
  });

const MIANYANG = { places: ['四川省', '绵阳市'], headline: '绵阳市政协召开常委会议' };
const DEYANG = { places: ['四川省', '德阳市'], headline: '德阳市政协召开常委会议' };

test('a role held by a named person of the asked place answers', () => {
  assert.ok(binds('绵阳市政协主席是谁？', '绵阳市政协主席张建华出席会议并讲话。'));
  assert.ok(binds('绵阳市政协主席是谁？', '会议由绵阳市政协党组书记、主席张建华主持。'));
  // Written bare, the role is the article's place's.
  assert.ok(binds('绵阳市政协主席是谁？', '市政协主席张建华主持会议。', MIANYANG));
  assert.ok(!binds('绵阳市政协主席是谁？', '市政协主席张建华主持会议。', DEYANG));
  // The role named first as part of an event's name, then with its holder.
  assert.ok(
    binds('绵阳市委书记是谁？', '绵阳市举行“市委书记接待日”活动，市委书记陈强与群众面对面交流。', MIANYANG),
  );
});

test('another place, a deputy, or no holder is no answer', () => {
  // Another place's chair on a trip to the asked one.
  assert.ok(!binds('绵阳市政协主席是谁？', '德阳市政协主席李明率队到绵阳市考察产业园区。'));
  assert.ok(!binds('绵阳市政协主席是谁？', '绵阳市政协副主席王芳介绍了有关情况。'));
  // The role without anyone holding it.
  assert.ok(
    !binds('平武县的县委书记是谁？', '全年收到县委书记批示5件次。', { places: ['绵阳市', '平武县'] }),
  );
  // A district's chair is not the city's; a title of another body named before it is not the asked one's.
  assert.ok(!binds('绵阳市政协主席是谁？', '绵阳市涪城区政协主席赵刚表示。'));
  assert.ok(!binds('绵阳市委书记是谁？', '绵阳市委常委、江油市委书记陈强出席活动。', MIANYANG));
});

test('a company role needs the company', () => {
  assert.ok(binds('蓝星电机的董事长是谁？', '蓝星电机董事长刘强介绍，企业去年产值翻番。'));
  assert.ok(!binds('蓝星电机的董事长是谁？', '委员们走访了蓝星电机、红旗机床等企业。'));
});

test('a count must be of the counted thing', () => {
  assert.ok(binds('绵阳市政协走访了多少户企业？', '全年走访企业120户，收集意见建议86条。', MIANYANG));
  assert.ok(binds('绵阳市政协走访了多少户企业？', '委员们深入40余户企业调研。', MIANYANG));
  assert.ok(!binds('红岩实验室有多少名科研人员？', '红岩实验室组织30位委员开展调研。'));
  // "一批" is no count either.
  assert.ok(!binds('绵阳市组织了多少名执法人员？', '执法人员还查处了一批违法企业。', MIANYANG));
  // "这一课题" holds no count of 课题.
  assert.ok(!binds('绵阳市完成了多少项课题？', '市政协将这一课题列入年度计划。', MIANYANG));
});

test('a measure must carry its unit', () => {
  assert.ok(binds('会展中心的展览面积有多大？', '会展中心展览面积达5万平方米。'));
  assert.ok(!binds('会展中心的展览面积有多大？', '会展中心共设3个展厅，可同时举办两场展会。'));
});

test('a place named only in a list or in passing is not the subject', () => {
  assert.ok(!binds('广元市组织了多少位委员？', '考察团先后到德阳、广元、绵阳等地，组织了40位委员。', DEYANG));
  assert.ok(binds('广元市组织了多少位委员？', '广元市政协组织了40位委员。'));
});

test('what the verb takes: the verb or the class noun must be there', () => {
  assert.ok(!binds('蓝星电机生产什么产品？', '蓝星电机等企业的负责人参加了座谈。'));
  assert.ok(binds('蓝星电机生产什么产品？', '蓝星电机主要生产新能源汽车驱动电机。'));
});

test('a date must be as specific as a month', () => {
  assert.ok(binds('红岩水库是哪一年建成的？', '红岩水库于1978年建成，灌溉农田十万亩。'));
  assert.ok(!binds('红岩水库是哪一年建成的？', '近日，委员们来到红岩水库视察。'));
});

test('names after titles', () => {
  assert.equal(nameAfter('张建华出席会议'), '张建华');
  assert.equal(nameAfter('张华说，'), '张华');
  assert.equal(nameAfter('批示5件次'), undefined);
  assert.equal(nameAfter('格尔利奇·拉德曼会谈'), '格尔利奇·拉德曼');
});

test('the class a question asks for is the one after its interrogative, and the class written answers which one', () => {
  // "什么常委会议": a report telling the meeting by its topic names the class; a sentence about another thing does not.
  assert.ok(
    binds('绵阳市政协开展了什么常委会议？', '绵阳市政协召开常委会议，专题议政城乡供水一体化。', MIANYANG),
  );
  assert.ok(!binds('绵阳市政协开展了什么常委会议？', '绵阳市政协组织委员赴企业调研。', MIANYANG));
  // "会议聚焦什么" asks what it was about: the meeting is the subject, not the answer's class.
  assert.ok(
    binds('绵阳市政协的常委会议聚焦什么？', '绵阳市政协召开常委会议，专题议政城乡供水一体化。', MIANYANG),
  );
});
