/**
 * The LLM side of the answer core, as an adapter over src/rag/generate.ts: numbered passages in, text with
 * checked [n] markers out, and every marker turned into a Citation of real stored paragraphs by code.
 */
import type { ChatModel } from '../llm/chat.js';
import type { Citation, Lang } from '../types.js';
import type { AnswerCheck } from './answer-check.js';
import type { RemovedSentence } from './citations.js';
import { generateAnswer, rewriteFollowUp, summarizeMapReduce, translateQuery } from './generate.js';
import type { QueryHelpers } from './query.js';
import type { Passage } from './retrieve.js';
import { citationOf } from './citation.js';
import type { AnswerOptions } from './service.js';

export function queryHelpers(chat: ChatModel): QueryHelpers {
  return {
    rewrite: (turns, question) => rewriteFollowUp(chat, turns, question),
    translate: (question) => translateQuery(chat, question),
  };
}

/** Citation [k+1] for passage `used[k]`: the passage's stored paragraphs, verbatim. */
export function citationsFor(passages: Passage[], used: number[]): Citation[] {
  const out: Citation[] = [];
  used.forEach((index, k) => {
    const p = passages[index];
    if (p) out.push(citationOf(p, k + 1));
  });
  return out;
}

export interface LlmBody {
  text: string;
  citations: Citation[];
  /** No checked answer: NO_ANSWER, no valid citation left, or no checked sentence answers the question. */
  refused: boolean;
  /** Why it was refused, for logs and the eval. */
  why?: 'no_answer' | 'no_citation' | 'not_answered';
  /** The sentences the check removed. */
  removed: RemovedSentence[];
}

export async function answerWithLlm(args: {
  chat: ChatModel;
  question: string;
  lang: Lang;
  passages: Passage[];
  opts: AnswerOptions;
  check?: AnswerCheck;
}): Promise<LlmBody> {
  const { chat, question, lang, opts } = args;
  // One numbered passage per paragraph: a [n] then names exactly one paragraph, and the support check compares
  // the sentence with that paragraph rather than with a whole article.
  const passages = answerParagraphs(args.passages);
  const res = await generateAnswer({
    question,
    lang,
    passages,
    chat,
    ...(opts.onPartial ? { onPartial: opts.onPartial } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(args.check ? { check: args.check } : {}),
  });
  const citations = citationsFor(passages, res.used);
  const why = res.noAnswer
    ? ('no_answer' as const)
    : citations.length === 0
      ? ('no_citation' as const)
      : !res.answered
        ? ('not_answered' as const)
        : undefined;
  return {
    text: res.text,
    citations,
    refused: why !== undefined,
    removed: res.removed,
    ...(why ? { why } : {}),
  };
}

/** Paragraphs the model is shown for an answer: the retrieved passages' paragraphs, up to this many. */
export const ANSWER_PARAGRAPHS = 24;

/**
 * The retrieved passages split into single paragraphs, in retrieval rank then paragraph order, capped at `max`.
 * A paragraph reached through two passages (overlapping chunks) and blank paragraphs are shown once / not at all.
 */
export function answerParagraphs(passages: Passage[], max = ANSWER_PARAGRAPHS): Passage[] {
  const out: Passage[] = [];
  const seen = new Set<string>();
  for (const passage of passages) {
    for (const para of paragraphPassages(passage)) {
      if (out.length >= max) return out;
      const key = `${para.articleId}#${para.paragraphs[0]}`;
      if (para.text.trim() === '' || seen.has(key)) continue;
      seen.add(key);
      out.push(para);
    }
  }
  return out;
}

/** One passage per paragraph, so every summary point cites the exact paragraph it came from. */
export function paragraphPassages(article: Passage): Passage[] {
  return article.paragraphs.map((n, i) => ({
    ...article,
    pointId: article.paragraphPoints[i] ?? article.pointId,
    paragraphs: [n],
    paragraphTexts: [article.paragraphTexts[i] ?? ''],
    paragraphPoints: [article.paragraphPoints[i] ?? article.pointId],
    text: article.paragraphTexts[i] ?? '',
  }));
}

/** Paragraphs per map call: one article, or a slice of a long one. */
const GROUP_PARAGRAPHS = 24;

export async function summarizeWithLlm(args: {
  chat: ChatModel;
  lang: Lang;
  label: string;
  articles: Passage[];
  opts: AnswerOptions;
}): Promise<{ text: string; citations: Citation[] } | undefined> {
  const { chat, lang, label, articles, opts } = args;
  const groups: Passage[][] = [];
  for (const a of articles) {
    const paras = paragraphPassages(a);
    for (let i = 0; i < paras.length; i += GROUP_PARAGRAPHS)
      groups.push(paras.slice(i, i + GROUP_PARAGRAPHS));
  }
  const res = await summarizeMapReduce({
    chat,
    lang,
    place: label,
    groups,
    ...(opts.onPartial ? { onPartial: opts.onPartial } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const citations = citationsFor(groups.flat(), res.used);
  return citations.length > 0 && !res.noAnswer ? { text: res.text, citations } : undefined;
}
