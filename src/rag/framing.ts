/**
 * Framing sentences: the only sentences of a generated answer that may stand without a citation (pure).
 *
 * A sentence is framing when it states nothing a citation would have to hold — no person, place, body, number or
 * date beyond those the question itself names — AND it is one of:
 * - a statement of what the reports do not say ("报道中没有提到上海市政协主席是谁。", "The reports do not mention…");
 * - a connective or lead-in with little content of its own ("具体如下：", "根据报道，", "In summary,").
 * Everything else without a valid citation is a claim, and an unchecked claim is removed.
 */
import { factsBeyond, type Facts } from './claims.js';

/** "没有提到", "未提及", "无法确定", "do not mention": the sentence reports a gap in the reports. */
const LIMIT =
  /((没有|没|未|并未|尚未|不曾|均未|都没有?)(具体|明确|直接|详细)?(提到|提及|说明|写明|介绍|涉及|给出|透露|披露|记载|报道|载明|指明|列出|说到|谈到)|无法(确定|判断|回答|得知|确认)|不清楚|没有(相关|这方面|关于)|未见|不包含|找不到|(do|does|did) not (mention|say|state|give|specify|include|report|name)|no information|not (mentioned|stated|given|specified|reported)|cannot be (determined|answered))/iu;

/** Lead-ins and connectives: "根据报道", "具体如下", "主要包括", "总的来说", "as follows". */
const LEAD =
  /(根据|据|从|结合)(检索到的|现有的?|上述|以上|提供的)?(报道|段落|资料|材料|内容|信息)|如下|以下|具体(来说|而言|包括|有)?|主要(包括|有|是)|包括|总的来说|总之|综上|概括(来说|而言)?|此外|另外|同时|其中|according to|as follows|in summary|in short|in addition|the reports?|the paragraphs?/giu;

/** Content left after the lead-in is removed: at most this many Han characters (or Latin words). */
const MAX_LEAD_CONTENT = 6;
/** A statement of a gap may restate the question; longer than this it says more than the gap. */
const MAX_LIMIT_CONTENT = 40;

function contentSize(text: string): number {
  const han = text.match(/\p{Script=Han}/gu)?.length ?? 0;
  const words = text.match(/[A-Za-z]+/g)?.length ?? 0;
  return han + words;
}

/**
 * Is `sentence` framing (see above)? `question`: the question's own facts, which a framing sentence may repeat;
 * without one (summaries) a framing sentence may name nothing at all.
 */
export function isFraming(sentence: string, question?: { facts: Facts; text: string }): boolean {
  const s = sentence.replace(/NO[_ ]ANSWER/g, '').trim();
  if (s === '') return true;
  const asked = question ?? { facts: emptyFacts(), text: '' };
  if (factsBeyond(s, asked).length > 0) return false;
  if (LIMIT.test(s)) return contentSize(s) <= MAX_LIMIT_CONTENT;
  return contentSize(s.replace(LEAD, '')) <= MAX_LEAD_CONTENT;
}

function emptyFacts(): Facts {
  return { persons: [], places: [], bodies: [], numbers: [], numerals: [] };
}
