/**
 * Turns the core's streaming partials into OpenAI deltas, which can only append. Partials are the model's draft
 * (markers numbered as they appear); the final answer can differ once citations are checked (an unsupported
 * marker dropped, the rest renumbered) or when the model failed and a fallback answered. Then the checked answer
 * follows the draft under a note, so no footnote ever points at the wrong paragraph.
 */
import type { Answer, Lang } from '../types.js';
import { replyText } from './render.js';

const CORRECTION: Record<Lang, string> = {
  zh: '——以上为草稿；核对引用后的回答如下，以此为准——',
  en: '— The above was a draft; the answer with checked citations follows —',
};

export class ReplyStream {
  private sent = '';

  /** The delta for a partial text, '' when nothing new can be appended. */
  partial(textSoFar: string): string {
    if (!textSoFar.startsWith(this.sent)) return '';
    const delta = textSoFar.slice(this.sent.length);
    this.sent = textSoFar;
    return delta;
  }

  /** The last delta: the rest of the reply, or the whole checked reply when the draft went astray. */
  final(answer: Answer): string {
    const full = replyText(answer);
    const sent = this.sent;
    this.sent = full;
    if (full.startsWith(sent)) return full.slice(sent.length);
    return `\n\n${CORRECTION[answer.lang]}\n\n${full}`;
  }
}
