/**
 * Generated body-name questions for calibration (pure): every government body the stored reports name after a
 * place ("临沂市公安局", "深圳市发展改革委") becomes one question asked in each standard spelling of the body
 * (full, everyday short, official short). The same question in another spelling should find the same top
 * article, and that article should name the body of that place.
 */
import { findBodies, type Body } from '../text/bodies.js';

export interface TextArticle {
  articleId: string;
  title: string;
  text: string;
}

export interface BodyPair {
  id: string;
  place: string;
  body: Body;
  /** The same question in each spelling. */
  questions: string[];
}

/** What the questions ask; rotated so no one asking phrase decides the figures. */
const TAILS = ['做了哪些工作？', '有什么举措？', '开展了哪些工作？', '推出了什么措施？'];

/** Level words found before a body are no place of their own ("市发改委"). */
const LEVEL_ONLY = /^(国家|国务院|省|市|县|区)$/;

export function bodyPairs(articles: TextArticle[]): BodyPair[] {
  const seen = new Set<string>();
  const out: BodyPair[] = [];
  for (const a of articles) {
    for (const m of findBodies(`${a.title}\n${a.text}`)) {
      if (m.place === undefined || LEVEL_ONLY.test(m.place)) continue;
      const key = `${m.place}${m.body.short}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const spellings = [...new Set([m.body.full, m.body.short, m.body.official ?? m.body.short])];
      if (spellings.length < 2) continue;
      const tail = TAILS[out.length % TAILS.length] ?? TAILS[0];
      out.push({
        id: key,
        place: m.place,
        body: m.body,
        questions: spellings.map((s) => `${m.place}${s}${tail}`),
      });
    }
  }
  return out;
}

export interface PairOutcome {
  id: string;
  /** Every spelling found the same top article. */
  agree: boolean;
  /** Share of the spellings whose top article names the body of that place. */
  hit: number;
  /** Share of the spellings refused. */
  refused: number;
}

/** `tops`: per question, the top article (undefined when none) and whether the answer was refused. */
export function scorePair(pair: BodyPair, tops: { article?: TextArticle; refused: boolean }[]): PairOutcome {
  const ids = tops.map((t) => t.article?.articleId);
  const agree = ids.every((id) => id !== undefined && id === ids[0]);
  const names = (a: TextArticle | undefined): boolean =>
    a !== undefined &&
    findBodies(`${a.title}\n${a.text}`).some((m) => m.body === pair.body && m.place === pair.place);
  const share = (f: (t: { article?: TextArticle; refused: boolean }) => boolean): number =>
    tops.length === 0 ? 0 : tops.filter(f).length / tops.length;
  return { id: pair.id, agree, hit: share((t) => names(t.article)), refused: share((t) => t.refused) };
}
