/**
 * One conversation, two front ends: the HTTP API (history as `messages`, text only) and the console session (its
 * own turns, with the articles each answer cited) resolve a follow-up the same way and cite the article meant.
 * Invented reports through the real ingest and the offline core.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pino } from 'pino';
import { ConsoleSession } from '../../src/chat/session.js';
import { loadConfig } from '../../src/config.js';
import { startHttpApi, type RunningHttpApi } from '../../src/http/index.js';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import type { QaService } from '../../src/rag/service.js';
import type { Answer } from '../../src/types.js';
import { openReportStore, type SampleStore } from '../rag/helpers.js';

const PAGE = `# 宁波市商务局：打造国际会展名城

宁波市将引进一批会展龙头企业，每年举办二十场以上国际专业展会，建设东部新城会展综合体，带动酒店、物流和跨境电商发展。

# 宁波市工业和信息化局：推动制造业数字化改造

宁波市将实施“智造强市”行动，三年内完成一千家规上工业企业数字化改造，建设五个工业互联网平台，培育一批专精特新企业。

# 宁波市政协委员周海涛：发展海洋经济

宁波市政协委员周海涛建议，依托港口优势建设海洋科创走廊，设立海洋产业基金，吸引涉海高校和科研院所落户。
`;

const KEY = 'sk-follow-up';
let store: SampleStore;
let qa: QaEngine;
let api: RunningHttpApi;

before(async () => {
  store = await openReportStore({ 'ningbo.txt': PAGE });
  qa = createQaService({ client: store.client, cfg: store.cfg });
  const cfg = loadConfig({ HTTP_API_KEYS: KEY, HTTP_HOST: '127.0.0.1', HTTP_PORT: '0' });
  api = await startHttpApi({ qa, log: pino({ level: 'silent' }), cfg }, { drainMs: 1000 });
});
after(async () => {
  await api.stop();
  await store.close();
});

interface Completion {
  choices: { message: { content: string } }[];
  searched_question: string;
  citations: { title: string }[];
}

async function ask(messages: { role: string; content: string }[]): Promise<Completion> {
  const res = await fetch(`${api.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'cppcc-rag', messages }),
  });
  assert.equal(res.status, 200);
  return (await res.json()) as Completion;
}

/** The console session, with the answers it got recorded. */
function recordingConsole(): { session: ConsoleSession; answers: Answer[] } {
  const answers: Answer[] = [];
  const recorder: QaService = {
    ...qa,
    answer: async (q, opts) => {
      const a = await qa.answer(q, opts);
      answers.push(a);
      return a;
    },
  };
  return { session: new ConsoleSession(recorder), answers };
}

for (const [first, followUp, meant] of [
  ['宁波市商务局有什么计划？', '工信局呢？', '宁波市工业和信息化局'],
  ['宁波市政协委员周海涛关注什么？', '他建议设立什么基金？', '周海涛'],
] as const) {
  test(`"${followUp}" after "${first}" resolves alike through the HTTP API and the console`, async () => {
    const one = await ask([{ role: 'user', content: first }]);
    const http = await ask([
      { role: 'user', content: first },
      { role: 'assistant', content: one.choices[0]?.message.content ?? '' },
      { role: 'user', content: followUp },
    ]);
    const { session, answers } = recordingConsole();
    await session.handle(first);
    await session.handle(followUp);
    const console = answers.at(-1);
    assert.ok(console);
    assert.equal(http.searched_question, console.searchedQuestion);
    assert.notEqual(http.searched_question.replace(/[?？]/g, ''), followUp.replace(/[?？]/g, ''));
    assert.ok(http.citations[0]?.title.includes(meant), `HTTP cites ${http.citations[0]?.title}`);
    assert.ok(console.citations[0]?.title.includes(meant), `console cites ${console.citations[0]?.title}`);
  });
}
