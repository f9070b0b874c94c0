import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAskingWord, questionType, separateAsking } from '../../src/rag/question-type.js';
import { normalizeQuery } from '../../src/text/normalize.js';

test('question types: open questions first, then the kind of fact asked for', () => {
  const cases: [string, ReturnType<typeof questionType>][] = [
    ['成都市政协做了什么', 'open'],
    ['周明远委员说了什么', 'open'],
    ['介绍一下兰州的黄河岸线修复', 'open'],
    ['这次会议有什么亮点', 'open'],
    ['有没有关于社区食堂的报道', 'open'],
    ['韩立峰委员关注什么问题', 'open'],
    ['谁估价了这件屏风？', 'person'],
    ['哪个机构扩大了登记试点？', 'org'],
    ['博览会将在哪里举办？', 'place'],
    ['协商会是哪天召开的？', 'date'],
    ['成都有多少个社区食堂？', 'number'],
    ['该市经济总量排名第几？', 'ordinal'],
    ['哪些城市启动了应急响应？', 'list'],
    ['为什么要建设物流基地？', 'why'],
    ['怎样推进乡村振兴？', 'how'],
    ['暴雨导致码头停止作业吗？', 'whether'],
    // "在哪一年", "在哪个比赛中": 在哪 asks for a place only when nothing else is named after it.
    ['消防救援队伍计划在哪一年招录消防员？', 'date'],
    ['失踪的具体时间是什么时候？', 'date'],
    ['运动员在哪个比赛中取得了优异成绩？', 'fact'],
    ['开学典礼的举办地点是哪所学校？', 'place'],
  ];
  for (const [q, type] of cases) assert.equal(questionType(q), type, q);
  // Traditional characters behave like simplified once normalised.
  assert.equal(questionType(normalizeQuery('蘭州市政協做了什麼？')), 'open');
});

test('asking words are never topic terms; open-question nouns only in open questions', () => {
  for (const w of ['做', '说', '讲', '谈', '看']) assert.equal(isAskingWord(w, 'fact'), true, w);
  assert.equal(isAskingWord('举措', 'open'), true);
  assert.equal(isAskingWord('举措', 'number'), false);
  assert.equal(isAskingWord('食堂', 'open'), false);
});

test('the asking tail is split off so the segmenter cannot glue it to a name', () => {
  assert.equal(separateAsking('深圳市发展改革委讲了什么'), '深圳市发展改革委 讲了什么');
  assert.equal(separateAsking('成都有多少个社区食堂'), '成都有多少个社区食堂');
});
