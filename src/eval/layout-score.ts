/**
 * Layout read-back scores (pure): how the articles a reader gives back compare with what was typeset.
 *
 * - article boundaries: an article is found when some article read back holds exactly its text (paragraphs and
 *   captions, whitespace aside) — nothing of a neighbour, nothing missing; precision over the articles read back,
 *   recall over the typeset ones, F1;
 * - titles exact: the typeset title is the title of an article read back (spaces aside: a headline broken over
 *   two lines at its space reads back without it);
 * - paragraphs whole and in order: each typeset paragraph found verbatim, in order, in the article it landed in.
 */

export interface WantArticle {
  title: string;
  subtitle?: string;
  byline?: string;
  paragraphs: string[];
  captions?: string[];
}

export interface GotArticle {
  title: string;
  subtitle?: string;
  byline?: string;
  paragraphs: string[];
}

export interface LayoutScore {
  articles: number;
  articlesRead: number;
  articlesExact: number;
  titles: number;
  titlesExact: number;
  paragraphs: number;
  paragraphsWhole: number;
  bylines: number;
  bylinesExact: number;
  /** Typeset titles that no article read back carries. */
  missingTitles: string[];
}

/** Paragraphs of `want` found whole and in order in `got`. */
export function inOrder(want: string[], got: string[]): number {
  let from = 0;
  let found = 0;
  for (const p of want) {
    const at = got.indexOf(p, from);
    if (at < 0) continue;
    found++;
    from = at + 1;
  }
  return found;
}

const squeeze = (t: string): string => t.replace(/\s+/g, '');
const key = (paras: string[]): string => squeeze(paras.join(''));

export function scoreArticles(want: WantArticle[], got: GotArticle[]): LayoutScore {
  const score: LayoutScore = {
    articles: want.length,
    articlesRead: got.length,
    articlesExact: 0,
    titles: want.length,
    titlesExact: 0,
    paragraphs: 0,
    paragraphsWhole: 0,
    bylines: 0,
    bylinesExact: 0,
    missingTitles: [],
  };
  const gotKeys = new Map<string, number>();
  for (const g of got) gotKeys.set(key(g.paragraphs), (gotKeys.get(key(g.paragraphs)) ?? 0) + 1);
  for (const w of want) {
    const paras = [...w.paragraphs, ...(w.captions ?? [])];
    score.paragraphs += paras.length;
    const k = key(paras);
    const left = gotKeys.get(k) ?? 0;
    if (left > 0) {
      score.articlesExact++;
      gotKeys.set(k, left - 1);
    }
    // The article it landed in: the one holding most of its paragraphs, among those with its title if any.
    // A headline broken over lines where it has a space reads back without it: spaces aside.
    const titled = got.filter((a) => squeeze(a.title) === squeeze(w.title));
    if (titled.length > 0) score.titlesExact++;
    else score.missingTitles.push(w.title);
    const home = [...(titled.length > 0 ? titled : got)].sort(
      (a, b) => inOrder(paras, b.paragraphs) - inOrder(paras, a.paragraphs),
    )[0];
    if (home) score.paragraphsWhole += inOrder(paras, home.paragraphs);
    if (w.byline !== undefined) {
      score.bylines++;
      if (home?.byline === w.byline) score.bylinesExact++;
    }
  }
  return score;
}

/** Sum of scores. */
export function addScores(a: LayoutScore, b: LayoutScore): LayoutScore {
  return {
    articles: a.articles + b.articles,
    articlesRead: a.articlesRead + b.articlesRead,
    articlesExact: a.articlesExact + b.articlesExact,
    titles: a.titles + b.titles,
    titlesExact: a.titlesExact + b.titlesExact,
    paragraphs: a.paragraphs + b.paragraphs,
    paragraphsWhole: a.paragraphsWhole + b.paragraphsWhole,
    bylines: a.bylines + b.bylines,
    bylinesExact: a.bylinesExact + b.bylinesExact,
    missingTitles: [...a.missingTitles, ...b.missingTitles],
  };
}

export const emptyScore = (): LayoutScore => scoreArticles([], []);

const rate = (n: number, d: number): number => (d === 0 ? 1 : Math.round((n / d) * 1000) / 1000);

/** The reported figures of a score. */
export function figures(s: LayoutScore): Record<string, number> {
  const p = s.articlesRead === 0 ? 0 : s.articlesExact / s.articlesRead;
  const r = s.articles === 0 ? 0 : s.articlesExact / s.articles;
  return {
    articles: s.articles,
    articles_read: s.articlesRead,
    article_boundary_f1: p + r === 0 ? 0 : Math.round(((2 * p * r) / (p + r)) * 1000) / 1000,
    titles_exact_rate: rate(s.titlesExact, s.titles),
    paragraphs: s.paragraphs,
    paragraphs_whole_rate: rate(s.paragraphsWhole, s.paragraphs),
    bylines_exact_rate: rate(s.bylinesExact, s.bylines),
  };
}
