/**
 * npm run ask -- "问题" [--json]
 * Answers one question against the configured store: the answer text, then numbered sources
 * 《标题》第p段 · 日期. With --json: the Answer plus the query plan, retrieval scores, refusal check and the
 * paragraphs read, to see why an answer came out as it did.
 */
import { parseArgs } from 'node:util';
import { bootCore, configOrExit, consoleLogger } from '../app/core.js';
import { answerText } from '../present/console.js';
import { explainJson } from '../rag/explain-json.js';
import { texts } from '../present/texts.js';
import { reportFailure } from './failure.js';

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
  const cfg = await configOrExit();
  const core = await bootCore(cfg, consoleLogger(cfg), { ingestIfEmpty: false, models: !values.offline });
  try {
    const e = await core.qa.explain(question, values.json ? {} : { onPartial: () => undefined });
    if (values.json) {
      process.stdout.write(`${JSON.stringify(explainJson(e), null, 2)}\n`);
      return;
    }
    const a = e.answer;
    process.stdout.write(`${answerText(a, texts(a.lang))}\n`);
  } finally {
    await core.store.close();
  }
}

main().catch((err: unknown) => {
  reportFailure('ask', err);
});
