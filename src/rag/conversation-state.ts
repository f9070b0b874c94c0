/**
 * Conversation state: what a follow-up refers to, and the standalone question it stands for (pure).
 *
 * The state of a conversation is typed slots — place, person, body, the topic words — taken from the previous
 * question (itself resolved against the turns before it, so a chain of follow-ups keeps its subject) and from the
 * previous answer, plus the articles that answer cited (when the front end kept them). A new question is then:
 * - a swap, "X呢？": X's entities replace the slots of their types and the rest of the previous question stays
 *   ("人社局呢？" after a question about a city's 教育局 asks the same of that city's 人社局); a place or body swap
 *   drops the previous person, who belongs to the old one;
 * - a reference: 他/她 → the last person, 他们 → the last body, 那里/当地 → the last place (the place the answer
 *   gave when the question asked where), 这个X/该X/这篇 → the phrase ending in X the conversation used, or the
 *   article last cited;
 * - elliptical ("具体在几月？", no entity of its own, short): the previous entities are put in front;
 * - otherwise a complete question, which starts afresh.
 * Every front end passes its turns here through analyzeQuery, so the rules are the same everywhere.
 */
import { normalizeQuery } from '../text/normalize.js';
import { tagWords } from '../text/tokenize.js';
import type { Turn } from '../types.js';
import {
  isBodyName,
  looksLikeName,
  mentions,
  shortPlaceName,
  type EntityType,
  type Mention,
} from './entities.js';

export type ResolutionKind = 'fresh' | 'swap' | 'reference' | 'ellipsis';

export interface CitedArticle {
  id: string;
  title: string;
}

export interface Resolution {
  /** The question to search, standing alone. */
  standalone: string;
  kind: ResolutionKind;
  /** Articles the previous answer cited, when the question refers back to what was just said. */
  articles: CitedArticle[];
  /** The people and bodies the follow-up is about (the swapped-in X, the referent of 他/他们/该局). */
  focus: string[];
  /** Swaps: what the user typed; the rest of the standalone question was carried over from the last one. */
  own?: string;
}

/** The slots a new question can refer to. */
export interface ConversationState {
  /** The previous question, resolved. */
  question: string;
  /** Its entity mentions, in order. */
  entities: Mention[];
  /** Entities the previous answer named, then those the headlines of the articles it cited name. */
  answerEntities: Mention[];
  answer: string;
  /** The previous question asked where something is (its answer's place is "那里"). */
  askedWhere: boolean;
  articles: CitedArticle[];
}

const END_PUNCT = /[?？。!！\s]+$/;
/** "那X呢？", "还有X呢", "X的情况呢": X is what changes. */
const SWAP = /^(?:那么|那|还有|另外|再问问?|以及|和|跟)?(.{1,16}?)(?:的情况)?呢$/;
/** 他/她 as a pronoun, not inside 其他/他人/吉他. */
const PERSON_REF = /(?<![其吉利])(他|她|此人|这位委员|该委员|这位|那位)(?![们人乡国])/;
const GROUP_REF = /(他们|她们)/;
const PLACE_REF = /(那里|那儿|那边|这里|当地|该地|此地|那个地方|这个地方)/;
/** A demonstrative and the noun after it ("这个走廊", "该项目", "这篇报道", "上述问题"). */
const DEMONSTRATIVE = /(这个|那个|这一|这项|这次|这场|这篇|这些|那些|上述|此项|此次|(?<!应)该)/;
const ARTICLE_NOUNS = /^(报道|文章|新闻|稿子|稿件|篇)$/;
const PLACE_NOUNS = /^(地方|城市|市|县|区|省|地区|村|镇)$/;
const PERSON_NOUNS = /^(人|委员|同志|代表|专家|领导|负责人)$/;
const BODY_NOUNS = /^(单位|部门|机构|组织|机关|政协)$/;
/** Words that ask: a "…呢" holding one is a question of its own ("主席是谁呢"), not a swap. */
const ASKS = /(谁|什么|啥|哪|几|多少|怎|如何|为何|为什么|吗|是否|有没有)/;
/** Questions this short with no entity of their own lean on the previous one ("牵头的是谁？"). */
const ELLIPTICAL_CHARS = 8;
/** Openers that continue the conversation ("具体…", "其中…", "那…"). */
const CONTINUES = /^(那么|那|还|又|也|具体|其中|另外|此外|然后|再)/;
/** Where an asking tail begins ("…有什么建议", "…谈了什么"): what a swap keeps of the previous question. */
const ASKING_START = /(有|做|谈|说|讲|提|是|怎|如何|哪|多少|几|建议|关注)/;
const WHERE = /(哪里|哪儿|何地|何处|什么地方|去了哪|到了哪|在哪)/;

