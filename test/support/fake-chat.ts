/** A ChatModel pointed at the fake OpenAI server, with fast retries so fault tests stay quick. */
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { createChatModel, type ChatModel } from '../../src/llm/chat.js';
import type { FakeOpenAI } from './fake-openai.js';

export function fakeChatModel(fake: FakeOpenAI, timeoutMs = 5000): ChatModel {
  const chat = createChatModel(
    loadConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      LLM_TIMEOUT_MS: String(timeoutMs),
      LLM_MAX_RETRIES: '1',
    }),
    { retry: { baseDelayMs: 5, maxDelayMs: 20 } },
  );
  assert.ok(chat);
  return chat;
}
