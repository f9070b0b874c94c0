/**
 * What the store holds, read by payload scrolls rather than similarity search: all articles of a place (for
 * summaries — every one, not the top k), place counts for menus, one paragraph by number, corpus statistics.
 * The full scan behind counts and stats is cached and recomputed when the collection's point count changes.
 */
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import type { CorpusStats, ParagraphView, PlaceCount } from './service.js';
import type { ChunkPayload } from '../types.js';
import { toChunkPayload } from './payload.js';
import { passageOf, type Passage } from './retrieve.js';
import { dateCondition } from './time-range.js';

type Filter = Schemas['Filter'];

interface ScannedPoint {
  id: string;
  payload: ChunkPayload;
}

const PAGE = 256;

/** Every point matching the filter (paged scroll), with the payload fields asked for. */
export async function scrollAll(
  client: QdrantClient,
  collection: string,
  filter?: Filter,
  fields?: string[],
): Promise<ScannedPoint[]> {
  const out: ScannedPoint[] = [];
  let offset: Schemas['ExtendedPointId'] | undefined;
  do {
    const page = await client
      .scroll(collection, {
        limit: PAGE,
        with_payload: fields ?? true,
        with_vector: false,
        ...(filter ? { filter } : {}),
        ...(offset !== undefined ? { offset } : {}),
      })
      .catch((err: unknown) => {
        // Nothing ingested yet: no collection is an empty archive.
        if ((err as { status?: unknown }).status === 404) return { points: [], next_page_offset: null };
        throw err;
      });
    for (const p of page.points) {
      // Partial payloads (fields) get placeholders for the fields the parser insists on.
      const raw = fields ? { text: '', paragraphs: [], paragraph_texts: [], ...p.payload } : p.payload;
      const payload = toChunkPayload(raw);
      if (payload) out.push({ id: String(p.id), payload });
    }
    const next = page.next_page_offset;
    offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
  } while (offset !== undefined);
  return out;
}

/** Chunks of each article merged into one passage holding all its paragraphs, in paragraph order. */
export function articlesFromChunks(points: ScannedPoint[]): Passage[] {
  const byArticle = new Map<string, Passage>();
  const sorted = [...points].sort((a, b) => a.payload.chunk_index - b.payload.chunk_index);
  for (const { id, payload: p } of sorted) {
    let a = byArticle.get(p.article_id);
    if (!a) {
      a = {
        ...passageOf(id, p, byArticle.size + 1, 0),
        paragraphs: [],
        paragraphTexts: [],
        paragraphPoints: [],
      };
      byArticle.set(p.article_id, a);
    }
    p.paragraphs.forEach((n, i) => {
      if (a.paragraphs.includes(n)) return;
      a.paragraphs.push(n);
      a.paragraphTexts.push(p.paragraph_texts[i] ?? '');
      a.paragraphPoints.push(id);
    });
  }
  const articles = [...byArticle.values()];
  for (const a of articles) {
    const order = a.paragraphs.map((n, i) => [n, i] as const).sort((x, y) => x[0] - y[0]);
    a.paragraphs = order.map(([n]) => n);
    a.paragraphTexts = order.map(([, i]) => a.paragraphTexts[i] ?? '');
    a.paragraphPoints = order.map(([, i]) => a.paragraphPoints[i] ?? a.pointId);
    a.text = a.paragraphTexts.join('\n');
  }
  // Oldest first; undated ones by source, then by title in pinyin order, so the order never depends on ids.
  return articles.sort(
    (x, y) =>
      (x.date ?? '').localeCompare(y.date ?? '') ||
      x.docId.localeCompare(y.docId) ||
      x.title.localeCompare(y.title, 'zh'),
  );
}

interface Overview {
  points: number;
  places: PlaceCount[];
  stats: CorpusStats;
}

export class Catalog {
  private overview: Overview | undefined;

  constructor(
    private readonly client: QdrantClient,
    private readonly collection: string,
  ) {}

  /** Whole articles by id, in the order asked (an id with no stored chunk is left out). */
  async articles(ids: string[]): Promise<Passage[]> {
    if (ids.length === 0) return [];
    const filter: Filter = { must: [{ key: 'article_id', match: { any: ids } }] };
    const found = articlesFromChunks(await scrollAll(this.client, this.collection, filter));
    return ids.flatMap((id) => found.filter((a) => a.articleId === id));
  }

  /** All articles whose places include `place` (exact stored name). */
  async articlesOf(place: string, dates?: { from: string; to: string }): Promise<Passage[]> {
    const filter: Filter = {
      must: [{ key: 'places', match: { any: [place] } }, ...(dates ? [dateCondition(dates)] : [])],
    };
    return articlesFromChunks(await scrollAll(this.client, this.collection, filter));
  }

  /** The lead chunk of every article dated in the span (ISO, `to` exclusive), as passages. */
  async leadsBetween(from: string, to: string): Promise<Passage[]> {
    const filter: Filter = {
      must: [{ key: 'chunk_index', match: { value: 0 } }, dateCondition({ from, to })],
    };
    return articlesFromChunks(await scrollAll(this.client, this.collection, filter));
  }

  async paragraph(articleId: string, n: number): Promise<ParagraphView | undefined> {
    const points = await scrollAll(this.client, this.collection, {
      must: [{ key: 'article_id', match: { value: articleId } }],
    });
    for (const { payload: p } of points) {
      const i = p.paragraphs.indexOf(n);
      if (i < 0) continue;
      const view: ParagraphView = {
        articleId,
        title: p.title,
        source: p.source,
        n,
        count: p.paragraph_count,
        text: p.paragraph_texts[i] ?? '',
      };
      if (p.date !== undefined) view.date = p.date;
      if (p.url !== undefined) view.url = p.url;
      if (p.page !== undefined) view.page = p.page;
      return view;
    }
    return undefined;
  }

  async places(): Promise<PlaceCount[]> {
    return (await this.scan()).places;
  }

  async stats(): Promise<CorpusStats> {
    return (await this.scan()).stats;
  }

  /** Number of chunks in the collection (0 when it does not exist yet). */
  async pointCount(): Promise<number> {
    const { exists } = await this.client.collectionExists(this.collection);
    if (!exists) return 0;
    return (await this.client.count(this.collection, { exact: true })).count;
  }

  private async scan(): Promise<Overview> {
    const points = await this.pointCount();
    if (this.overview && this.overview.points === points) return this.overview;
    const scanned =
      points > 0
        ? await scrollAll(this.client, this.collection, undefined, ['article_id', 'places', 'date'])
        : [];
    const perPlace = new Map<string, Set<string>>();
    const articles = new Set<string>();
    const dates: string[] = [];
    for (const { payload: p } of scanned) {
      if (!articles.has(p.article_id) && p.date && /^\d{4}-\d{2}-\d{2}$/.test(p.date)) dates.push(p.date);
      articles.add(p.article_id);
      for (const name of p.places) {
        let set = perPlace.get(name);
        if (!set) perPlace.set(name, (set = new Set()));
        set.add(p.article_id);
      }
    }
    const places = [...perPlace]
      .map(([name, ids]) => ({ name, articles: ids.size }))
      .sort((a, b) => b.articles - a.articles || a.name.localeCompare(b.name, 'zh'));
    dates.sort();
    const stats: CorpusStats = { articles: articles.size, chunks: scanned.length, places: places.length };
    const first = dates[0];
    const last = dates.at(-1);
    if (first && last) stats.dateRange = [first, last];
    this.overview = { points, places, stats };
    return this.overview;
  }
}
