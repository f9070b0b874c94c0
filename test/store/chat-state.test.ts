/**
 * The chat front ends' lasting state in a Qdrant collection: on the embedded store through `openStore` (restart on
 * the same DATA_DIR), and through the contract target (a real Qdrant when QDRANT_URL is set).
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { QdrantChatState, chatStateCollection } from '../../src/store/chat-state.js';
import { openStore } from '../../src/store/connect.js';
import type { FeedbackRecord, QuestionEvent } from '../../src/types.js';
import { openTarget } from './harness.js';

const record: FeedbackRecord = {
  question: '深圳市政协开了什么会？',
  answer: '专题协商会[1]。',
  mode: 'extractive',
  sources: [{ n: 1, articleId: 'a1', title: '深圳市政协召开专题协商会', paragraphs: [2] }],
  frontEnd: 'telegram',
};

const asked = (day: string, second: number, refused: boolean): QuestionEvent => ({
  day,
  at: Date.parse(`${day}T00:00:0${second}Z`),
  frontEnd: 'feishu',
  question: '深圳市政协开了什么会？',
  refused,
  places: ['深圳市'],
});

describe('chat state in a Qdrant collection', () => {
  it('keeps answers, votes and daily question counts across a restart of the embedded store', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'chat-state-'));
    const cfg = loadConfig({ DATA_DIR: dir });
    try {
      let store = await openStore(cfg);
      let state = new QdrantChatState(store.client, cfg);
      await state.saveAnswer('k1', record);
      await state.questionAsked(asked('2025-03-01', 1, false));
      await state.questionAsked(asked('2025-03-01', 2, true));
      await state.questionAsked(asked('2025-03-02', 3, false));
      await state.vote('k1', 'down', 7, '2025-03-01');
      await state.vote('k1', 'up', 7, '2025-03-01');
      await state.vote('k1', 'up', 8, '2025-03-01');
      await store.close();

      store = await openStore(cfg);
      state = new QdrantChatState(store.client, cfg);
      assert.deepEqual(await state.answerFor('k1'), record);
      assert.equal(await state.answerFor('unknown'), undefined);
      assert.deepEqual(await state.usage('2025-03-01'), { questions: 2, up: 2, down: 0 });
      assert.deepEqual(await state.usage('2025-03-02'), { questions: 1, up: 0, down: 0 });
      // The console's lists: questions since a moment, oldest first; votes newest first with their answers.
      const since = await state.questionsSince(Date.parse('2025-03-01T00:00:02Z'));
      assert.deepEqual(
        since.map((q) => [q.day, q.refused, q.frontEnd, q.places]),
        [
          ['2025-03-01', true, 'feishu', ['深圳市']],
          ['2025-03-02', false, 'feishu', ['深圳市']],
        ],
      );
      const fb = await state.feedback(10);
      assert.deepEqual(
        fb.map((f) => [f.vote, f.question, f.frontEnd]),
        [
          ['up', record.question, 'telegram'],
          ['up', record.question, 'telegram'],
        ],
      );
      assert.ok((await store.client.collectionExists(chatStateCollection(cfg))).exists);
      await store.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('two instances on one store share it, and both may create the collection at once', async () => {
    const target = await openTarget();
    try {
      const cfg = { QDRANT_COLLECTION: target.name('shared') };
      const a = new QdrantChatState(target.client, cfg);
      const b = new QdrantChatState(target.client, cfg);
      await Promise.all([
        a.questionAsked(asked('2025-03-01', 1, false)),
        b.questionAsked(asked('2025-03-01', 2, false)),
      ]);
      await a.saveAnswer('from-a', record);
      await b.vote('from-a', 'down', 9, '2025-03-01');
      assert.deepEqual(await b.answerFor('from-a'), record);
      assert.deepEqual(await a.usage('2025-03-01'), { questions: 2, up: 0, down: 1 });
      await target.client.deleteCollection(chatStateCollection(cfg));
    } finally {
      await target.close();
    }
  });
});
