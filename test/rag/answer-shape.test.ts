import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answerShape, shapeFit } from '../../src/rag/answer-shape.js';
import { questionType } from '../../src/rag/question-type.js';

const fit = (question: string, sentence: string): number =>
  shapeFit(sentence, answerShape(question, questionType(question)));

test('a 谁 question needs a person the question does not already name', () => {
  const q = '谁要求政变军人释放总统马塔里？';
  assert.equal(fit(q, '总统马塔里目前仍被扣押在首都。'), 0);
  assert.equal(fit(q, '地区组织领导人当天召开紧急会议，要求政变军人立即放人。'), 1);
  assert.equal(fit(q, '推特首席执行官琳达·亚卡里诺发文宣布此事。'), 1);
});

test('an agency question wants a named organisation, not a category in a list', () => {
  const q = '哪个机构扩大了登记试点？';
  assert.equal(fit(q, '支持在银行、汽车金融公司等金融机构设立服务站。'), 0);
  assert.equal(fit(q, '据省交通运输厅消息，试点范围进一步扩大。'), 1);
});

test('a 多少 question is not answered by a date, and 增长了多少 wants a percentage', () => {
  assert.equal(fit('导弹的射程是多少？', '当地时间2023年7月25日，展示了新型导弹。'), 0);
  assert.equal(fit('导弹的射程是多少？', '射程300至1000公里的巡航导弹已配备部队。'), 1);
  const pct = '申请人数同比下降了多少？';
  assert.equal(fit(pct, '与2022年同期相比，下降约7%。'), 1);
  assert.equal(fit(pct, '截至5月底，已有23414名男女提出申请。'), 0.5);
  assert.equal(fit('停工预计持续多久？', '工人将停工24小时。'), 1);
});

test('a date is as specific as asked: the year for 哪一年, the time of day for 具体时间, a span for 时间段', () => {
  assert.equal(fit('在哪一年招录消防员？', '8月10日前可登录平台报名。'), 0.3);
  assert.equal(fit('在哪一年招录消防员？', '正式启动2023年消防员招录工作。'), 1);
  const when = '失踪的具体时间是什么时候？';
  assert.ok(
    fit(when, '7月19日上午10点30分左右，她最后一次出现。') > fit(when, '当地时间7月19日，一名女子失踪。'),
  );
  const span = '需要在什么时间段内完成备案？';
  assert.ok(
    fit(span, '2023年9月至2024年3月底，已开展业务的应用须完成备案。') >
      fit(span, '自2023年9月1日起须先备案。'),
  );
});

test('what/which questions: the verb of the question with what it takes, the class of the name asked', () => {
  assert.equal(fit('提高什么意识？', '提醒留学生切实提高防范意识。'), 1);
  assert.equal(fit('不法分子通常冒充什么身份？', '不法分子冒充公检法人员声称当事人涉嫌违法。'), 0.6);
  assert.equal(fit('不法分子通常冒充什么身份？', '当事人被要求离家断绝联系。'), 0);
  // "X是什么" asks what X is: 要求 is no verb taking the answer.
  assert.equal(answerShape('通知提出的工作要求是什么？', 'fact').verb, undefined);
  assert.equal(fit('开营仪式在哪所学校举行？', '夏令营在南京市艺术小学举行开营仪式。'), 1);
  assert.equal(fit('开营仪式在哪所学校举行？', '近500人出席了仪式。'), 0);
  assert.equal(fit('哪些省份启动了应急响应？', '针对内蒙古、辽宁、吉林启动四级应急响应。'), 1);
});
