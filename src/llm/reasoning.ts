/**
 * Reasoning models served through OpenAI-compatible servers (Ollama, vLLM: Qwen3, DeepSeek-R1…) often put
 * their chain of thought inside the content as <think>…</think>. Users must never see it, and the citation
 * processor must not read it, so it is removed here, on the stream, even when a tag is split across deltas.
 */
const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest suffix of `s` that is a proper prefix of `tag` (a tag that may still be arriving). */
function partialTagSuffix(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) if (s.endsWith(tag.slice(0, n))) return n;
  return 0;
}

export class ReasoningFilter {
  private buf = '';
  private inside = false;
  /** After a block closes, the blank lines that followed it are not part of the answer. */
  private afterBlock = false;

  /** Feeds a delta; returns the visible text it releases (possibly ''). */
  push(delta: string): string {
    this.buf += delta;
    let out = '';
    for (;;) {
      if (this.inside) {
        const i = this.buf.indexOf(CLOSE);
        if (i < 0) {
          this.buf = this.buf.slice(this.buf.length - partialTagSuffix(this.buf, CLOSE));
          return out;
        }
        this.buf = this.buf.slice(i + CLOSE.length);
        this.inside = false;
        this.afterBlock = true;
        continue;
      }
      if (this.afterBlock) {
        this.buf = this.buf.replace(/^\s+/, '');
        if (this.buf === '') return out;
        this.afterBlock = false;
      }
      const i = this.buf.indexOf(OPEN);
      if (i >= 0) {
        out += this.buf.slice(0, i);
        this.buf = this.buf.slice(i + OPEN.length);
        this.inside = true;
        continue;
      }
      const keep = partialTagSuffix(this.buf, OPEN);
      out += this.buf.slice(0, this.buf.length - keep);
      this.buf = this.buf.slice(this.buf.length - keep);
      return out;
    }
  }

  /** End of stream: an unclosed block is dropped, a dangling "<thi" is ordinary text. */
  end(): string {
    const rest = this.inside ? '' : this.buf;
    this.buf = '';
    return rest;
  }
}

/** The same for a complete reply. */
export function stripReasoning(text: string): string {
  const f = new ReasoningFilter();
  return f.push(text) + f.end();
}
