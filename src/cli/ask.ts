/**
 * npm run ask -- "问题" [--json]
 * Answers one question against the configured store: the answer text, then numbered sources
 * 《标题》第p段 · 日期. With --json: the Answer plus the query plan, retrieval scores, refusal check and the
 * paragraphs read, to see why an answer came out as it did.
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfigFromEnvFile } from '../config.js';
import { createChatModel } from '../llm/chat.js';
import { createEmbedder } from '../llm/embeddings.js';
import { createQaService } from '../rag/answer.js';
import { openStore } from '../store/connect.js';
import type { Citation } from '../types.js';

function sourceLine(c: Citation): string {
  const paras = c.paragraphs.map((p) => `第${p}段`).join('、');
  return `[${c.n}] 《${c.title}》${paras}${c.date ? ` · ${c.date}` : ''}`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, offline: { type: 'boolean', default: false } },
  });
  const question = positionals.join(' ').trim();
  if (question === '') {
    process.stderr.write('usage: npm run ask -- "问题" [--json] [--offline]\n');
    process.exitCode = 2;
    return;
  }
  const cfg = await loadConfigFromEnvFile();
  const log = pino({ level: cfg.LOG_LEVEL === 'info' ? 'warn' : cfg.LOG_LEVEL }, pino.destination(2));
  const chat = values.offline ? undefined : createChatModel(cfg);
  const embedder = values.offline ? undefined : createEmbedder(cfg);
  const store = await openStore(cfg, log);
  try {
    const engine = createQaService({
      client: store.client,
      cfg,
      ...(chat ? { chat } : {}),
      ...(embedder ? { embedder } : {}),
      log,
    });
    const e = await engine.explain(question, values.json ? {} : { onPartial: () => undefined });
    if (values.json) {
      const retrieval = e.retrieval && {
        text: e.retrieval.text,
        filter: e.retrieval.filter,
        filterDropped: e.retrieval.filterDropped,
        corpusSize: e.retrieval.corpusSize,
        ms: e.retrieval.ms,
        terms: e.retrieval.terms,
        chunks: e.retrieval.chunks.slice(0, 20).map((c) => ({
          pointId: c.pointId,
          rank: c.rank,
          fused: c.fused,
          sparse: c.sparse,
          dense: c.dense,
          article: c.payload.title,
          paragraphs: c.payload.paragraphs,
        })),
      };
      const passages = e.context.map((p) => ({
        rank: p.rank,
        articleId: p.articleId,
        title: p.title,
        paragraphs: p.paragraphs,
        sparse: p.sparse,
        dense: p.dense,
        text: p.text,
      }));
      process.stdout.write(
        `${JSON.stringify({ answer: e.answer, plan: e.plan, refusal: e.refusal, retrieval, passages }, null, 2)}\n`,
      );
      return;
    }
    const a = e.answer;
    if (a.notice) process.stdout.write(`${a.notice}\n`);
    process.stdout.write(`${a.text}\n`);
    if (a.citations.length > 0) {
      process.stdout.write('\n来源：\n');
      for (const c of a.citations) process.stdout.write(`${sourceLine(c)}\n`);
    }
  } finally {
    await store.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`ask failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
