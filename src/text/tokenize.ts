/**
 * Chinese word tokens for BM25 (jieba search mode, so both "嘉峪关" and "嘉峪关市" are indexed).
 * Documents and queries go through the very same function, which is what makes sparse scores meaningful.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { simplify } from './normalize.js';
import { Lru } from '../shared/lru.js';

let jieba: Jieba | undefined;
/** The one jieba instance of the process (tokenizer and tagger): the dictionary loads once (~0.3 s). */
export function instance(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

export interface TaggedWord {
  word: string;
  tag: string;
}

/**
 * Tags by text: answers tag the sentences of their passages (person names) and the question's terms, and the
 * same sentences and terms come back answer after answer; tagging costs far more than the lookup. Bounded.
 */
const tagged = new Lru<string, readonly TaggedWord[]>(4096);

/**
 * Words with their part-of-speech tags (jieba HMM on): "nr" person, "ns" place, "v…" verbs, "n…" nouns.
 * The list may be shared between callers: read only.
 */
export function tagWords(text: string): readonly TaggedWord[] {
  let words = tagged.get(text);
  if (!words) {
    words = instance().tag(text, true);
    tagged.set(text, words);
  }
  return words;
}

/** Function words and question words that carry no topic; removing them keeps BM25 on content. */
const STOPWORDS = new Set(
  (
    '的 了 是 在 和 与 及 等 也 就 都 而 并 或 对 把 被 让 将 从 向 为 以 于 之 其 这 那 个 中 上 下 有 由 着 过 吗 呢 吧 啊 ' +
    '什么 哪 哪个 哪些 哪里 哪天 哪年 几 多少 怎么 怎样 如何 为什么 是否 是不是 谁 啥 请问 一下 告诉 我 你 他 她 它 我们 你们 ' +
    '他们 请 能 会 要 可以 一个 这个 那个 这些 那些 进行 通过 关于 方面 情况 问题 已经 还 又 再 很 更 最 得 地 所 该 此 ' +
    'the a an of to in on for and or is are was were be what which who whom how when where why does do did'
  ).split(/\s+/),
);

const WORDLIKE = /[\p{L}\p{N}]/u;

/** Lower-cased content tokens of a text, in order, with repeats (term frequency matters). */
export function tokenize(text: string): string[] {
  const norm = simplify(text.normalize('NFKC')).toLowerCase();
  const out: string[] = [];
  for (const raw of instance().cutForSearch(norm, true)) {
    const t = raw.trim();
    if (t === '' || !WORDLIKE.test(t) || STOPWORDS.has(t)) continue;
    out.push(t);
  }
  return out;
}
