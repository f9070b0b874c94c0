/**
 * LangChain interop against the real answer core over an embedded store filled by the real ingest from
 * invented fixtures: the retriever's Documents cite 《标题》第p段 with their metadata, and LangChain chat models
 * (core's fakes, and one that reads the prompt) drive answers through the existing citation checks.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimpleChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import { loadConfig } from '../../src/config.js';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { openStore, type OpenedStore } from '../../src/store/connect.js';
import { runIngest } from '../../ingest/run.js';
import { FALLBACK_NOTICE, UNCHECKED_NOTICE } from '../../src/rag/wording.js';
import { formatDocuments, fromLangChainChatModel, ReportsRetriever } from '../../src/langchain/index.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/langchain', import.meta.url));
const ZHANGYE = '张掖市政协召开湿地保护专题协商会';
const TONGREN = '铜仁市政协调研茶产业发展';

let dir: string;
let store: OpenedStore;
let offline: QaEngine;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'langchain-test-'));
  const cfg = loadConfig({ DATA_DIR: dir, QDRANT_COLLECTION: 'lc_chunks' });
  store = await openStore(cfg);
  await runIngest({ paths: [FIXTURES], client: store.client, cfg });
  offline = createQaService({ client: store.client, cfg });
});
after(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const qaWith = (model: Parameters<typeof fromLangChainChatModel>[0]): QaEngine =>
  createQaService({
    client: store.client,
    cfg: loadConfig({ DATA_DIR: dir, QDRANT_COLLECTION: 'lc_chunks' }),
    chat: fromLangChainChatModel(model, 'fake'),
  });

test('the retriever returns the matching paragraph as a Document that carries its citation', async () => {
  const retriever = new ReportsRetriever({ qa: offline, k: 3 });
  const docs = await retriever.invoke('张掖市今年完成了多少湿地修复面积？');
  const top = docs[0];
  assert.ok(top, 'a document');
  assert.equal(top.metadata.title, ZHANGYE);
  assert.deepEqual(top.metadata.paragraphs, [2]);
  assert.equal(top.metadata.paragraphCount, 3);
  assert.equal(top.metadata.citation, `《${ZHANGYE}》第2段`);
  assert.equal(top.metadata.source, 'zhangye.txt');
  assert.match(top.metadata.articleId, /^[0-9a-f]{16}$/);
  assert.equal(top.id, top.metadata.pointId);
  // The page content is the stored paragraph, verbatim as in the report file.
  const file = await readFile(path.join(FIXTURES, 'zhangye.txt'), 'utf8');
  assert.ok(file.includes(top.pageContent), top.pageContent);
  assert.match(top.pageContent, /2\.6万亩/);
  assert.ok(docs.length <= 3);
});

test('a chain over the retriever can cite 《标题》第p段 from the metadata', async () => {
  const chain = new ReportsRetriever({ qa: offline, k: 2 }).pipe(RunnableLambda.from(formatDocuments));
  const context = await chain.invoke('铜仁市茶园面积');
  assert.match(context, new RegExp(`^\\[1\\] 《${TONGREN}》第1段\\n.*180万亩`));
});

test('a LangChain chat model answers through the citation checks, streaming', async () => {
  const model = new FakeListChatModel({ responses: ['铜仁市茶园面积达到180万亩[1]。'] });
  const partials: string[] = [];
  const a = await qaWith(model).answer('铜仁市茶园面积有多大？', { onPartial: (t) => partials.push(t) });
  assert.equal(a.refused, false);
  assert.equal(a.mode, 'llm');
  assert.match(a.text, /180万亩/);
  assert.equal(a.citations.length, 1);
  assert.equal(a.citations[0]?.title, TONGREN);
  assert.deepEqual(a.citations[0]?.paragraphs, [1]);
  // One sentence: shown once it is whole and checked.
  assert.ok(partials.length >= 1, 'the checked answer was streamed');
  assert.equal(partials.at(-1), a.text);
});

test('a number the cited paragraph does not state is not passed on', async () => {
  const model = new FakeListChatModel({ responses: ['铜仁市茶园面积达到500万亩[1]。'] });
  const a = await qaWith(model).answer('铜仁市茶园面积有多大？');
  assert.doesNotMatch(a.text, /500万亩/);
  // The claim is removed; the offline answer (the figure the report states) stands in, with a notice.
  assert.equal(a.mode, 'fallback');
  assert.equal(a.notice, UNCHECKED_NOTICE);
  assert.match(a.text, /180万亩/);
});

test('a marker that points at no paragraph never becomes a citation', async () => {
  const model = new FakeListChatModel({
    responses: ['铜仁市茶园面积达到180万亩[1]，年产值突破120亿元[9]。'],
  });
  const a = await qaWith(model).answer('铜仁市茶园面积有多大？');
  assert.doesNotMatch(a.text, /\[9\]/);
  assert.match(a.text, /180万亩\[1\]/);
  assert.equal(a.citations.length, 1);
});

/** A LangChain chat model that reads the numbered paragraphs of its prompt and cites the one it quotes. */
class PromptReadingModel extends SimpleChatModel {
  constructor(private readonly needle: string) {
    super({});
  }
  _llmType(): string {
    return 'prompt-reading';
  }
  async _call(messages: BaseMessage[]): Promise<string> {
    const prompt = messages.map((m) => m.text).join('\n');
    const numbered = [...prompt.matchAll(/^\[(\d+)\][^\n]*\n([^\n]*)/gm)];
    const hit = numbered.find((m) => (m[2] ?? '').includes(this.needle));
    return hit ? `根据报道，今年完成湿地修复面积${this.needle}[${hit[1]}]。` : '报道中没有相关内容。';
  }
}

test('any BaseChatModel subclass works: the cited paragraph is the one stating the fact', async () => {
  const a = await qaWith(new PromptReadingModel('2.6万亩')).answer('张掖市今年完成了多少湿地修复面积？');
  assert.equal(a.refused, false);
  assert.match(a.text, /2\.6万亩/);
  assert.equal(a.citations[0]?.title, ZHANGYE);
  assert.deepEqual(a.citations[0]?.paragraphs, [2]);
});

/** A provider that keeps failing (after the LangChain model's own retries). */
class FailingModel extends SimpleChatModel {
  _llmType(): string {
    return 'failing';
  }
  async _call(): Promise<string> {
    throw Object.assign(new Error('upstream 503'), { status: 503 });
  }
}

test('a failing LangChain model does not break the answer: the extractive answer stands in', async () => {
  const a = await qaWith(new FailingModel({ maxRetries: 0 })).answer('铜仁市茶园面积有多大？');
  assert.equal(a.notice, FALLBACK_NOTICE);
  assert.equal(a.mode, 'fallback');
  assert.match(a.text, /180万亩/);
  assert.equal(a.citations[0]?.title, TONGREN);
});

test('nothing outside src/langchain imports LangChain or the interop module', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const offenders: string[] = [];
  for (const top of ['src', 'ingest']) {
    for (const f of await readdir(path.join(root, top), { recursive: true })) {
      const file = path.join(top, f);
      if (!file.endsWith('.ts') || file.startsWith(path.join('src', 'langchain'))) continue;
      const text = await readFile(path.join(root, file), 'utf8');
      if (/from '@langchain\/|import\('@langchain\/|\/langchain\/[^']*\.js'/.test(text)) offenders.push(file);
    }
  }
  assert.deepEqual(offenders, []);
});
