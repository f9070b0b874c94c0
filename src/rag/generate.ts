/**
 * Generated answers and summaries (LLM mode). The model sees numbered paragraphs and cites [n]; every reply
 * goes through the citation processor, so what reaches the user cites only paragraphs we gave it and that
 * support the sentence. Errors from the model (LlmError) propagate: the caller falls back to extractive.
 */
import { formatDateZh } from '../text/dates.js';
import type { Lang, Turn } from '../types.js';
import type { ChatMessage, ChatModel } from '../llm/chat.js';
import type { AnswerCheck } from './answer-check.js';
import {
  CitationStream,
  finalizeCitations,
  processCitations,
  type CitationFlag,
  type CitationResult,
  type RemovedSentence,
} from './citations.js';
import { promptMessages } from './prompts.js';

export interface GenPassage {
  text: string;
  title: string;
  date?: string;
  /** The article's places: a sentence naming the place its report is about is held by it ("我市"). */
  places?: string[];
}

export interface GeneratedAnswer {
  /** Display text with canonical [1], [2] … markers (NO_ANSWER marker removed). */
  text: string;
  /** 0-based indices into the passages given; `used[k]` is the passage behind marker [k+1]. */
  used: number[];
  /** The model said the paragraphs do not contain the answer. */
  noAnswer: boolean;
  /** Citations dropped by the support check. */
  unsupported: number;
  /** Marker numbers that pointed at no passage (dropped). */
  outOfRange: number;
  flags: CitationFlag[];
  /** Sentences removed by the check: claims without a valid citation, or with facts their paragraphs lack. */
  removed: RemovedSentence[];
  /**
   * A checked sentence answers the question (binds its entities, holds the asked slot); always true without an
   * AnswerCheck (summaries).
   */
  answered: boolean;
}

export interface GenerateArgs {
  question: string;
  lang: Lang;
  passages: GenPassage[];
  chat: ChatModel;
  /**
   * The checked answer so far, called only when it grew: whole sentences that passed the check, and only once
   * one of them answers the question (see streamCited).
   */
  onPartial?: (text: string) => void;
  signal?: AbortSignal;
  /** Whether a checked sentence answers the question, and the asked slot for the prompt. */
  check?: AnswerCheck;
}

