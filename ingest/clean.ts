/**
 * Cleaning a newspaper page (pure): split into blocks, tell body text from headings/bylines/captions, remove OCR
 * clause repeats, and join paragraphs that a newspaper column cut in two.
 *
 * Column joins: a body block that does not end a sentence continues in the next body block (adjacent first). When
 * the adjacent block cannot be its continuation — a heading or another article comes next, or the adjacent block
 * reads on much better from another cut — the continuation is looked for among the other blocks, using whether a
 * word runs across the cut ("重大专|项" → 专项) as evidence. Headings that sit inside a cut sentence (a headline
 * printed in the middle of its article) are skipped over and marked `inline`.
 */
import { endsSentence as endsText } from '../src/text/sentences.js';
import { instance as jieba } from '../src/text/tokenize.js';

export type BlockKind =
  /** Article text. */
  | 'body'
  /** Short line without sentence end: title, subtitle, section header or column label candidate. */
  | 'short'
  /** "——…小记": a subtitle. */
  | 'subtitle'
  /** "本报记者 白杨", "通讯员 迟源 本报记者 王金晶". */
  | 'byline'
  /** "天水市政协副主席 范多智": whose speech follows. */
  | 'speaker'
  /** "四川省政协主席、党组书记田向利：" — the line introducing a title. */
  | 'kicker'
  /** Photo caption ("… 摄"). */
  | 'caption'
  /** Trailing author "(高玉慧)" or an editor's note "(本栏稿件由本报记者 … 采写)". */
  | 'author';

export interface Block {
  text: string;
  /** Markdown heading level (1–3), 0 for plain lines. */
  heading: number;
  kind: BlockKind;
  /** Index of the (first) source line block, for stable ordering. */
  index: number;
  /** A short heading found inside a cut sentence: the headline of the article around it. */
  inline?: boolean;
}

