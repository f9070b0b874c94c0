/**
 * Does a generated answer answer THIS question? (pure) Each sentence that survives the citation check is true to
 * its paragraphs, but the model may still answer another question: name a chairman of another city, or say what
 * a meeting discussed when asked who chaired it. An answer counts only when one of its checked sentences
 * - binds the question's constraint entities: every place, person and body the question names is in the
 *   sentence or in the paragraphs it cites (their article's title and places included), and
 * - holds the asked slot: the kind of fact the question asks for (a person for 谁, a number with its unit for
 *   多少, a date for 何时 …), as the answer shape of the offline answerer reads it.
 * `SlotCheck` is the seam for a finer slot model (the role bound to the entity): pass one and it replaces the
 * shape check and the prompt's description of the slot.
 */
import type { Lang } from '../types.js';
import { answerShape, shapeFit } from './answer-shape.js';
import {
  factCorpus,
  factsBeyond,
  factsOf,
  missingFacts,
  questionFacts,
  type Facts,
  type FactSource,
} from './claims.js';
import type { QuestionType } from './question-type.js';
import { bindsSlot } from './answerability.js';
import { sentenceUnits } from './extractive.js';
import type { AskedSlot } from './slot.js';

/** What the question asks for, for the prompt and for checking an answer sentence. */
export interface SlotCheck {
  /** How the prompt names it ("一个人名：担任这一职务的人"). */
  describe(lang: Lang): string;
  /** Does the sentence (with the paragraphs it cites) give the asked fact? */
  holds(sentence: string, cited: FactSource[]): boolean;
}

/** A checked sentence of the answer with the paragraphs its citations point at. */
export interface CheckedSentence {
  text: string;
  cited: FactSource[];
}

export interface AnswerCheck {
  /** The slot line of the prompt ('' when the question asks for no particular kind of fact). */
  promptSlot(lang: Lang): string;
  /** Does this checked sentence answer the question? */
  answers(sentence: CheckedSentence): boolean;
}

const SLOT_WORDS: Partial<Record<QuestionType, { zh: string; en: string }>> = {
  person: { zh: '一个人（姓名或职务）', en: 'a person (name or post)' },
  org: { zh: '一个机构或单位的名称', en: 'the name of a body or organisation' },
  place: { zh: '一个地点', en: 'a place' },
  date: { zh: '一个日期或时间', en: 'a date or time' },
  number: { zh: '一个数字（带单位）', en: 'a number (with its unit)' },
  ordinal: { zh: '一个序数（第几）', en: 'an ordinal (which one)' },
};

/**
 * The slot as the offline answerer reads it (the answer shape of the question type, shapeFit > 0), or a fact of
 * the asked kind the sentence states beyond the question (claims.ts: a name after a title jieba does not tag).
 */
export function shapeSlot(question: string, type: QuestionType): SlotCheck | undefined {
  const words = SLOT_WORDS[type];
  if (!words) return undefined;
  const shape = answerShape(question, type);
  const asked = questionFacts(question);
  const kinds = SLOT_FACTS[type] ?? [];
  return {
    describe: (lang) => words[lang],
    holds: (sentence) => {
      if (shapeFit(sentence, shape) > 0) return true;
      const beyond = new Set(factsBeyond(sentence, asked));
      const f = factsOf(sentence);
      return kinds.some((k) => factItems(f, k).some((x) => beyond.has(x)));
    },
  };
}

type FactKind = 'persons' | 'places' | 'bodies' | 'numbers';
/** The facts that fill each slot. */
const SLOT_FACTS: Partial<Record<QuestionType, FactKind[]>> = {
  person: ['persons'],
  org: ['bodies'],
  place: ['places'],
  date: ['numbers'],
  number: ['numbers'],
};

function factItems(f: Facts, kind: FactKind): string[] {
  switch (kind) {
    case 'persons':
      return f.persons;
    case 'places':
      return f.places.map((p) => p.name);
    case 'bodies':
      return f.bodies;
    case 'numbers':
      return [...f.numbers.map((n) => n.value), ...f.numerals.map((q) => q.numeral + q.unit)];
  }
}

/** The question's constraint entities must be in the sentence or its cited paragraphs. */
function binds(question: string, s: CheckedSentence): boolean {
  const asked = factsOf(question);
  const named = [...asked.persons, ...asked.places.map((p) => p.name), ...asked.bodies];
  if (named.length === 0) return true;
  const corpus = factCorpus([{ text: s.text }, ...s.cited]);
  // Only the names: a question's numbers ("2024年…") are the topic, not a constraint the answer must repeat.
  return missingFacts(question, corpus, { ...asked, numbers: [], numerals: [] }).length === 0;
}

export function answerCheck(args: {
  question: string;
  type: QuestionType;
  lang: Lang;
  slot?: SlotCheck;
}): AnswerCheck {
  const slot = args.slot ?? shapeSlot(args.question, args.type);
  return {
    promptSlot: (lang) => (slot ? slotLine(slot.describe(lang), lang) : ''),
    answers: (s) => {
      if (!binds(args.question, s)) return false;
      // An English sentence restates Chinese paragraphs: its shape cannot be read, its names (in brackets) can.
      if (!slot || args.lang === 'en') return true;
      return slot.holds(s.text, s.cited);
    },
  };
}

/** Slots a shape cannot check: whose role, a count of what, a measure in which unit (answerability.ts). */
const BOUND_KINDS = new Set<AskedSlot['kind']>(['role', 'count', 'measure']);

/**
 * The asked slot as the offline answerer binds it: besides the shape, one sentence of the cited paragraphs must
 * bind it — "X市政协主席是张三[1]" stands only when paragraph [1] names X's chair, not when it names X in passing.
 * Undefined for slots the shape check covers alone.
 */
export function boundSlot(slot: AskedSlot, question: string, type: QuestionType): SlotCheck | undefined {
  const shape = shapeSlot(question, type);
  if (!BOUND_KINDS.has(slot.kind)) return shape;
  return {
    describe: (lang) => shape?.describe(lang) ?? (lang === 'en' ? 'the asked fact' : '问题问的那一项事实'),
    holds: (sentence, cited) =>
      (shape === undefined || shape.holds(sentence, cited)) &&
      cited.some((c) => {
        const units = sentenceUnits(c.text);
        return units.some((u, i) =>
          bindsSlot(slot, {
            sentence: u,
            near: units.filter((_, j) => j !== i),
            headline: c.title ?? '',
            places: c.places ?? [],
          }),
        );
      }),
  };
}

function slotLine(what: string, lang: Lang): string {
  return lang === 'en'
    ? `The question asks for ${what}. Answer only if a paragraph states it for exactly what the question names ` +
        '(the same place, body or person); otherwise follow rule 4 and write NO_ANSWER.'
    : `问题要的是${what}。只有段落明确写出它，并且说的正是问题里的那个地方、机构或人时才回答；否则按规则 4 输出 NO_ANSWER。`;
}
