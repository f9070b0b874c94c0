/**
 * Turns the core's streaming partials into OpenAI deltas, which can only append. Partials are the model's draft
 * (markers numbered as they appear); the final answer can differ once citations are checked (an unsupported
 * marker dropped, the rest renumbered) or when the model failed and a fallback answered. Then the checked answer
 * follows the draft under a note, so no footnote ever points at the wrong paragraph.
 */
import type { Answer } from '../types.js';
import { CORRECTION, replyText } from './render.js';

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