/** Characters a heading never ends with but a cut sentence often does. */
const FUNCTION_END = /[的和与及、在对把将向从以于]$/;
const TRAILING_AUTHOR =
  /^(.*[。！？!?…]["”’」』]?)\s*([(（][\u4e00-\u9fa5·]{2,4}(?:\s+[\u4e00-\u9fa5·]{2,4})*[)）])$/;
const COMMA_END = /[，,、：:（(“—]$/;
const ENUM_START =
  /^(?:[一二三四五六七八九十]+[、是]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+[，,、])/;
const NAME = '[\\u4e00-\\u9fa5·]{2,4}';
const BYLINE = new RegExp(
  `^(?:(?:本报|本刊)?(?:特约)?(?:记者|通讯员|评论员|见习记者)(?!手记)\\s*(?:${NAME}(?:\\s+|、)?)+\\s*)+$`,
);
const SPEAKER = new RegExp(
  `^.{0,40}?(?:主席|委员|常委|书记|主委|厅长|局长|市长|县长|区长|主任|部长|会长|院长|秘书长|主任委员|负责人)\\s+${NAME}$`,
);
const CAPTION = /(?:\s|记者|通讯员|供图)\s*摄(?:影)?$/;
const AUTHOR = new RegExp(`^[(（](?:${NAME}(?:\\s+${NAME})*|[^()（）]{0,30}(?:采写|供稿|整理|摘编))[)）]$`);
const KICKER = /^[^，,。；;！？!?]{2,32}[：:]$/;

/**
 * True when a block of body text ends a paragraph (so the next block starts a new one): a sentence end, a closing
 * quote, or an introducing colon/dash before a list.
 */
export function endsSentence(text: string): boolean {
  return endsText(text, 'paragraph');
}

/** True when a block opens a new paragraph by its shape (enumerations "一、", "(二)", "三是"). */
export function startsParagraph(text: string): boolean {
  return ENUM_START.test(text);
}

function hasContent(text: string): boolean {
  return /[\p{Script=Han}\p{L}\p{N}]/u.test(text);
}

/** Classify one line of a page. */
export function classifyLine(text: string, heading: number): BlockKind {
  const t = text.trim();
  if (CAPTION.test(t)) return 'caption';
  if (AUTHOR.test(t)) return 'author';
  if (/^[—–-]{1,2}\s*\S/.test(t) && t.length <= 60 && !endsSentence(t)) return 'subtitle';
  if (BYLINE.test(t)) return 'byline';
  if (t.length <= 50 && SPEAKER.test(t) && !/[，,。；;]/.test(t.replace(/、/g, ''))) return 'speaker';
  if (KICKER.test(t)) return 'kicker';
  if (startsParagraph(t)) return 'body';
  // An opening quote that does not close on the line: a cut sentence, not a headline.
  if ((t.match(/“/g) ?? []).length > (t.match(/”/g) ?? []).length) return 'body';
  const commas = (t.match(/[，,]/g) ?? []).length;
  if (heading > 0 && t.length <= 60 && !endsText(t)) return 'short';
  // A long line with enumeration commas or quotes is a cut sentence, not a plain-text heading.
  const sentenceLike = heading === 0 && t.length > 28 && /[、“”]/.test(t);
  if (
    t.length <= 40 &&
    commas === 0 &&
    !endsText(t) &&
    !/[；;]/.test(t) &&
    !FUNCTION_END.test(t) &&
    !sentenceLike
  ) {
    return 'short';
  }
  return 'body';
}

/**
 * Remove immediate OCR repeats of a clause: "我们将对工人进行培训，我们将对工人进行培训，" keeps one.
 * Only clauses of 4+ characters ending in punctuation, so "研究研究" or "体系体系" are left alone.
 */
export function removeOcrRepeats(text: string): string {
  return text.replace(/([^，,。；;！？!?、]{4,80}?[，,。；;！？!?、])\1+/g, '$1');
}

/** Split page text into classified blocks: one per non-empty line, "#" marks read as heading levels. */
export function splitBlocks(text: string): Block[] {
  const out: Block[] = [];
  text.split('\n').forEach((raw, index) => {
    const m = /^\s*(#{1,6})\s*(.*)$/.exec(raw);
    const heading = m ? Math.min(3, m[1]?.length ?? 0) : 0;
    const line = (m ? (m[2] ?? '') : raw).replace(/[\s\u00a0\u3000]+$/, '').replace(/^[\s\u00a0\u3000]+/, '');
    if (!hasContent(line)) return;
    const clean = removeOcrRepeats(line);
    // "…好评。(高玉慧)": the trailing author is not part of the paragraph.
    const tail = heading === 0 ? TRAILING_AUTHOR.exec(clean) : null;
    if (tail?.[1] && tail[2]) {
      out.push({ text: tail[1], heading, kind: classifyLine(tail[1], heading), index });
      out.push({ text: tail[2], heading, kind: 'author', index });
      return;
    }
    out.push({ text: clean, heading, kind: classifyLine(clean, heading), index });
  });
  return out;
}

/** True when a dictionary word runs across the cut between a and b ("重大专" | "项和" → 专项). */
export function wordSpansCut(a: string, b: string): boolean {
  const left = a.slice(-4);
  const right = b.slice(0, 4);
  if (!/\p{Script=Han}$/u.test(left) || !/^\p{Script=Han}/u.test(right)) return false;
  let pos = 0;
  for (const w of jieba().cut(left + right, false)) {
    if (pos < left.length && pos + w.length > left.length) return true;
    pos += w.length;
  }
  return false;
}

/** True when a cut leaves a one-character stub that is no word on its own ("重大专", "引"): a word was split. */
export function endsInStub(text: string): boolean {
  const tail = text.slice(-6);
  if (!/\p{Script=Han}$/u.test(tail)) return false;
  const tokens = jieba().cut(tail, false);
  return (tokens[tokens.length - 1] ?? '').length === 1;
}

/** True when a text opens with a one-character stub that joins the previous word ("项和…", "导大企业"). */
export function startsWithStub(text: string): boolean {
  const head = text.slice(0, 6);
  if (!/^\p{Script=Han}/u.test(head)) return false;
  return (jieba().cut(head, false)[0] ?? '').length === 1;
}

function isDangling(b: Block): boolean {
  // An enumerated section heading ("一、紧扣发展大局,…") has no full stop but is complete.
  if (startsParagraph(b.text) && b.text.length <= 50) return false;
  return b.kind === 'body' && !endsSentence(b.text);
}

/** Could `c` continue the cut sentence of `d` at all, by shape? */
function canContinue(d: Block, c: Block): boolean {
  if (c.kind !== 'body' || startsParagraph(c.text)) return false;
  // A quotation usually opens a new paragraph, unless the cut came right after "说：" or a comma.
  if (/^[“"「]/.test(c.text) && !COMMA_END.test(d.text) && !FUNCTION_END.test(d.text)) return false;
  return true;
}

interface Candidate {
  d: number;
  c: number;
  score: number;
  /** Found by a word split across the cut (grid layouts): such a join does not carry following paragraphs. */
  split?: boolean;
  /** Index of a heading line the join skips over (an inline headline). */
  over?: number;
}

const PASS_THROUGH = new Set<BlockKind>(['caption', 'author']);

/** How many blocks away a continuation is looked for: about a newspaper page of blocks. */
const FAR_WINDOW = 80;

/** How many distinct Han character pairs two texts share: a cheap topic overlap. */
function sharedBigrams(a: string, b: string): number {
  const grams = (t: string): Set<string> => {
    const out = new Set<string>();
    for (let i = 0; i + 1 < t.length; i++) {
      const g = t.slice(i, i + 2);
      if (/^\p{Script=Han}{2}$/u.test(g)) out.add(g);
    }
    return out;
  };
  const ga = grams(a);
  let n = 0;
  for (const g of grams(b)) if (ga.has(g)) n++;
  return n;
}

/** A block opening with a short clause that ends at once ("一线上登记入库。"): typical of a column remnant. */
function strandedStart(text: string): boolean {
  return /^[^，,、；;：:“”"。！？!?\s]{2,14}[。！？!?]/.test(text);
}

/** Index of the nearest preceding block that is not a caption/author line. */
function prevBodyIndex(blocks: Block[], i: number): number | undefined {
  for (let k = i - 1; k >= 0; k--) {
    const b = blocks[k];
    if (b && !PASS_THROUGH.has(b.kind)) return k;
  }
  return undefined;
}

/** Join column-cut paragraphs. Returns the remaining blocks in page order (joined text sits at the first part). */
export function joinColumnBreaks(blocks: Block[]): Block[] {
  const cands: Candidate[] = [];
  const headStubs = new Map<number, boolean>();
  const headStub = (k: number): boolean => {
    let v = headStubs.get(k);
    if (v === undefined) {
      v = startsWithStub(blocks[k]?.text ?? '');
      headStubs.set(k, v);
    }
    return v;
  };
  /** Cuts that are the last body text before a heading or the page end: their article went on elsewhere. */
  const endsColumn = new Set<number>();
  const prevBody = (i: number): Block | undefined => {
    const k = prevBodyIndex(blocks, i);
    return k === undefined ? undefined : blocks[k];
  };
  blocks.forEach((d, i) => {
    if (!isDangling(d)) return;
    // Adjacent continuation: the next block that is not a caption/author line.
    let j = i + 1;
    while (j < blocks.length && PASS_THROUGH.has(blocks[j]?.kind ?? 'body')) j++;
    const next = blocks[j];
    const structuralEnd = next === undefined || next.kind !== 'body';
    if (structuralEnd) endsColumn.add(i);
    const stub = endsInStub(d.text);
    if (next && canContinue(d, next)) {
      cands.push({ d: i, c: j, score: 7 + (wordSpansCut(d.text, next.text) ? 4 : 0) });
    } else if (next && next.kind === 'short' && !next.inline) {
      // A headline printed inside the cut sentence: only with a word across the cut as evidence.
      const after = blocks[j + 1];
      // Evidence: a word across the cut, or a cut right after "的" (a headline never sits there otherwise).
      if (after && canContinue(d, after) && (wordSpansCut(d.text, after.text) || /的$/.test(d.text))) {
        cands.push({ d: i, c: j + 1, score: 13, over: j });
      }
    }
    // Far continuations: blocks whose start does not follow their own predecessor, within a page-sized window
    // (a column continues on the same page; the window also keeps huge text files linear).
    const from = Math.max(0, i - FAR_WINDOW);
    const to = Math.min(blocks.length, i + FAR_WINDOW + 1);
    for (let k = from; k < to; k++) {
      const c = blocks[k] as Block;
      if (k === j || k === i || !canContinue(d, c)) continue;
      const before = prevBody(k);
      // A block after a finished paragraph does not read on from it. (After a heading it opens an article.)
      const orphan = before !== undefined && before.kind === 'body' && endsSentence(before.text);
      // Far away, only a word split at the cut counts as evidence: "重大专" | "项" but not "省市" | "民进".
      const span = stub && headStub(k) && wordSpansCut(d.text, c.text);
      // A lone short sentence right after a finished paragraph is what a stranded column end looks like.
      // …and more stranded text follows it (an article's real last paragraph is followed by its end).
      const lone =
        structuralEnd &&
        blocks[k + 1]?.kind === 'body' &&
        /\p{Script=Han}$/u.test(d.text) &&
        !/^[“"「]/.test(c.text) &&
        c.text.length <= 40 &&
        endsSentence(c.text) &&
        orphan;
      if (!span && !lone) continue;
      // A split word ("专|项") outweighs a plain adjacent block, which carries no evidence of its own.
      const score = (span ? 6.5 : 0) + (orphan ? 2 : 0) + (lone ? 2 : 0) + (structuralEnd ? 1 : 0);
      cands.push({ d: i, c: k, score, split: span && !lone });
    }
  });
  // Greedy: best evidence first; each cut takes one continuation, each block continues one cut; no cycles.
  cands.sort((a, b) => b.score - a.score || Math.abs(a.c - a.d) - Math.abs(b.c - b.d));
  const nextOf = new Map<number, number>();
  const prevOf = new Map<number, number>();
  const inline = new Set<number>();
  const splitJoins = new Set<number>();
  const reaches = (from: number, target: number): boolean => {
    let cur: number | undefined = from;
    for (let guard = 0; cur !== undefined && guard < blocks.length; guard++) {
      if (cur === target) return true;
      cur = nextOf.get(cur);
    }
    return false;
  };
  for (const cand of cands) {
    if (nextOf.has(cand.d) || prevOf.has(cand.c)) continue;
    if (reaches(cand.c, cand.d)) continue;
    nextOf.set(cand.d, cand.c);
    prevOf.set(cand.c, cand.d);
    if (cand.over !== undefined) inline.add(cand.over);
    if (cand.split) splitJoins.add(cand.d);
  }
  // Second chance: a cut with nothing found takes the nearest block released by a cut that chose another
  // continuation (that block starts mid-sentence, so it must continue something).
  const released: number[] = [];
  blocks.forEach((c, k) => {
    if (c.kind !== 'body' || prevOf.has(k)) return;
    const p = prevBodyIndex(blocks, k);
    if (p === undefined || !isDangling(blocks[p] as Block)) return;
    const took = nextOf.get(p);
    if (took !== undefined && took !== k) released.push(k);
  });
  // Closest pairs first, so each released block goes back to the nearest open cut.
  const pairs: [number, number][] = [];
  blocks.forEach((d, i) => {
    if (!isDangling(d) || nextOf.has(i)) return;
    for (const c of released) {
      if (c !== i && Math.abs(c - i) <= FAR_WINDOW && canContinue(d, blocks[c] as Block)) pairs.push([i, c]);
    }
  });
  pairs.sort((a, b) => Math.abs(a[0] - a[1]) - Math.abs(b[0] - b[1]));
  for (const [d, c] of pairs) {
    if (nextOf.has(d) || prevOf.has(c) || reaches(c, d)) continue;
    nextOf.set(d, c);
    prevOf.set(c, d);
  }
  // Last chance: a cut that plainly cannot end there ("企业、", "…的", "重大专") takes the nearest unclaimed block
  // that opens with a short stranded clause ("创新平台等认定工作。").
  const lastPairs: [number, number][] = [];
  blocks.forEach((d, i) => {
    if (!isDangling(d) || nextOf.has(i)) return;
    if (!/[、，,]$/.test(d.text) && !FUNCTION_END.test(d.text) && !endsInStub(d.text)) return;
    const from = Math.max(0, i - FAR_WINDOW);
    const to = Math.min(blocks.length, i + FAR_WINDOW + 1);
    for (let k = from; k < to; k++) {
      const c = blocks[k] as Block;
      if (k === i || prevOf.has(k) || !canContinue(d, c) || !strandedStart(c.text)) continue;
      const before = prevBody(k);
      if (before === undefined || before.kind !== 'body' || !endsSentence(before.text)) continue;
      lastPairs.push([i, k]);
    }
  });
  // Without a split word, topic decides: the continuation shares words with the paragraph it completes.
  const lastScore = new Map(
    lastPairs.map(([d, c]) => [`${d}:${c}`, sharedBigrams(blocks[d]?.text ?? '', blocks[c]?.text ?? '')]),
  );
  const scoreOf = (p: [number, number]): number => lastScore.get(`${p[0]}:${p[1]}`) ?? 0;
  lastPairs.sort((a, b) => scoreOf(b) - scoreOf(a) || Math.abs(a[0] - a[1]) - Math.abs(b[0] - b[1]));
  for (const [d, c] of lastPairs) {
    if (nextOf.has(d) || prevOf.has(c) || reaches(c, d)) continue;
    nextOf.set(d, c);
    prevOf.set(c, d);
  }
  // An article cut at the end of a column and continued elsewhere takes along the paragraphs that follow its
  // continuation there, up to the next heading, caption or another continuation.
  const tails = new Map<number, number[]>();
  const moved = new Set<number>();
  for (const [d, c] of nextOf) {
    if (!endsColumn.has(d) || c === d + 1 || splitJoins.has(d)) continue;
    const tail: number[] = [];
    for (let k = c + 1; k < blocks.length; k++) {
      const b = blocks[k] as Block;
      // Another stranded start is someone else's continuation: the carried run ends there.
      if (b.kind !== 'body' || prevOf.has(k) || moved.has(k) || k === d || strandedStart(b.text)) break;
      tail.push(k);
    }
    tail.forEach((k) => moved.add(k));
    tails.set(c, tail);
  }
  const out: Block[] = [];
  const emitted = new Set<number>();
  const emit = (i: number): void => {
    if (emitted.has(i)) return;
    emitted.add(i);
    const b = blocks[i] as Block;
    let text = b.text;
    const chain: number[] = [];
    let cur = nextOf.get(i);
    for (let guard = 0; cur !== undefined && guard < blocks.length; guard++) {
      text += blocks[cur]?.text ?? '';
      chain.push(cur);
      cur = nextOf.get(cur);
    }
    out.push(inline.has(i) ? { ...b, text, inline: true } : { ...b, text });
    for (const c of chain) for (const k of tails.get(c) ?? []) emit(k);
  };
  blocks.forEach((_, i) => {
    if (!prevOf.has(i) && !moved.has(i)) emit(i);
  });
  return out;
}

/** The whole cleaning pass: lines → classified, de-duplicated, column-joined blocks. */
export function cleanPage(text: string): Block[] {
  return joinColumnBreaks(splitBlocks(text));
}
