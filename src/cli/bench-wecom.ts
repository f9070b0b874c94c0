/**
 * WeCom latency: question → finished reply on loopback, through the whole path a user's message takes — the emulated
 * gateway pushes an aibot_msg_callback frame over the long connection, the real @wecom/aibot-node-sdk receives it,
 * the bot answers with the real offline core (BM25 + extractive) and sends the finished stream reply (with its
 * sources card), which the gateway acknowledges. The emulator is the one the tests use (test/support), so this is a
 * developer command, not part of the app.
 *
 *   npm run bench:wecom [-- --questions 50] [--corpus samples/reports --corpus test/fixtures/ingest-basic]
 *
 * Prints JSON: per-question latency (p50/p95/max) and the same questions straight to the core, one at a time.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { WecomEmulator } from '../../test/support/wecom-emulator.js';
import { detectLang } from '../present/lang.js';
import { loadConfig } from '../config.js';
import { openEvalStore } from '../eval/corpus.js';
import { createQaService } from '../rag/answer.js';
import { startWecom } from '../wecom/index.js';

const { values } = parseArgs({
  options: {
    questions: { type: 'string', default: '50' },
    corpus: { type: 'string', multiple: true, default: ['samples/reports', 'test/fixtures/ingest-basic'] },
  },
});

/** Questions on the sample and fixture reports, cycled to the requested count. */
const QUESTIONS = [
  '成都市政协的民主监督关注了什么？',
  '成都已建成多少个社区养老服务综合体？',
  '兰州市政协围绕黄河生态保护提了哪些建议？',
  '苏州市政协怎样推进古城保护与有机更新？',
  '厦门海洋生产总值去年达到多少？',
  '安阳市政协乡村振兴调研走访了哪些地方？',
  '长治市政协对老工业基地转型提出了什么建议？',
  '天水市政协文旅融合协商会建议了什么？',
  '嘉峪关市政协视察了什么？',
  '白银市政协委员建言了哪些生态保护措施？',
  '总结一下兰州市政协的工作',
  'What did the Xiamen CPPCC study?',
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => +x.toFixed(1);

async function main(): Promise<void> {
  const n = Number(values.questions);
  const questions = Array.from({ length: n }, (_, i) => QUESTIONS[i % QUESTIONS.length] as string);
  const base = loadConfig({ LOG_LEVEL: 'silent' });
  const t0 = performance.now();
  const store = await openEvalStore(base, values.corpus);
  const ingestS = (performance.now() - t0) / 1000;
  const qa = createQaService({ client: store.client, cfg: store.cfg });
  const emu = await new WecomEmulator().start();
  const cfg = loadConfig({ WECOM_BOT_ID: emu.botId, WECOM_BOT_SECRET: emu.secret, WECOM_WS_URL: emu.wsUrl });
  const bot = await startWecom({ qa, log: pino({ level: 'silent' }), cfg });
  try {
    await emu.waitFor(() => emu.connected);
    // Warm-up: the first query loads the tokenizer and fills caches.
    await qa.answer(QUESTIONS[0] as string);

    const core: number[] = [];
    for (const q of questions) {
      const start = performance.now();
      await qa.answer(q, { lang: detectLang(q, undefined) });
      core.push(performance.now() - start);
    }

    const lat: number[] = [];
    let cited = 0;
    for (let i = 0; i < n; i++) {
      // A new user each time, so follow-up rewriting does not change what the core does.
      const start = Date.now();
      const reply = await emu.finished(emu.sendText(`bench${i}`, questions[i] as string), 30_000);
      lat.push((reply.finishedAt ?? Date.now()) - start);
      if (/\[1\] 《/.test(reply.content)) cited++;
    }
    process.stdout.write(
      `${JSON.stringify(
        {
          path: 'emulator aibot_msg_callback frame → aibot-node-sdk → bot → real core (offline) → finished stream reply + sources card',
          violations: emu.violations.length,
          corpus: values.corpus,
          ingest: store.ingest
            ? { articles: store.ingest.articles, chunks: store.ingest.chunks, seconds: +ingestS.toFixed(1) }
            : undefined,
          questions: n,
          repliesWithCitations: cited,
          replyMs: { p50: ms(pct(lat, 50)), p95: ms(pct(lat, 95)), max: ms(pct(lat, 100)) },
          coreOnlyMs: { p50: ms(pct(core, 50)), p95: ms(pct(core, 95)) },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await bot.stop();
    await emu.stop();
    await store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-wecom failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