/** The entities of a text, with a bare name ("李明华") or body ("教育局") recognised by its shape. */
function entitiesOf(text: string): Mention[] {
  const ms = mentions(text);
  if (ms.length > 0) return ms;
  if (isBodyName(text)) return [{ type: 'body', text, start: 0, end: text.length }];
  if (looksLikeName(text)) return [{ type: 'person', text, start: 0, end: text.length }];
  return [];
}

/**
 * The question's entities, with names the answer confirms: a name jieba does not know ("王建国有什么建议") is
 * found in the question when the answer or a cited headline names that person ("委员王建国：…").
 */
function questionEntities(q: string, answered: Mention[]): Mention[] {
  const own = mentions(q);
  for (const a of answered) {
    const start = q.indexOf(a.text);
    if (start < 0 || a.text.length < 2) continue;
    const m: Mention = { ...a, start, end: start + a.text.length };
    if (!own.some((o) => m.start < o.end && o.start < m.end)) own.push(m);
  }
  return own.sort((a, b) => a.start - b.start);
}

export function stateOf(previousQuestion: string, turn: Turn): ConversationState {
  const answerEntities = [
    ...mentions(turn.answer),
    ...(turn.articles ?? []).flatMap((a) => mentions(a.title)),
  ];
  return {
    question: previousQuestion,
    entities: questionEntities(previousQuestion, answerEntities),
    answerEntities,
    answer: turn.answer,
    askedWhere: WHERE.test(previousQuestion),
    articles: turn.articles ?? [],
  };
}

/** The entities' text as one phrase, adjacent ones joined ("宁波市" + "政协" → "宁波市政协"). */
function phraseOf(ms: Mention[]): string {
  let out = '';
  let lastEnd = -1;
  for (const m of ms) {
    out += lastEnd === m.start || out === '' ? m.text : ` ${m.text}`;
    lastEnd = m.end;
  }
  return out;
}

/** A mention together with a place written right before it ("绍兴市" + "政协"). */
function withPlace(m: Mention, all: Mention[]): string {
  const place = all.find((p) => p.type === 'place' && p.end === m.start);
  return place ? place.text + m.text : m.text;
}

/** The asking tail of a question: from its asking verb after the last entity ("…谈了什么" → "谈了什么"). */
function askingTail(q: string, ms: Mention[]): string {
  const after = q.slice(ms.at(-1)?.end ?? 0).replace(/^的/, '');
  const m = ASKING_START.exec(after);
  return m ? after.slice(m.index) : after;
}

/** The place as a replacement for `old`: full name when the old one was written in full. */
function placeText(fresh: Mention, old: Mention): string {
  if (!fresh.place || !old.place) return fresh.text;
  const oldFull = old.text.endsWith(old.place.name);
  return oldFull ? fresh.place.name : shortPlaceName(fresh.place.name);
}

/** Entities a title can name: people and bodies (a place names too many articles to prefer any). */
const focusOf = (ms: Mention[]): string[] =>
  ms.filter((m) => m.type === 'person' || (m.type === 'body' && m.text !== '政协')).map((m) => m.text);

