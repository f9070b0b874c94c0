/**
 * Any LangChain chat model (ChatOllama, ChatAnthropic, ChatOpenAI, …) as the answer core's ChatModel, so its
 * answers go through the same numbered-paragraph prompt and the same code checks of every [n] marker and cited
 * sentence as the built-in OpenAI-compatible client. Retries are the LangChain model's own (`maxRetries`);
 * whatever it finally throws becomes an LlmError, on which the answer core falls back to the extractive answer.
 */
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatMessage, ChatModel, ChatOptions } from '../llm/chat.js';
import { LlmError, type LlmErrorKind } from '../llm/errors.js';
import { ReasoningFilter, stripReasoning } from '../llm/reasoning.js';

function toLangChain(messages: ChatMessage[]): BaseMessage[] {
  return messages.map((m) =>
    m.role === 'system'
      ? new SystemMessage(m.content)
      : m.role === 'assistant'
        ? new AIMessage(m.content)
        : new HumanMessage(m.content),
  );
}

/** LangChain integrations throw their SDK's errors; most carry an HTTP `status`. */
function toLlmError(err: unknown, signal: AbortSignal | undefined): LlmError {
  if (err instanceof LlmError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (signal?.aborted) return new LlmError('aborted', 'the request was cancelled', { cause: err });
  const status = (err as { status?: unknown } | null)?.status;
  const name = err instanceof Error ? err.name : '';
  const kind: LlmErrorKind =
    typeof status === 'number'
      ? status === 429
        ? 'rate_limit'
        : status >= 500
          ? 'server'
          : 'client'
      : /timeout/i.test(name) || /timed? ?out/i.test(message)
        ? 'timeout'
        : /ECONNREFUSED|ENOTFOUND|fetch failed|network/i.test(message)
          ? 'network'
          : 'bad_response';
  return new LlmError(kind, `LangChain model: ${message}`, { cause: err });
}

/**
 * @param name shown in logs and `ask --json` (default: the model's LangChain type, e.g. "ollama").
 * `ChatOptions.temperature` is not passed on: a LangChain model's temperature is set where it is constructed.
 */
export function fromLangChainChatModel(model: BaseChatModel, name?: string): ChatModel {
  const callOptions = (opts: ChatOptions) => (opts.signal ? { signal: opts.signal } : {});
  return {
    model: name ?? model._llmType(),
    async *stream(messages: ChatMessage[], opts: ChatOptions = {}): AsyncIterable<string> {
      // <think> blocks of reasoning models are hidden, as with the built-in client.
      const reasoning = new ReasoningFilter();
      try {
        const stream = await model.stream(toLangChain(messages), callOptions(opts));
        for await (const chunk of stream) {
          const visible = chunk.text ? reasoning.push(chunk.text) : '';
          if (visible) yield visible;
        }
      } catch (err) {
        throw toLlmError(err, opts.signal);
      }
      const rest = reasoning.end();
      if (rest) yield rest;
    },
    async complete(messages: ChatMessage[], opts: ChatOptions = {}): Promise<string> {
      try {
        const reply = await model.invoke(toLangChain(messages), callOptions(opts));
        return stripReasoning(reply.text);
      } catch (err) {
        throw toLlmError(err, opts.signal);
      }
    },
  };
}
