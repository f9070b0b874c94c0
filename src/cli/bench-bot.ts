/**
 * Bot latency figures: time from an update entering the bot to its answer being sent, through the real
 * middleware (flood control, sequentialize, handlers, formatting) and the real answer core (offline: BM25 +
 * extractive), with the Bot API faked in-process so Telegram's network is not measured.
 *
 *   npx tsx src/cli/bench-bot.ts --questions q.jsonl [--corpus docs.jsonl ...] [--single 200] [--chats 50] [--per-chat 10]
 *
 * Phase 1: questions one at a time (median, p95), and the same questions straight to the core. Phase 2a:
 * `chats` private chats at once, each asking `per-chat` questions and waiting for each answer (closed loop).
 * Phase 2b: the same load as one burst, all updates delivered at once as the runner would; every reply is
 * checked to be in the right chat, replying to the right question, with exactly the answer the core gives for
 * that question and that chat's history (no lost or crossed replies).
 * With --corpus the documents are ingested into a fresh temporary embedded store first; else the configured
 * store is used. Flood control is raised for phase 2 (the burst is deliberate).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Transformer } from 'grammy';
import type { Message, Update, UserFromGetMe } from 'grammy/types';
import { pino } from 'pino';
import { createBot } from '../bot/bot.js';
import { formatAnswer } from '../present/telegram.js';
import { detectLang } from '../present/lang.js';
import { texts } from '../present/texts.js';
import { turnOf } from '../rag/turns.js';
import { loadConfigFromEnvFile } from '../config.js';
import { openEvalStore } from '../eval/corpus.js';
import { createQaService } from '../rag/answer.js';
import type { QaService } from '../rag/service.js';
import type { Turn } from '../types.js';

const { values } = parseArgs({
  options: {
    questions: { type: 'string' },
    corpus: { type: 'string', multiple: true, default: [] },
    single: { type: 'string', default: '200' },
    chats: { type: 'string', default: '50' },
    'per-chat': { type: 'string', default: '10' },
  },
});
if (!values.questions) {
  process.stderr.write('usage: npx tsx src/cli/bench-bot.ts --questions q.jsonl [--corpus docs.jsonl ...]\n');
  process.exit(1);
}

const BOT: UserFromGetMe = {
  id: 1,
  is_bot: true,
  first_name: 'bench',
  username: 'bench_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

interface Reply {
  chatId: number;
  replyTo: number | undefined;
  text: string;
  at: number;
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => +x.toFixed(1);

function makeBot(qa: QaService, replies: Reply[]) {
  const nextId = new Map<number, number>();
  const fake = (async (_prev: unknown, method: string, p: Record<string, unknown>) => {
    if (method !== 'sendMessage' && method !== 'editMessageText') return { ok: true, result: true };
    const chatId = Number(p.chat_id);
    const id = method === 'sendMessage' ? (nextId.get(chatId) ?? 1_000_000) + 1 : Number(p.message_id);
    if (method === 'sendMessage') nextId.set(chatId, id);
    const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
    replies.push({ chatId, replyTo, text: String(p.text), at: performance.now() });
    return {
      ok: true,
      result: { message_id: id, date: 0, chat: { id: chatId, type: 'private' }, text: p.text },
    };
  }) as unknown as Transformer;
  return createBot(
    'bench:token',
    {
      qa,
      log: pino({ level: 'silent' }),
      adminIds: [],
      options: { rateLimit: { windowMs: 1000, limit: 1_000_000 } },
    },
    { botInfo: BOT, transformers: [fake] },
  ).bot;
}

function update(updateId: number, chatId: number, messageId: number, text: string): Update {
  return {
    update_id: updateId,
    message: {
      message_id: messageId,
      date: 0,
      chat: { id: chatId, type: 'private', first_name: 'u' },
      from: { id: chatId, is_bot: false, first_name: 'u' },
      text,
    } as Message,
  } as Update;
}

async function main(): Promise<void> {
  const cfg = await loadConfigFromEnvFile();
  const questions = (await readFile(values.questions as string, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => (JSON.parse(l) as { question: string }).question);
  const t0 = performance.now();
  const store = await openEvalStore({ ...cfg, OPENAI_API_KEY: undefined }, values.corpus);
  const ingestS = (performance.now() - t0) / 1000;
  const qa = createQaService({ client: store.client, cfg: store.cfg });
  try {
    // Warm-up: first queries load the tokenizer and fill caches.
    await qa.answer(questions[0] ?? '政协');
    const n1 = Math.min(Number(values.single), questions.length);

    // The questions straight to the core first (so caches favour the bot pass, not this one): the difference
    // is the bot's own overhead.
    const core1: number[] = [];
    for (let i = 0; i < n1; i++) {
      const start = performance.now();
      await qa.answer(questions[i] as string, { lang: detectLang(questions[i], undefined) });
      core1.push(performance.now() - start);
    }

    // Phase 1: one question at a time.
    const replies1: Reply[] = [];
    const bot1 = makeBot(qa, replies1);
    const lat1: number[] = [];
    for (let i = 0; i < n1; i++) {
      const before = replies1.length;
      const start = performance.now();
      await bot1.handleUpdate(update(i + 1, 10_000 + i, 1, questions[i] as string));
      const r = replies1.slice(before).find((x) => x.replyTo === 1);
      if (!r) throw new Error(`no reply to question ${i}`);
      lat1.push(r.at - start);
    }
    // Phase 2a: closed loop — each chat waits for its answer before asking the next question.
    const chatsN = Number(values.chats);
    const perN = Number(values['per-chat']);
    const replies3: Reply[] = [];
    const bot3 = makeBot(qa, replies3);
    const lat3: number[] = [];
    let uid3 = 1;
    const start3 = performance.now();
    await Promise.all(
      Array.from({ length: chatsN }, async (_, c) => {
        for (let k = 0; k < perN; k++) {
          const chatId = 30_000 + c;
          const q = questions[(c * perN + k) % questions.length] as string;
          const t = performance.now();
          await bot3.handleUpdate(update(uid3++, chatId, k + 1, q));
          const r = replies3.find((x) => x.chatId === chatId && x.replyTo === k + 1);
          if (r) lat3.push(r.at - t);
        }
      }),
    );
    const wall3 = performance.now() - start3;

    // Phase 2: many chats at once, each with its own sequence of questions.
    const chats = Number(values.chats);
    const per = Number(values['per-chat']);
    const plan = Array.from({ length: chats }, (_, c) =>
      Array.from({ length: per }, (_, k) => questions[(c * per + k) % questions.length] as string),
    );
    const replies2: Reply[] = [];
    const bot2 = makeBot(qa, replies2);
    const sentAt = new Map<string, number>();
    const start2 = performance.now();
    let uid = 1;
    const jobs: Promise<void>[] = [];
    for (let k = 0; k < per; k++) {
      for (let c = 0; c < chats; c++) {
        const chatId = 20_000 + c;
        sentAt.set(`${chatId}:${k + 1}`, performance.now());
        jobs.push(bot2.handleUpdate(update(uid++, chatId, k + 1, plan[c]?.[k] as string)));
      }
    }
    await Promise.all(jobs);
    const wall2 = performance.now() - start2;

    // Expected replies: replay each chat's questions with the same history the bot keeps.
    let lost = 0;
    let crossed = 0;
    const lat2: number[] = [];
    for (let c = 0; c < chats; c++) {
      const chatId = 20_000 + c;
      const turns: Turn[] = [];
      const got = replies2.filter((r) => r.chatId === chatId);
      if (got.length !== per) lost += Math.max(0, per - got.length);
      for (let k = 0; k < per; k++) {
        const q = plan[c]?.[k] as string;
        const lang = detectLang(q, undefined);
        const a = await qa.answer(q, { turns: [...turns], lang });
        // The turn exactly as the bot keeps it (with the articles its answer cited), so follow-ups resolve alike.
        turns.push(turnOf(q, a));
        if (turns.length > 6) turns.shift();
        const r = got.find((x) => x.replyTo === k + 1);
        if (!r) {
          lost++;
          continue;
        }
        if (r.text !== formatAnswer(a, texts(lang)).text) crossed++;
        lat2.push(r.at - (sentAt.get(`${chatId}:${k + 1}`) ?? 0));
      }
    }
    const total2 = chats * per;
    process.stdout.write(
      `${JSON.stringify(
        {
          core: 'real (offline: BM25 + extractive), embedded store',
          corpus: values.corpus.length ? values.corpus : 'configured store',
          ingest: store.ingest
            ? { articles: store.ingest.articles, chunks: store.ingest.chunks, seconds: +ingestS.toFixed(1) }
            : undefined,
          sequential: {
            questions: n1,
            medianMs: ms(pct(lat1, 50)),
            p95Ms: ms(pct(lat1, 95)),
            maxMs: ms(pct(lat1, 100)),
            coreOnlyMedianMs: ms(pct(core1, 50)),
            coreOnlyP95Ms: ms(pct(core1, 95)),
          },
          concurrentClosedLoop: {
            chats: chatsN,
            perChat: perN,
            replies: lat3.length,
            wallSeconds: +(wall3 / 1000).toFixed(2),
            answersPerSecond: +((chatsN * perN) / (wall3 / 1000)).toFixed(1),
            medianMs: ms(pct(lat3, 50)),
            p95Ms: ms(pct(lat3, 95)),
          },
          concurrentBurst: {
            chats,
            perChat: per,
            replies: replies2.length,
            lost,
            crossed,
            wallSeconds: +(wall2 / 1000).toFixed(2),
            answersPerSecond: +(total2 / (wall2 / 1000)).toFixed(1),
            medianMs: ms(pct(lat2, 50)),
            p95Ms: ms(pct(lat2, 95)),
          },
        },
        null,
        2,
      )}\n`,
    );
    if (lost > 0 || crossed > 0) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench-bot failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
