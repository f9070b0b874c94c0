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

/** Split text into sentences; concatenating the result gives back the input (minus outer whitespace per piece). */
export function splitSentences(text: string): string[] {
  const spans = quoteSpans(text);
  const quoted = new Uint8Array(text.length);
  for (const [a, b] of spans) quoted.fill(1, a + 1, b - 1);
  const inQuote = (i: number): boolean => quoted[i] === 1;
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    // "…推进。”": a quotation that ends with a full stop ends the sentence after its closing mark.
    const closesQuote = quoted[i - 1] === 1 && quoted[i] !== 1 && isBreak(text, i - 1);
    if ((isBreak(text, i) && !inQuote(i)) || closesQuote) {
      let end = i + 1;
      while (end < text.length && TRAILERS.has(text[end] ?? '')) end++;
      const piece = text.slice(start, end).trim();
      if (piece !== '') out.push(piece);
      start = end;
      i = end;
      continue;
    }
    i++;
  }
  const rest = text.slice(start).trim();
  if (rest !== '') out.push(rest);
  return out;
}
