/**
 * Generated follow-up dialogs for calibrating conversation state (pure: articles in, dialogs out). From each
 * article's headline the entities it is about — the people, bodies and main place its title names — and then:
 * - swaps: a question about entity A, then "B呢？" with another entity of the same type that a headline names;
 *   the article meant is B's;
 * - references: a question about A, then a follow-up that points back (他/他们/该局/那里/这篇报道/具体…); the article
 *   meant is A's.
 * The question templates are generic wordings of open questions (the kinds the dialogs format asks), not taken
 * from any eval file. Gold is the headline (several alternatives joined by `|` for a place's articles).
 */
import { mentions, type EntityType } from '../rag/entities.js';
import type { Article } from '../types.js';
import type { Dialog } from './dialogs.js';

interface Subject {
  type: EntityType;
  /** As a question writes it ("王建国", "宁波市教育局", "洛阳市"). */
  text: string;
  /** What swaps put in ("李明华", "人社局", "开封市"). */
  swapText: string;
  /** Titles of the articles about it. */
  titles: string[];
}

/** First turns by entity type: generic open questions. */
const FIRST: Record<EntityType, readonly string[]> = {
  person: ['{x}有什么建议？', '{x}说了什么？', '{x}关注什么问题？'],
  body: ['{x}有什么举措？', '{x}做了哪些工作？'],
  place: ['{x}政协做了哪些工作？', '{x}政协开展了哪些调研？'],
};
const SWAP = ['{x}呢？', '那{x}呢？'];
/** Follow-ups that point back to the subject of the first turn. */
const BACK: Record<EntityType, readonly string[]> = {
  person: ['他还提到了什么？', '他的建议具体是什么？'],
  body: ['他们还做了什么？', '这个部门有什么计划？'],
  place: ['当地政协还做了什么？', '那边还有哪些工作？'],
};
const ARTICLE_BACK = ['这篇报道讲了什么？', '具体说了什么？'];

const fill = (template: string, x: string): string => template.replace('{x}', x);

/** The people, bodies and main place each headline names, merged across articles. */
export function subjectsOf(articles: Article[]): Subject[] {
  const byKey = new Map<string, Subject>();
  const add = (s: Omit<Subject, 'titles'>, title: string): void => {
    const key = `${s.type}:${s.swapText}`;
    const had = byKey.get(key);
    if (had) {
      if (!had.titles.includes(title)) had.titles.push(title);
    } else byKey.set(key, { ...s, titles: [title] });
  };
  for (const a of articles) {
    if (a.title.trim() === '') continue;
    const ms = mentions(a.title);
    const place = ms.find((m) => m.type === 'place');
    for (const m of ms) {
      if (m.type === 'person') add({ type: 'person', text: m.text, swapText: m.text }, a.title);
      // "政协" alone is every report's subject: only departments and other named bodies.
      if (m.type === 'body' && m.text !== '政协' && !m.text.endsWith('政协')) {
        const prefix = place && place.end === m.start ? place.text : '';
        add({ type: 'body', text: prefix + m.text, swapText: m.text }, a.title);
      }
    }
    const main = a.places[0];
    if (main) add({ type: 'place', text: main.name, swapText: main.name }, a.title);
  }
  // A subject named by many headlines is not specific enough to know which article a follow-up means.
  return [...byKey.values()].filter((s) => s.type === 'place' || s.titles.length === 1);
}

/** Every generated dialog, ids in a stable order; `limit` keeps an even spread (every k-th). */
export function generateDialogs(articles: Article[], limit = Infinity): Dialog[] {
  const subjects = subjectsOf(articles);
  const out: Dialog[] = [];
  const push = (kind: string, turns: string[], titles: string[]): void => {
    out.push({ id: `gen-${kind}-${out.length}`, turns, gold: titles.join('|') });
  };
  for (const a of subjects) {
    const firsts = FIRST[a.type];
    for (const b of subjects) {
      if (b === a || b.type !== a.type || b.swapText === a.swapText) continue;
      // A body swap keeps the place: only bodies of the same place ("教育局" → "人社局" within one city).
      if (a.type === 'body' && a.text.slice(0, -a.swapText.length) !== b.text.slice(0, -b.swapText.length))
        continue;
      const first = firsts[(out.length + a.text.length) % firsts.length] ?? '';
      const swap = SWAP[out.length % SWAP.length] ?? '';
      push('swap', [fill(first, a.text), fill(swap, b.swapText)], b.titles);
    }
    for (const [i, back] of BACK[a.type].entries()) {
      push('back', [fill(firsts[i % firsts.length] ?? '', a.text), back], a.titles);
    }
    if (a.titles.length === 1 && a.type !== 'place') {
      for (const back of ARTICLE_BACK) push('article', [fill(firsts[0] ?? '', a.text), back], a.titles);
    }
  }
  if (out.length <= limit) return out;
  const step = out.length / limit;
  return Array.from({ length: limit }, (_, i) => out[Math.floor(i * step)]).filter(
    (d): d is Dialog => d !== undefined,
  );
}
