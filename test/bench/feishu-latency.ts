/**
 * Feishu front end latency on loopback: a user's message enters the Feishu open platform emulator, travels to
 * the bot over the real SDK (long connection: protobuf frames; or event callbacks: HTTP), the real answer core
 * answers (offline: BM25 + extractive over a fresh embedded store), and the bot's reply card reaches the
 * emulator's im/v1 API. Timed from the user's send to the card being stored.
 *
 *   npm run bench:feishu -- [--questions q.jsonl] [--corpus path ...] [--n 50] [--mode ws|webhook] [--burst 20]
 *
 * Without --questions, a built-in list of questions about samples/reports is cycled; without --corpus the
 * samples are ingested. Phase 1: n questions one at a time (p50/p95 end to end, and the same questions straight
 * to the core, so the front end's own share is visible). Phase 2: `burst` questions sent at once from
 * different chats (all must be answered, each in its own chat).
 * Lives under test/ because it drives the test emulator (a dev dependency), not production code.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { loadQuestions } from '../../src/eval/questions.js';
import { openEvalStore } from '../../src/eval/corpus.js';
import { startFeishu } from '../../src/feishu/start.js';
import { createQaService } from '../../src/rag/answer.js';
import { FeishuEmulator, textOf, type EmuMessage } from '../support/feishu-emulator.js';

const SAMPLES = fileURLToPath(new URL('../../samples/reports', import.meta.url));

/** Questions a reader might ask about the sample reports (written for this bench). */
const BUILT_IN = [
  '苏州市政协围绕古城保护开展了哪些协商？',
  '苏州古城保护专题协商会是哪天召开的？',
  '兰州市政协就黄河生态保护提出了什么建议？',
  '兰州市政协常委会会议讨论了什么议题？',
  '厦门市政协最近开展了哪些活动？',
  '成都市政协做了哪些工作？',
  '委员们对历史街区更新有什么建议？',
  '总结一下苏州的报道',
  '黄河兰州段的调研看了哪些地方？',
  '政协委员如何参与城市更新？',
  'What did the Lanzhou CPPCC discuss about the Yellow River?',
  '有没有关于火星探测的报道？',
];

const { values } = parseArgs({
  options: {
    questions: { type: 'string' },
    corpus: { type: 'string', multiple: true, default: [] },
    n: { type: 'string', default: '50' },
    burst: { type: 'string', default: '20' },
    mode: { type: 'string', default: 'ws' },
  },
});

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const fmt = (xs: number[]) =>
  `p50 ${pct(xs, 50).toFixed(1)} ms · p95 ${pct(xs, 95).toFixed(1)} ms · max ${Math.max(...xs).toFixed(1)} ms · mean ${(xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(1)} ms`;

async function main(): Promise<void> {
  const n = Number(values.n);
  const burst = Number(values.burst);
  const mode = values.mode === 'webhook' ? 'webhook' : 'ws';
  const pool = values.questions ? (await loadQuestions(values.questions)).map((q) => q.question) : BUILT_IN;
  const corpus = values.corpus.length > 0 ? values.corpus : [SAMPLES];

  const log = pino({ level: 'silent' });
  const store = await openEvalStore(loadConfig({}), corpus, { log });
  const qa = createQaService({ client: store.client, cfg: store.cfg, log });
  const emu = await new FeishuEmulator().start();
  const cfg = loadConfig({
    FEISHU_APP_ID: emu.appId,
    FEISHU_APP_SECRET: emu.appSecret,
    FEISHU_DOMAIN: emu.base,
    FEISHU_MODE: mode,
  });
  const bot = await startFeishu({ qa, log, cfg }, { host: '127.0.0.1', port: 0 });
  if (bot.webhookUrl) emu.webhookUrl = bot.webhookUrl;
  process.stdout.write(
    `Feishu bench: mode ${mode}, ${store.ingest?.articles ?? '?'} articles, offline core, emulator at ${emu.base}\n`,
  );

  const replyTo = (id: string) => (m: EmuMessage) => m.from === 'bot' && m.parentId === id;
  try {
    // Warm-up: first query loads the tokenizer and the store.
    const w = await emu.send({ chatId: 'oc_warm', chatType: 'p2p', text: pool[0]! });
    await emu.waitFor(replyTo(w), 60_000);

    const e2e: number[] = [];
    const core: number[] = [];
    let cited = 0;
    for (let i = 0; i < n; i++) {
      const q = pool[i % pool.length]!;
      const t0 = performance.now();
      const id = await emu.send({ chatId: `oc_seq_${i}`, chatType: 'p2p', text: q });
      const m = await emu.waitFor(replyTo(id), 60_000);
      e2e.push(m.createdHr - t0);
      if (/\[1\] 《/.test(textOf(m.content))) cited++;
      const c0 = performance.now();
      await qa.answer(q);
      core.push(performance.now() - c0);
    }
    process.stdout.write(`phase 1: ${n} questions one at a time (${cited} cited answers)\n`);
    process.stdout.write(`  question → reply card (end to end): ${fmt(e2e)}\n`);
    process.stdout.write(`  answer core alone (same questions):  ${fmt(core)}\n`);

    const t0 = performance.now();
    const sent = await Promise.all(
      Array.from({ length: burst }, (_, i) =>
        emu
          .send({ chatId: `oc_burst_${i}`, chatType: 'p2p', text: pool[i % pool.length]! })
          .then((id) => ({ id, i })),
      ),
    );
    const got = await Promise.all(sent.map(({ id }) => emu.waitFor(replyTo(id), 120_000)));
    const wall = performance.now() - t0;
    const right = got.every((m, k) => m.chatId === `oc_burst_${sent[k]!.i}`);
    const lat = got.map((m) => m.createdHr - t0);
    process.stdout.write(
      `phase 2: ${burst} questions at once from ${burst} chats: all answered ${got.length === burst && right ? 'yes, each in its own chat' : 'NO'} in ${wall.toFixed(0)} ms (${((burst / wall) * 1000).toFixed(1)} answers/s); reply ${fmt(lat)}\n`,
    );
    process.stdout.write(
      `platform calls: ${emu.calls.length} (${emu.calls.filter((c) => c.status !== 200).length} failed); undelivered events: ${emu.failedDeliveries.length}\n`,
    );
  } finally {
    await bot.stop();
    await emu.stop();
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
