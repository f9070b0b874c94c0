import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notInReports, onlyMentionedIn } from '../../src/rag/wording.js';

test('a refusal lists the places covered with the places inside them', () => {
  const text = notInReports('zh', [
    { name: '广东省', articles: 3 },
    { name: '深圳市', articles: 2 },
    { name: '湖南省', articles: 1 },
    { name: '江门市', articles: 1 },
  ]);
  assert.match(text, /目前的报道涉及：广东省（3篇，含深圳市2篇、江门市1篇）、湖南省（1篇）。$/);
  assert.match(
    notInReports('en', [
      { name: '广东省', articles: 3 },
      { name: '深圳市', articles: 2 },
    ]),
    /广东省 \(3\), incl\. 深圳市 \(2\)/,
  );
});

test('a place only visited in the reports: no summary, but where it is mentioned', () => {
  const text = onlyMentionedIn('密云区', ['某县政协赴密云区考察'], 'zh');
  assert.match(text, /没有关于密云区本地工作的文章/);
  assert.match(text, /《某县政协赴密云区考察》/);
});