function swap(x: string, s: ConversationState): string {
  const prev = s.question;
  const xs = entitiesOf(x);
  const rest = xs
    .reduceRight((t, m) => t.slice(0, m.start) + t.slice(m.end), x)
    .replace(/^[的和、\s]+|[的和、\s]+$/g, '');
  const types = new Set<EntityType>(xs.map((m) => m.type));
  const dropPerson = !types.has('person') && (types.has('place') || types.has('body'));
  const kept = s.entities.filter((m) => !types.has(m.type) && !(dropPerson && m.type === 'person'));
  if (xs.length === 0 || rest !== '') {
    // A new topic or role ("科技创新呢", "X的政协主席呢"): the kept entities, X, and the previous asking tail.
    return `${phraseOf(kept)}${kept.length > 0 ? ' ' : ''}${x}${askingTail(prev, s.entities)}`.trim();
  }
  // Pure entity swap: replace each slot in place, right to left so positions stay valid.
  const edits: { start: number; end: number; text: string }[] = [];
  const inserts: string[] = [];
  for (const m of xs) {
    const old = s.entities.find((e) => e.type === m.type);
    if (old)
      edits.push({ start: old.start, end: old.end, text: m.type === 'place' ? placeText(m, old) : m.text });
    else inserts.push(m.text);
  }
  if (dropPerson)
    for (const p of s.entities.filter((e) => e.type === 'person'))
      edits.push({ start: p.start, end: p.end, text: '' });
  let out = prev;
  for (const e of edits.sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return inserts.length > 0 ? `${inserts.join('')} ${out}` : out;
}

/** The phrase of the conversation that ends in `noun` ("文旅平台" for 平台, "“…行动”项目" for 项目). */
function phraseEndingIn(noun: string, texts: string[]): string | undefined {
  for (const text of texts) {
    for (let at = text.indexOf(noun); at >= 0; at = text.indexOf(noun, at + 1)) {
      const before = text.slice(0, at);
      const quoted = /[“"「『]([^”"」』]{2,24})[”"」』]$/.exec(before);
      if (quoted) return `${quoted[1]}${noun}`;
      // Nouns right before it, back to a verb, pronoun, particle or punctuation.
      const words = tagWords(before);
      let phrase = '';
      for (let i = words.length - 1; i >= 0 && phrase.length < 8; i--) {
        const w = words[i];
        if (!w || /^([rpudcymqf]|v(?!n))/.test(w.tag) || !/^\p{Script=Han}+$/u.test(w.word)) break;
        phrase = w.word + phrase;
      }
      if (phrase !== '') return phrase + noun;
    }
  }
  return undefined;
}

/** What "这个X" names: an entity slot for entity nouns, else the phrase the conversation used. */
function demonstrativeTarget(noun: string, s: ConversationState): string | undefined {
  const first = (t: EntityType): Mention | undefined =>
    s.entities.find((m) => m.type === t) ?? s.answerEntities.find((m) => m.type === t);
  if (ARTICLE_NOUNS.test(noun)) return s.articles[0]?.title;
  if (PLACE_NOUNS.test(noun)) return first('place')?.text;
  if (PERSON_NOUNS.test(noun)) return first('person')?.text;
  if (BODY_NOUNS.test(noun) || isBodyName(noun)) {
    const b = first('body');
    return b ? withPlace(b, s.entities) : undefined;
  }
  return phraseEndingIn(noun, [s.question, s.answer, ...s.articles.map((a) => a.title)]);
}

function placeReferent(s: ConversationState): Mention | undefined {
  const asked = s.entities.filter((m) => m.type === 'place');
  const answered = s.answerEntities.filter(
    (m) => m.type === 'place' && !asked.some((a) => a.text === m.text),
  );
  return s.askedWhere ? (answered[0] ?? asked[0]) : (asked[0] ?? answered[0]);
}

/** Replaces references to earlier entities; undefined when the question has none it can resolve. */
function resolveReferences(q: string, s: ConversationState): { text: string; focus: string[] } | undefined {
  let out = q;
  let changed = false;
  const focus: string[] = [];
  const replace = (re: RegExp, by: string | undefined, focal = true): void => {
    if (by === undefined || !re.test(out)) return;
    out = out.replace(re, by);
    changed = true;
    if (focal) focus.push(by);
  };
  const person =
    s.entities.find((m) => m.type === 'person') ?? s.answerEntities.find((m) => m.type === 'person');
  const body = s.entities.find((m) => m.type === 'body');
  const place = placeReferent(s);
  replace(GROUP_REF, body ? withPlace(body, s.entities) : (person?.text ?? place?.text));
  replace(PERSON_REF, person?.text);
  replace(PLACE_REF, place?.text, false);
  const dm = DEMONSTRATIVE.exec(out);
  if (dm) {
    const after = out.slice(dm.index + dm[0].length);
    const next = tagWords(after)[0];
    const noun = next?.word ?? '';
    const entityNoun = [ARTICLE_NOUNS, PLACE_NOUNS, PERSON_NOUNS, BODY_NOUNS].some((re) => re.test(noun));
    const isNoun =
      next !== undefined && (entityNoun || /^(n|vn|j|x)/.test(next.tag)) && /^\p{Script=Han}+$/u.test(noun);
    const target = isNoun ? demonstrativeTarget(noun, s) : undefined;
    if (target !== undefined) {
      out = out.slice(0, dm.index) + target + after.slice(noun.length);
      changed = true;
    }
  }
  if (!changed) return undefined;
  // Keep the place of the conversation when the resolved question has none ("这个走廊…" → "浙江 …").
  const ms = mentions(out);
  const prevPlace = s.entities.find((m) => m.type === 'place');
  if (prevPlace && !ms.some((m) => m.type === 'place')) out = `${prevPlace.text} ${out}`;
  return { text: out, focus };
}

/** Resolves one question against the state of the conversation before it. */
export function resolveWith(question: string, s: ConversationState | undefined): Resolution {
  const fresh: Resolution = { standalone: question, kind: 'fresh', articles: [], focus: [] };
  if (!s) return fresh;
  const core = question.replace(END_PUNCT, '');
  const swapped = SWAP.exec(core);
  const x = swapped?.[1];
  if (x && !ASKS.test(x))
    return { standalone: swap(x, s), kind: 'swap', articles: [], focus: focusOf(entitiesOf(x)), own: x };
  const referred = resolveReferences(question, s);
  if (referred !== undefined)
    return { standalone: referred.text, kind: 'reference', articles: s.articles, focus: referred.focus };
  const own = mentions(core);
  // A demonstrative left unresolved ("这个走廊…" with no such phrase before) still leans on the conversation.
  if (
    own.length === 0 &&
    (core.length <= ELLIPTICAL_CHARS || CONTINUES.test(core) || DEMONSTRATIVE.test(core))
  ) {
    const context = phraseOf(s.entities);
    if (context !== '')
      return { standalone: `${context} ${question}`, kind: 'ellipsis', articles: s.articles, focus: [] };
  }
  return fresh;
}

/**
 * The question resolved against the turns before it (oldest first). Earlier questions are resolved the same
 * way in order, so "他呢？" after a chain of follow-ups still reaches the subject the chain started from.
 * `question` and the turns' questions are normalised here.
 */
export function resolveQuestion(question: string, turns: Turn[]): Resolution {
  let state: ConversationState | undefined;
  for (const turn of turns) {
    const resolved = resolveWith(normalizeQuery(turn.question), state);
    state = stateOf(resolved.standalone, turn);
  }
  return resolveWith(normalizeQuery(question), state);
}

/** Exposed for explain output: the state the next question is resolved against. */
export function conversationState(turns: Turn[]): ConversationState | undefined {
  let state: ConversationState | undefined;
  for (const turn of turns)
    state = stateOf(resolveWith(normalizeQuery(turn.question), state).standalone, turn);
  return state;
}
