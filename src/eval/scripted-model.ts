/**
 * A scripted chat model for measuring LLM mode without a provider: it reads the numbered paragraphs of the
 * prompt and writes a reply of a chosen kind — fabrications behind real citations, uncited claims, out-of-range
 * markers, NO_ANSWER, garbage, an answer to another question, or a faithful copy — streamed in small pieces.
 * Every fabricated name and number it writes is recorded, so the eval can look for them in what the reader got.
 */
import type { ChatMessage, ChatModel } from '../llm/chat.js';

export const BEHAVIOURS = [
  'name',
  'number',
  'uncited',
  'out-of-range',
  'confident',
  'no-answer',
  'garbage',
  'other',
  'copy',
] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** What each behaviour writes (for the report). */
export const BEHAVIOUR_NOTES: Record<Behaviour, string> = {
  name: 'a true clause with an invented person added, cited to its real paragraph',
  number: 'a true clause with an invented number added, cited to its real paragraph',
  uncited: 'an uncited invented claim (person, money), then a true cited clause',
  'out-of-range': 'a true cited clause, then an invented count behind a marker past the last paragraph',
  confident:
    'three claims: the asked role held by an invented person [1], a trip to 北京 [2], an invented count [n+3]',
  'no-answer': 'NO_ANSWER',
  garbage: 'unrelated text with an invented number, no citation',
  other: 'a true clause of the last paragraph shown, cited (an answer to another question)',
  copy: 'the first clause of the first paragraph, cited (a faithful answer; shows what passes through)',
};

/**
 * Invented names and numbers. Names: compound surnames with given names that no report is likely to print;
 * numbers: four digits. The eval drops any that the corpus does contain before it counts.
 */
const FAKE_NAMES = ['欧阳明远', '司马青岚', '上官云舒', '诸葛文澈', '东方若谷', '慕容思齐'];
const FAKE_NUMBERS = ['9876', '8642', '7531', '6429', '5317', '4286'];

interface Shown {
  n: number;
  text: string;
}

/** The prompt's numbered paragraphs: "[n]《title》（date）" then the text. */
function numbered(messages: ChatMessage[]): Shown[] {
  const system = messages[0]?.content ?? '';
  return [...system.matchAll(/^\[(\d+)\]《[^》\n]*》[^\n]*\n([^\n]*)/gm)].map((m) => ({
    n: Number(m[1]),
    text: m[2] ?? '',
  }));
}

/** A clause a model would restate: the first stretch between sentence ends with some content, quotes removed. */
function clauseOf(text: string): string {
  const parts = text
    .split(/[。！？!?；;\n]/)
    .map((c) => c.replace(/[“”"‘’]/g, '').trim())
    .filter((c) => c.length >= 8);
  const c = parts[0] ?? text.trim();
  return c.length > 60 ? c.slice(0, 60) : c;
}

export interface ScriptedModel extends ChatModel {
  /** Names and numbers invented so far. */
  readonly invented: Set<string>;
  behaviour: Behaviour;
  /** The question being asked (the confident behaviour names its place). */
  place: string;
}

export function scriptedModel(fakes: { names: string[]; numbers: string[] } = defaultFakes()): ScriptedModel {
  let call = 0;
  const model: ScriptedModel = {
    model: 'scripted',
    invented: new Set<string>(),
    behaviour: 'name',
    place: '',
    async *stream(messages) {
      const reply = write(messages);
      for (let i = 0; i < reply.length; i += 3) yield reply.slice(i, i + 3);
    },
    async complete(messages) {
      return write(messages);
    },
  };
  const write = (messages: ChatMessage[]): string => {
    const shown = numbered(messages);
    // Rewrite and translate prompts show no paragraphs: an empty reply keeps the question as it is.
    if (shown.length === 0) return '';
    call++;
    const name = fakes.names[call % fakes.names.length] as string;
    const num = fakes.numbers[call % fakes.numbers.length] as string;
    const first = shown[0] as Shown;
    const last = shown.at(-1) as Shown;
    const c1 = clauseOf(first.text);
    const invent = (...xs: string[]): void => xs.forEach((x) => model.invented.add(x));
    switch (model.behaviour) {
      case 'name':
        invent(name);
        return `${c1}，由市政协副主席${name}主持[${first.n}]。`;
      case 'number':
        invent(num);
        return `${c1}，共有${num}名委员参加[${first.n}]。`;
      case 'uncited':
        invent(name, num);
        return `${name}表示，此项工作投入资金${num}万元。${c1}[${first.n}]。`;
      case 'out-of-range':
        invent(num);
        return `${c1}[${first.n}]。另据报道，共收到提案${num}件[${shown.length + 5}]。`;
      case 'confident': {
        invent(name, num, '北京工作');
        const place = model.place || '该市';
        return (
          `${place}政协主席是${name}[${first.n}]。他曾在北京工作多年[${last.n}]。` +
          `另据报道，${place}政协共有委员${num}人[${shown.length + 3}]。`
        );
      }
      case 'no-answer':
        return 'NO_ANSWER\n这些段落没有相关内容。';
      case 'garbage':
        invent(num);
        return `嗯……这个问题很有意思，答案大概是${num}吧，具体请咨询相关部门！`;
      case 'other':
        return `${clauseOf(last.text)}[${last.n}]。`;
      case 'copy':
        return `${c1}[${first.n}]。`;
    }
  };
  return model;
}

function defaultFakes(): { names: string[]; numbers: string[] } {
  return { names: [...FAKE_NAMES], numbers: [...FAKE_NUMBERS] };
}

/** The invented names and numbers a corpus text does not hold (those it holds would not be inventions). */
export function fakesAbsentFrom(corpus: string): { names: string[]; numbers: string[] } {
  const absent = (xs: string[]) => xs.filter((x) => !corpus.includes(x));
  return { names: absent(FAKE_NAMES), numbers: absent(FAKE_NUMBERS) };
}
