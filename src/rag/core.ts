/**
 * What every answer step needs: the store, the catalog, the optional models, and how an answer is finished (the
 * clock, the refusal text). Built once per service by `createQaService`.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ChatModel } from '../llm/chat.js';
import type { Embedder } from '../llm/embeddings.js';
import type { Answer, AnswerMode, Citation, Lang } from '../types.js';
import { chunkCollection } from '../store/schema.js';
import { Catalog } from './catalog.js';
import type { QueryHelpers, QueryPlan } from './query.js';
import type { RefusalCheck } from './refusal.js';
import type { Passage, Retrieval } from './retrieve.js';
import type { AnswerOptions } from './service.js';
import { notInReports } from './wording.js';

export interface QaDeps {
  client: QdrantClient;
  cfg: Config;
  chat?: ChatModel;
  embedder?: Embedder;
  log?: Logger;
  /** The clock relative dates ("今年", "上个月") count from; the system clock unless given (tests, evals). */
  now?: () => Date;
}

/** An answer with everything that produced it. */
export interface Explained {
  answer: Answer;
  plan: QueryPlan;
  retrieval?: Retrieval;
  refusal?: RefusalCheck;
  /** The passages the answer (or summary) was built from, in order. */
  context: Passage[];
}

export interface ExplainOptions extends AnswerOptions {
  /** Skip the LLM (retrieval-only eval runs): the answer is the offline one. */
  retrieveOnly?: boolean;
}

export interface Core {
  client: QdrantClient;
  collection: string;
  catalog: Catalog;
  chat?: ChatModel;
  embedder?: Embedder;
  log?: Logger;
  /** The LLM layer, loaded only when a chat model is configured: offline runs never touch it. */
  llm?: Promise<typeof import('./llm-mode.js')>;
  helpersReady: Promise<QueryHelpers>;
  now: () => Date;
}

export function createCore(deps: QaDeps): Core {
  const { client, cfg, chat, embedder, log, now = () => new Date() } = deps;
  const collection = chunkCollection(cfg);
  const llm = chat ? import('./llm-mode.js') : undefined;
  const helpersReady: Promise<QueryHelpers> =
    chat && llm ? llm.then((m) => m.queryHelpers(chat)) : Promise.resolve({});
  return {
    client,
    collection,
    catalog: new Catalog(client, collection),
    chat,
    embedder,
    log,
    llm,
    helpersReady,
    now,
  };
}

/** The chat model and its layer when this request may use them. */
export function modelFor(
  core: Core,
  opts: ExplainOptions,
): { chat: ChatModel; llm: Promise<typeof import('./llm-mode.js')> } | undefined {
  if (!core.chat || !core.llm || opts.retrieveOnly) return undefined;
  return { chat: core.chat, llm: core.llm };
}

export interface Clock {
  started: number;
  retrieveMs: number;
}

export function startClock(): Clock {
  return { started: performance.now(), retrieveMs: 0 };
}

export type AnswerBody = {
  text: string;
  citations: Citation[];
  refused: boolean;
  mode: AnswerMode;
  notice?: string;
};

/** The Answer with its timings. */
export function finish(clock: Clock, plan: QueryPlan, body: AnswerBody, lang: Lang): Answer {
  const totalMs = performance.now() - clock.started;
  const a: Answer = {
    text: body.text,
    citations: body.citations,
    refused: body.refused,
    mode: body.mode,
    lang,
    searchedQuestion: plan.searchText,
    timings: { retrieveMs: clock.retrieveMs, answerMs: totalMs - clock.retrieveMs, totalMs },
  };
  if (body.notice !== undefined) a.notice = body.notice;
  return a;
}

/** The refusal, naming the places the reports do cover. */
export async function refusedBody(
  core: Core,
  lang: Lang,
): Promise<{ text: string; citations: Citation[]; refused: true }> {
  const places = await core.catalog.places().catch(() => []);
  return { text: notInReports(lang, places), citations: [], refused: true };
}
