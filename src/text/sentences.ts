/**
 * Sentence splitting for Chinese news text (also used for extractive answers, so quotes stay whole).
 * Ends: 。！？；… and ASCII ! ? ; (a "." only before a space or the end, never inside 160.4).
 * A terminator inside “…” / 「…」 / 《…》 does not end the sentence; closing quotes and brackets that follow a
 * terminator stay with it ("…。”").
 */

const OPEN_TO_CLOSE: Record<string, string> = { '“': '”', '「': '」', '『': '』', '《': '》', '‘': '’' };
const TERMINATORS = new Set(['。', '！', '？', '；', '!', '?', ';', '…']);
const TRAILERS = new Set(['”', '’', '」', '』', '》', ')', '）', '"', "'", '…', '。', '！', '？', '!', '?']);

const QUOTE_CHARS = /[“”「」『』《》‘’"]/;

/** Positions (start inclusive, end exclusive) of balanced quote spans; unbalanced openers are ignored. */
function quoteSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  if (!QUOTE_CHARS.test(text)) return spans;
  const stack: { close: string; at: number }[] = [];
  let asciiOpen = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (!QUOTE_CHARS.test(ch)) continue;
    const close = OPEN_TO_CLOSE[ch];
    if (close !== undefined) {
      stack.push({ close, at: i });
      continue;
    }
    if (ch === '"') {
      if (asciiOpen < 0) asciiOpen = i;
      else {
        spans.push([asciiOpen, i + 1]);
        asciiOpen = -1;
      }
      continue;
    }
    const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
    if (top !== undefined && ch === top.close) {
      stack.pop();
      // Only the outermost span matters for splitting.
      if (stack.length === 0) spans.push([top.at, i + 1]);
    } else if (top !== undefined && stack.some((s) => s.close === ch)) {
      // A closer for an outer quote: the inner opener was unbalanced; unwind to it.
      while (stack.length > 0 && stack[stack.length - 1]?.close !== ch) stack.pop();
      const outer = stack.pop();
      if (outer !== undefined && stack.length === 0) spans.push([outer.at, i + 1]);
    }
  }
  return spans;
}

function isBreak(text: string, i: number): boolean {
  const ch = text[i] ?? '';
  if (TERMINATORS.has(ch)) return true;
  if (ch === '.') {
    // ASCII full stop: not inside numbers/abbreviations; only before whitespace, CJK or the end.
    const next = text[i + 1];
    const prev = text[i - 1] ?? '';
    if (/\d/.test(prev) && next !== undefined && /\d/.test(next)) return false;
    return next === undefined || /[\s\p{Script=Han}“「]/u.test(next);
  }
  return false;
}

/**
 * End offsets (exclusive) of the sentences of a text, untrimmed: `text.slice(prev, end)` is one sentence with its
 * closing marks. The last sentence may run to the end without a terminator (no offset for it). With `newlines`, a
 * line break (and any that follow) also ends a sentence: answers the model writes as lists.
 */
export function sentenceEnds(text: string, options: { newlines?: boolean } = {}): number[] {
  const spans = quoteSpans(text);
  const quoted = new Uint8Array(text.length);
  for (const [a, b] of spans) quoted.fill(1, a + 1, b - 1);
  const inQuote = (i: number): boolean => quoted[i] === 1;
  const ends: number[] = [];
  let i = 0;
  while (i < text.length) {
    if (options.newlines === true && text[i] === '\n') {
      let end = i + 1;
      while (text[end] === '\n') end++;
      ends.push(end);
      i = end;
      continue;
    }
    // "…推进。”": a quotation that ends with a full stop ends the sentence after its closing mark.
    const closesQuote = quoted[i - 1] === 1 && quoted[i] !== 1 && isBreak(text, i - 1);
    if ((isBreak(text, i) && !inQuote(i)) || closesQuote) {
      let end = i + 1;
      while (end < text.length && TRAILERS.has(text[end] ?? '')) end++;
      ends.push(end);
      i = end;
      continue;
    }
    i++;
  }
  return ends;
}

/** Split text into sentences; concatenating the result gives back the input (minus outer whitespace per piece). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const end of [...sentenceEnds(text), text.length]) {
    const piece = text.slice(start, end).trim();
    if (piece !== '') out.push(piece);
    start = end;
  }
  return out;
}

// Whether a block of text (a paragraph, a column piece) ends a sentence. Ingest asks this with slightly different
// tolerances; the marks are defined once here.

/** Full stops of a sentence (no ASCII "." — a block ending in one is as likely an abbreviation or a number). */
const STOPS = '。！？!?；;…';
/** Closing quotes and brackets that may follow a stop ("…推进。”"). */
const CLOSERS = '"”’」』）)';
const STRICT_END = new RegExp(`[${STOPS}][${CLOSERS}]*$`);
/** Also an introducing colon before a list, a closing quote alone, or a dash. */
const LOOSE_END = new RegExp(`[${STOPS}：:][${CLOSERS}]*$|[”」』]$|——$`);
/** A stop or any closing mark as the very last character (a closed title 《…》 included). */
const CLOSED_END = new RegExp(`[${STOPS}${CLOSERS}》]$`);

/**
 * Does the text end a sentence? `strict`: a stop, then only closing marks. `paragraph`: also a colon, a closing
 * quote alone or a dash (a paragraph may end there). `closed`: the last character is a stop or a closing mark (a
 * column that was not cut mid-sentence). Trailing whitespace is ignored.
 */
export function endsSentence(text: string, how: 'strict' | 'paragraph' | 'closed' = 'strict'): boolean {
  const t = text.trimEnd();
  if (how === 'paragraph') return LOOSE_END.test(t);
  if (how === 'closed') return CLOSED_END.test(t);
  return STRICT_END.test(t);
}