/** Low temperature: we want the paragraphs restated faithfully, not creativity. */
const TEMPERATURE = 0.1;
const NO_ANSWER = /[*_`]*\bNO[_ ]ANSWER\b[*_`]*[。.:：]?/g;
const NO_ANSWER_SEEN = /\bNO[_ ]ANSWER\b/;
/** Sentence ends and line breaks in the shown text: another sentence may have finished. */
const SENTENCE_END = /[。！？!?；;\n]|\.(?=\s|$)|\]/g;
/** The text stops right after a sentence end or a marker: the sentence may still get a marker. */
const AT_END = /([。！？!?；;\n.]|\])\s*$/;
/** The start of the marker at the start of a line, as it streams in ("N", "NO_", "NO_ANS"…). */
const NO_ANSWER_PREFIX = /(^|\n)[*_`]*N(?:O(?:[_ ](?:A(?:N(?:S(?:W(?:E(?:R)?)?)?)?)?)?)?)?$/;

/** The passages as the model sees them: "[n]《title》（date）" then the paragraph text. */
export function formatPassages(passages: GenPassage[], offset = 0): string {
  return passages
    .map((p, i) => {
      const head = `[${offset + i + 1}]《${p.title}》${p.date ? `（${formatDateZh(p.date)}）` : ''}`;
      return `${head}\n${p.text.trim()}`;
    })
    .join('\n\n');
}

/** Removes the NO_ANSWER marker, and hides a marker still being typed ("NO_AN") from partial text. */
function withoutMarker(text: string, streaming: boolean): string {
  let t = text.replace(NO_ANSWER, '');
  if (streaming) t = t.replace(NO_ANSWER_PREFIX, '$1');
  return t.trim();
}

/**
 * Streams `messages` through the citation processor. `passages` are what the markers may point at;
 * `renumber: false` keeps passage numbers (map notes are renumbered only at the end).
 *
 * What the reader sees while the model writes: whole sentences once they are checked, never a draft. A sentence is
 * released when the text after it shows it is finished (its markers come right after its full stop) and it passed
 * the check; one that fails is never shown. With an AnswerCheck nothing is shown until a checked sentence answers
 * the question, and nothing at all once NO_ANSWER appears: a reply that ends as a fallback or a refusal showed
 * nothing it must take back. Every partial is a prefix of the final text, since the checks of a sentence do not
 * depend on what follows it.
 */
async function streamCited(
  chat: ChatModel,
  messages: ChatMessage[],
  passages: GenPassage[],
  opts: {
    onPartial?: (text: string) => void;
    signal?: AbortSignal;
    renumber?: boolean;
    question?: string;
    check?: AnswerCheck;
  },
): Promise<GeneratedAnswer> {
  const stream = new CitationStream(passages.length);
  const finalize = (partial: boolean): CitationResult =>
    finalizeCitations(stream.segments, passages, {
      renumber: opts.renumber ?? true,
      ...(opts.question !== undefined ? { question: opts.question } : {}),
      partial,
    });
  const answers = (r: CitationResult): boolean =>
    !opts.check ||
    r.sentences.some((s) =>
      opts.check?.answers({ text: s.text, cited: s.passages.map((p) => passages[p] as GenPassage) }),
    );
  let raw = '';
  let shown = '';
  let sentences = '';
  const show = (): void => {
    if (!opts.onPartial || NO_ANSWER_SEEN.test(raw) || NO_ANSWER_PREFIX.test(raw.trimStart())) return;
    // Checking is per finished sentence: run it only when another sentence may have finished.
    const text = stream.partialText();
    const ends = `${(text.match(SENTENCE_END) ?? []).length}|${AT_END.test(text)}`;
    if (ends === sentences) return;
    sentences = ends;
    const r = finalize(true);
    if (r.sentences.length === 0 || !answers(r)) return;
    const now = withoutMarker(r.text, false);
    if (now !== shown && now.startsWith(shown)) {
      shown = now;
      opts.onPartial(now);
    }
  };
  for await (const delta of chat.stream(messages, { signal: opts.signal, temperature: TEMPERATURE })) {
    raw += delta;
    if (stream.push(delta)) show();
  }
  stream.end();
  const result = finalize(false);
  const noAnswer = NO_ANSWER_SEEN.test(raw);
  const answered = answers(result);
  const text = withoutMarker(result.text, false);
  // The last sentence is released once the stream ends, when the reply stands as the answer.
  if (opts.onPartial && !noAnswer && answered && result.sentences.length > 0 && text !== shown) {
    if (text.startsWith(shown)) opts.onPartial(text);
  }
  return { ...result, text, noAnswer, answered };
}

/** A cited answer to `question` from `passages` (numbered [1]…[n] for the model). */
export async function generateAnswer(args: GenerateArgs): Promise<GeneratedAnswer> {
  const messages = promptMessages(args.lang === 'en' ? 'answer.en' : 'answer.zh', {
    passages: formatPassages(args.passages),
    question: args.question.trim(),
    slot: args.check?.promptSlot(args.lang) ?? '',
  });
  return streamCited(args.chat, messages, args.passages, {
    onPartial: args.onPartial,
    signal: args.signal,
    question: args.question,
    ...(args.check ? { check: args.check } : {}),
  });
}

/** First meaningful line of a one-line reply, without quotes or a "问题：" style prefix. */
function oneLine(reply: string): string {
  const line =
    reply
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  return line
    .replace(/^(改写后的问题|独立问题|问题|检索词|查询|query|question)\s*[:：]\s*/i, '')
    .replace(/^["'“”‘’「」『』]+|["'“”‘’「」『』]+$/g, '')
    .trim();
}

/** Answers are shortened in the history: the rewrite needs the subject, not the whole reply. */
function historyOf(turns: Turn[], maxTurns = 3): string {
  return turns
    .slice(-maxTurns)
    .map((t) => {
      const answer = t.answer
        .replace(/\[\d+\]/g, '')
        .replace(/\s+/g, ' ')
        .trim();
      return `用户：${t.question.trim()}\n助手：${answer.length > 150 ? `${answer.slice(0, 150)}…` : answer}`;
    })
    .join('\n');
}

/**
 * Rewrites a follow-up ("那嘉峪关呢？") into a standalone Chinese search question from the recent turns.
 * Returns the question unchanged when there is no history or the model gives nothing usable.
 */
export async function rewriteFollowUp(
  chat: ChatModel,
  turns: Turn[],
  question: string,
  opts: { signal?: AbortSignal } = {},
): Promise<string> {
  if (turns.length === 0) return question;
  const reply = await chat.complete(
    promptMessages('rewrite', { history: historyOf(turns), question: question.trim() }),
    { signal: opts.signal, temperature: 0 },
  );
  const out = oneLine(reply);
  return out === '' || out.length > 200 ? question : out;
}

/** An English question as a Chinese search query (the reports are Chinese; BM25 needs Chinese terms). */
export async function translateQuery(
  chat: ChatModel,
  question: string,
  opts: { signal?: AbortSignal } = {},
): Promise<string> {
  const reply = await chat.complete(promptMessages('translate', { question: question.trim() }), {
    signal: opts.signal,
    temperature: 0,
  });
  const out = oneLine(reply);
  return out === '' || out.length > 200 ? question : out;
}

export interface SummarizeArgs {
  chat: ChatModel;
  place: string;
  /** Passages grouped (e.g. by article, or by batch of articles); one map call per group. */
  groups: GenPassage[][];
  lang: Lang;
  onPartial?: (text: string) => void;
  signal?: AbortSignal;
  /** Map calls in flight at once. */
  concurrency?: number;
}

/**
 * Map → reduce summary of a place's reports. Each group is summarised into cited points (checked against
 * that group's paragraphs, then given global numbers); the points are merged into one summary whose markers
 * are checked again against all paragraphs. `used` indexes the passages of all groups, concatenated in order.
 */
export async function summarizeMapReduce(args: SummarizeArgs): Promise<GeneratedAnswer> {
  const all = args.groups.flat();
  const suffix = args.lang === 'en' ? 'en' : 'zh';
  if (args.groups.length === 1) {
    const messages = promptMessages(`summary-map.${suffix}`, {
      place: args.place,
      passages: formatPassages(all),
    });
    return streamCited(args.chat, messages, all, { onPartial: args.onPartial, signal: args.signal });
  }

  const offsets: number[] = [];
  args.groups.reduce((acc, g) => (offsets.push(acc), acc + g.length), 0);
  let mapUnsupported = 0;
  let mapOutOfRange = 0;
  const mapFlags: CitationFlag[] = [];

  const notes = await mapLimit(args.groups, args.concurrency ?? 3, async (group, gi) => {
    const offset = offsets[gi] as number;
    const reply = await args.chat.complete(
      promptMessages(`summary-map.${suffix}`, { place: args.place, passages: formatPassages(group) }),
      { signal: args.signal, temperature: TEMPERATURE },
    );
    const checked = processCitations(reply, group, { renumber: false });
    mapUnsupported += checked.unsupported;
    mapOutOfRange += checked.outOfRange;
    mapFlags.push(...checked.flags.map((f) => ({ ...f, passage: f.passage + offset })));
    if (checked.used.length === 0) return ''; // nothing citable (or NO_ANSWER): nothing to merge
    // Local [n] → global [offset + n]; only our own canonical markers look like this after processing.
    return withoutMarker(checked.text, false).replace(
      /\[(\d{1,3})\]/g,
      (_, n: string) => `[${offset + Number(n)}]`,
    );
  });

  const kept = notes.filter((n) => n !== '');
  if (kept.length === 0) {
    return {
      text: '',
      used: [],
      noAnswer: true,
      unsupported: mapUnsupported,
      outOfRange: mapOutOfRange,
      flags: mapFlags,
      removed: [],
      answered: false,
    };
  }
  const messages = promptMessages(`summary-reduce.${suffix}`, { place: args.place, notes: kept.join('\n') });
  const final = await streamCited(args.chat, messages, all, {
    onPartial: args.onPartial,
    signal: args.signal,
  });
  return {
    ...final,
    unsupported: final.unsupported + mapUnsupported,
    outOfRange: final.outOfRange + mapOutOfRange,
    flags: [...mapFlags, ...final.flags],
  };
}

/** Promise.all with at most `limit` tasks running; results in input order. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
