/**
 * Retrieval: one hybrid Qdrant query (sparse BM25 prefetch + dense prefetch when configured, RRF fusion, place
 * filter), then passages grouped by article with neighbouring paragraphs merged and duplicates removed.
 *
 * RRF scores are rank-only, so refusal cannot use them. Alongside the fused query, one batch request fetches the
 * raw sparse (and dense) scores of the same candidates, and the IDF of every query term (a one-term probe per
 * term: score = idf × the top document's BM25 weight, which we can recompute from its text).
 */
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import { documentVector, headQueryVector, queryVector, termId, type SparseVector } from '../text/sparse.js';
import { Lru } from '../shared/lru.js';
import { bodySpellings, toShortNames } from '../text/bodies.js';
import { memberForm } from '../text/collectives.js';
import { tokenize } from '../text/tokenize.js';
import { normalizeForMatch } from '../text/normalize.js';
import type { ChunkPayload } from '../types.js';
import { DENSE_VECTOR, HEAD_VECTOR, SPARSE_VECTOR } from '../store/schema.js';
import { toChunkPayload } from './payload.js';
import { evidenceTerms } from './evidence.js';
import { queryPhrases, RESCORE_WEIGHTS, rescoreWithBm25 } from './rescore.js';
import { isAskingWord, questionType } from './question-type.js';
import { TermStatsCache } from './term-cache.js';
import { dateCondition } from './time-range.js';

export interface RetrieveRequest {
  collection: string;
  /** Chinese search text. */
  text: string;
  /** Place names to filter on (payload `places` match any); empty = no filter. */
  places?: string[];
  /**
   * 'filter': only articles tagged with the places (unfiltered when that finds nothing).
   * 'boost' (default): the filtered prefetches fused with unfiltered ones, so tagged articles rank first but an
   * article whose place tag was missed (a segmentation or gazetteer miss) can still be found.
   */
  placeMode?: 'filter' | 'boost';
  /** Query embedding, when an embedder is configured. */
  dense?: number[];
  /** Passages to return. */
  limit?: number;
  /** Candidates per prefetch. */
  candidates?: number;
  /** Only reports dated in this span (ISO, `to` exclusive): a filter on the fused query, undated reports out. */
  dates?: { from: string; to: string };
}

export interface ScoredChunk {
  pointId: string;
  payload: ChunkPayload;
  /** 1-based rank in the fused list. */
  rank: number;
  /** RRF score: rank-only, for display; never thresholded. */
  fused: number;
  /** Raw BM25 score (Qdrant sparse with idf), when the chunk is in the sparse candidate list. */
  sparse?: number;
  /** Raw cosine score, when dense search ran and the chunk is in its candidate list. */
  dense?: number;
}

/** A run of consecutive paragraphs of one article: what answerers read and cite. */
export interface Passage {
  /** Point id of the best-ranked chunk in the run. */
  pointId: string;
  articleId: string;
  title: string;
  /** The article's subtitle and byline, when printed (part of what a question may name). */
  subtitle?: string;
  byline?: string;
  /** Edition or page of a PDF report ("第3版"), so a citation can name it. */
  page?: string;
  date?: string;
  docId: string;
  source: string;
  url?: string;
  paragraphCount: number;
  places: string[];
  paragraphs: number[];
  paragraphTexts: string[];
  /** Point id of the chunk each paragraph came from (parallel to `paragraphs`). */
  paragraphPoints: string[];
  /** Paragraph texts joined by newlines. */
  text: string;
  /** 1-based rank (order of the best chunk in the fused list). */
  rank: number;
  fused: number;
  sparse?: number;
  dense?: number;
}

export interface TermStat {
  term: string;
  /** Collection IDF of the term; for a term no document holds, the IDF it would have at df = 0. */
  idf: number;
  /** True when no document contains the term. */
  absent: boolean;
}

export interface Retrieval {
  text: string;
  /** Place filter applied to the final result. */
  filter: string[];
  /** True when the place filter emptied the result and the unfiltered result was used. */
  filterDropped: boolean;
  passages: Passage[];
  chunks: ScoredChunk[];
  terms: TermStat[];
  /** Number of indexed chunks (N in the IDF formula). */
  corpusSize: number;
  ms: number;
}

type Filter = Schemas['Filter'];
type QueryRequest = Schemas['QueryRequest'];

/**
 * The payload fields a passage is built from (see toChunkPayload): the rest of a stored chunk (its document hash,
 * its position) is for ingest, and every byte returned is decoded and parsed on the answering thread.
 */
export const CHUNK_FIELDS = [
  'text',
  'article_id',
  'title',
  'subtitle',
  'byline',
  'doc_id',
  'source',
  'url',
  'date',
  'page',
  'paragraphs',
  'paragraph_texts',
  'paragraph_count',
  'places',
];

function mustOf(f: Filter | undefined): Schemas['Condition'][] {
  if (!f?.must) return [];
  return Array.isArray(f.must) ? f.must : [f.must];
}

function placeFilter(places: string[]): Filter | undefined {
  return places.length > 0 ? { must: [{ key: 'places', match: { any: places } }] } : undefined;
}

/** Qdrant's BM25 IDF with N documents and document frequency df. */
export function idfOf(n: number, df: number): number {
  return Math.log((n - df + 0.5) / (df + 0.5) + 1);
}

/**
 * Question words the tokenizer keeps as words ("几次", "哪几个", "多大", "什么样"): reports never contain them,
 * so they must not count as query content that the answer lacks.
 */
const INTERROGATIVE =
  /^(.*(几|哪|什么|多少|怎么|怎样|如何|为何|吗|呢|谁).*|多|多大|多久|多长|多远|时候|何时|是否|有没有)$/;

/** Unique content terms of the query (question words and asking verbs removed), in order. */
export function queryTerms(text: string): string[] {
  const seen = new Set<number>();
  const out: string[] = [];
  const type = questionType(text);
  for (const t of tokenize(text)) {
    if (INTERROGATIVE.test(t) || isAskingWord(t, type)) continue;
    const id = termId(t);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(t);
  }
  return out;
}

/** Words cut out of the question before phrase matching: question words and the commonest function words. */
const PHRASE_CUT =
  /(什么样|什么|哪些|哪个|哪里|哪儿|哪位|哪天|哪年|哪一|哪|多少|几|怎么样|怎么|怎样|如何|为什么|为何|是否|有没有|是不是|谁|何时|吗|呢|了|的|是|在|和|与|及|对|把|被|将|从|向|于|请问)/;

function hybridRequest(
  req: RetrieveRequest,
  filter: Filter | undefined,
  limit: number,
  headTerms: string[],
): QueryRequest {
  const candidates = req.candidates ?? 50;
  // The question as typed, and with government bodies in their other spellings (发改委 / 发展改革委 /
  // 发展和改革委员会): reports write any of them, and jieba cuts each into unrelated words.
  // A collective ("民主党派") as its members too: reports name the party that spoke, not the collective.
  const members = memberForm(req.text);
  const forms = [req.text, ...bodySpellings(req.text), ...(members === undefined ? [] : [members])];
  const base: Schemas['Prefetch'][] = forms.map((f) => ({
    query: queryVector(f),
    using: SPARSE_VECTOR,
    limit: candidates,
  }));
  if (headTerms.length > 0)
    base.push({ query: headQueryVector(headTerms), using: HEAD_VECTOR, limit: HEAD_CANDIDATES });
  if (req.dense) base.push({ query: req.dense, using: DENSE_VECTOR, limit: candidates });
  const boost = filter !== undefined && (req.placeMode ?? 'boost') === 'boost';
  const prefetch = boost ? [...base.map((p) => ({ ...p, filter })), ...base] : base;
  const q: QueryRequest = { prefetch, query: { fusion: 'rrf' }, limit, with_payload: CHUNK_FIELDS };
  if (filter && !boost) q.filter = filter;
  // The period is a hard filter on the whole query (Qdrant pushes the root filter into every prefetch).
  if (req.dates) q.filter = { must: [...mustOf(q.filter ?? undefined), dateCondition(req.dates)] };
  return q;
}

/** Articles whose headline matches: their lead chunks join the candidates. */
const HEAD_CANDIDATES = 20;

/** The dense list's raw cosine scores for the same candidates (the fused score is rank-only). */
function rawRequests(req: RetrieveRequest): QueryRequest[] {
  const candidates = (req.candidates ?? 50) * 2;
  return req.dense ? [{ query: req.dense, using: DENSE_VECTOR, limit: candidates, with_payload: false }] : [];
}

function probeRequests(terms: string[]): QueryRequest[] {
  return terms.map((t) => ({
    query: { indices: [termId(t)], values: [1] },
    using: SPARSE_VECTOR,
    limit: 1,
    with_payload: ['text'],
  }));
}

function scoreMap(res: Schemas['QueryResponse'] | undefined): Map<string, number> {
  return new Map((res?.points ?? []).map((p) => [String(p.id), p.score]));
}

/** IDF of each term from its one-term probe: score / (the top document's BM25 weight for the term). */
/**
 * BM25 vectors of probe top chunks, by text: the same few chunks top the probes of common terms in answer after
 * answer, and segmenting them again was the costliest step of an answer. Bounded; the vector is read only.
 */
const probeVectors = new Lru<string, SparseVector>(4096);

function probeVector(text: string): SparseVector {
  let v = probeVectors.get(text);
  if (!v) {
    v = documentVector(text);
    probeVectors.set(text, v);
  }
  return v;
}

/** Probed term statistics, kept until the collection changes (see term-cache.ts). */
const termCache = new TermStatsCache<TermStat>();

function termStats(terms: string[], probes: Schemas['QueryResponse'][], n: number): TermStat[] {
  return terms.map((term, i) => {
    const top = probes[i]?.points[0];
    if (!top) return { term, idf: idfOf(n, 0), absent: true };
    const text = top.payload?.text;
    const dv = typeof text === 'string' ? probeVector(text) : undefined;
    const at = dv ? dv.indices.indexOf(termId(term)) : -1;
    const weight = dv && at >= 0 ? (dv.values[at] ?? 1) : 1;
    return { term, idf: top.score / weight, absent: false };
  });
}

function toChunks(res: Schemas['QueryResponse'], dense: Map<string, number> | undefined): ScoredChunk[] {
  const out: ScoredChunk[] = [];
  for (const p of res.points) {
    const payload = toChunkPayload(p.payload);
    if (!payload) continue;
    const pointId = String(p.id);
    const c: ScoredChunk = { pointId, payload, rank: out.length + 1, fused: p.score };
    const d = dense?.get(pointId);
    if (d !== undefined) c.dense = d;
    out.push(c);
  }
  return out;
}

/**
 * Orders Qdrant's candidates by the re-score (rescore.ts) and records each chunk's BM25 (the raw sparse score
 * Qdrant computes, recomputed from its text with the probed IDFs).
 */
function reorder(chunks: ScoredChunk[], stats: TermStat[], text: string): ScoredChunk[] {
  // Terms no body holds keep their (highest) IDF: a name may be printed in headlines only.
  const type = questionType(text);
  const terms = evidenceTerms(stats, type);
  if (terms.length === 0) return chunks;
  const scores = rescoreWithBm25(chunks, terms, queryPhrases(text, PHRASE_CUT), RESCORE_WEIGHTS, type);
  const order = chunks
    .map((c, i) => ({ c, s: scores[i]?.score ?? 0, sparse: scores[i]?.bm25 ?? 0 }))
    .sort((a, b) => b.s - a.s);
  return order.map(({ c, sparse }, i) => ({ ...c, rank: i + 1, ...(sparse > 0 ? { sparse } : {}) }));
}

/** A passage holding one chunk's paragraphs: the one place a stored payload becomes a Passage. */
export function passageOf(pointId: string, p: ChunkPayload, rank: number, fused: number): Passage {
  const out: Passage = {
    pointId,
    articleId: p.article_id,
    title: p.title,
    docId: p.doc_id,
    source: p.source,
    paragraphCount: p.paragraph_count,
    places: p.places,
    paragraphs: [...p.paragraphs],
    paragraphTexts: [...p.paragraph_texts],
    paragraphPoints: p.paragraphs.map(() => pointId),
    text: '',
    rank,
    fused,
  };
  if (p.date !== undefined) out.date = p.date;
  if (p.url !== undefined) out.url = p.url;
  if (p.subtitle !== undefined) out.subtitle = p.subtitle;
  if (p.byline !== undefined) out.byline = p.byline;
  if (p.page !== undefined) out.page = p.page;
  return out;
}

/** Title, subtitle and byline of a passage's article: what a question may name besides the body. */
export function headlineOfPassage(p: Passage): string {
  return [p.title, p.subtitle ?? '', p.byline ?? ''].filter((x) => x !== '').join('\n');
}

function passageFrom(c: ScoredChunk): Passage {
  const out = passageOf(c.pointId, c.payload, c.rank, c.fused);
  if (c.sparse !== undefined) out.sparse = c.sparse;
  if (c.dense !== undefined) out.dense = c.dense;
  return out;
}

/** Adds a chunk's paragraphs to a passage, keeping paragraph order and skipping ones already there. */
function mergeInto(target: Passage, c: ScoredChunk): void {
  const rows = target.paragraphs.map((n, i) => ({
    n,
    text: target.paragraphTexts[i] ?? '',
    point: target.paragraphPoints[i] ?? target.pointId,
  }));
  c.payload.paragraphs.forEach((n, i) => {
    if (!target.paragraphs.includes(n))
      rows.push({ n, text: c.payload.paragraph_texts[i] ?? '', point: c.pointId });
  });
  rows.sort((a, b) => a.n - b.n);
  target.paragraphs = rows.map((r) => r.n);
  target.paragraphTexts = rows.map((r) => r.text);
  target.paragraphPoints = rows.map((r) => r.point);
  if (c.sparse !== undefined) target.sparse = Math.max(target.sparse ?? 0, c.sparse);
  if (c.dense !== undefined) target.dense = Math.max(target.dense ?? -1, c.dense);
}

const touches = (p: Passage, c: ScoredChunk): boolean =>
  p.articleId === c.payload.article_id &&
  c.payload.paragraphs.some((n) => p.paragraphs.some((m) => Math.abs(m - n) <= 1));

/**
 * Groups fused chunks into passages: chunks of one article that overlap or sit next to each other become one
 * passage (so a long paragraph split into pieces is read whole); a paragraph text seen already (an OCR repeat, a
 * reprinted article) is dropped.
 */
export function groupPassages(chunks: ScoredChunk[], limit: number): Passage[] {
  const out: Passage[] = [];
  for (const c of chunks) {
    const near = out.find((p) => touches(p, c));
    if (near) mergeInto(near, c);
    else out.push(passageFrom(c));
  }
  const seen = new Set<string>();
  const kept: Passage[] = [];
  const keptGrams: Set<number>[] = [];
  for (const p of out) {
    if (kept.length >= limit) break;
    const keep = p.paragraphs.map((_, i) => {
      const key = normalizeForMatch(p.paragraphTexts[i] ?? '');
      if (key === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (!keep.some(Boolean)) continue;
    p.paragraphs = p.paragraphs.filter((_, i) => keep[i]);
    p.paragraphTexts = p.paragraphTexts.filter((_, i) => keep[i]);
    p.paragraphPoints = p.paragraphPoints.filter((_, i) => keep[i]);
    p.text = p.paragraphTexts.join('\n');
    // A reprint of a passage already kept (the same report in another paper, re-edited a little) adds nothing.
    const grams = bigramSet(p.text);
    if (grams.size >= 20 && keptGrams.some((k) => contained(grams, k, NEAR_DUPLICATE))) continue;
    keptGrams.push(grams);
    kept.push(p);
  }
  return kept.slice(0, limit).map((p, i) => ({ ...p, rank: i + 1 }));
}

/** Share of a passage's character bigrams found in a kept one above which it is a reprint. */
const NEAR_DUPLICATE = 0.8;

/** Character bigrams (pairs of UTF-16 code units, as one number: no substring per pair) of the normalised text. */
function bigramSet(text: string): Set<number> {
  const t = normalizeForMatch(text);
  const out = new Set<number>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t.charCodeAt(i) * 0x10000 + t.charCodeAt(i + 1));
  return out;
}

/**
 * |a ∩ b| / |a| ≥ share: is `a` mostly inside `b`? Stops as soon as the misses decide it (the usual case, for
 * passages that are not reprints).
 */
function contained(a: Set<number>, b: Set<number>, share: number): boolean {
  if (a.size === 0) return false;
  let n = 0;
  let left = a.size;
  for (const g of a) {
    left--;
    if (b.has(g)) n++;
    else if ((n + left) / a.size < share) return false;
  }
  return n / a.size >= share;
}

/** Very short passages (a heading, "市政协主席 王毅") are read with the next paragraph of their article. */
const SHORT_PASSAGE = 40;

async function addNeighbours(client: QdrantClient, collection: string, passages: Passage[]): Promise<void> {
  const short = passages
    .slice(0, 5)
    .filter((p) => p.text.length < SHORT_PASSAGE && (p.paragraphs.at(-1) ?? 0) < p.paragraphCount);
  if (short.length === 0) return;
  const res = await client.scroll(collection, {
    filter: {
      should: short.map((p) => ({
        must: [
          { key: 'article_id', match: { value: p.articleId } },
          { key: 'paragraphs', match: { any: [(p.paragraphs.at(-1) ?? 0) + 1] } },
        ],
      })),
    },
    limit: short.length * 4,
    with_payload: CHUNK_FIELDS,
  });
  for (const point of res.points) {
    const payload = toChunkPayload(point.payload);
    if (!payload) continue;
    const target = short.find((p) => p.articleId === payload.article_id);
    if (!target) continue;
    mergeInto(target, { pointId: String(point.id), payload, rank: target.rank, fused: target.fused });
    target.text = target.paragraphTexts.join('\n');
  }
}

interface CollectionShape {
  points: number;
  head: boolean;
}

/** Collection facts change only with ingests: one read serves the queries of the next seconds. */
const SHAPE_TTL_MS = 2000;
const shapes = new WeakMap<QdrantClient, Map<string, { at: number; shape: Promise<CollectionShape> }>>();

/** Point count and whether the collection has the headline vector (collections built before it have not). */
async function collectionShape(client: QdrantClient, collection: string): Promise<CollectionShape> {
  const byName = shapes.get(client) ?? new Map<string, { at: number; shape: Promise<CollectionShape> }>();
  shapes.set(client, byName);
  const hit = byName.get(collection);
  if (hit && performance.now() - hit.at < SHAPE_TTL_MS) return hit.shape;
  const shape = client.getCollection(collection).then(
    (info) => ({
      points: info.points_count ?? 0,
      head: HEAD_VECTOR in (info.config.params.sparse_vectors ?? {}),
    }),
    // Nothing ingested yet: the collection does not exist, which is an empty archive, not a failure.
    (err: unknown) => {
      if ((err as { status?: unknown }).status === 404) return { points: 0, head: false };
      throw err;
    },
  );
  byName.set(collection, { at: performance.now(), shape });
  shape.catch(() => byName.delete(collection));
  return shape;
}

/**
 * Drops what retrieval keeps about a collection between questions (its point count, its terms' IDFs): called
 * after this process writes to it, so the next question sees the new reports at once.
 */
export function forgetCollectionStats(client: QdrantClient, collection: string): void {
  shapes.get(client)?.delete(collection);
  termCache.forget(client, collection);
}

/**
 * The fused query, the raw dense scores and the term probes in one batch: one round trip per answer instead of
 * two (each request costs the client as much as decoding a page of results).
 */
async function runOnce(
  client: QdrantClient,
  req: RetrieveRequest,
  filter: Filter | undefined,
  terms: string[],
  limit: number,
  head: boolean,
  probeTerms: string[] = [],
): Promise<{ chunks: ScoredChunk[]; probes: Schemas['QueryResponse'][] }> {
  const raw = rawRequests(req);
  const searches = [
    hybridRequest(req, filter, limit, head ? terms : []),
    ...raw,
    ...probeRequests(probeTerms),
  ];
  const [fused, ...rest] = await client.queryBatch(req.collection, { searches });
  if (!fused) throw new Error(`Qdrant answered ${searches.length} queries with no result`);
  const dense = req.dense ? scoreMap(rest[0]) : undefined;
  return { chunks: toChunks(fused, dense), probes: rest.slice(raw.length) };
}

/** Chunks Qdrant returns for re-scoring (several merge into one passage; near-duplicates drop out). */
const CANDIDATES = 60;

export async function retrieve(client: QdrantClient, req: RetrieveRequest): Promise<Retrieval> {
  const started = performance.now();
  const limit = req.limit ?? 10;
  const chunkLimit = Math.max(limit * 3, CANDIDATES);
  // Terms in short names; the re-score and the refusal check read texts in short names too.
  const terms = queryTerms(toShortNames(req.text));
  const filterPlaces = req.places ?? [];
  const shape = await collectionShape(client, req.collection);
  const n = shape.points;
  if (n === 0) {
    const empty = { text: req.text, filter: [], filterDropped: false, passages: [], chunks: [], terms: [] };
    return { ...empty, corpusSize: 0, ms: performance.now() - started };
  }
  // Only terms whose IDF is not known yet for this state of the collection are probed.
  const known = terms.map((t) => termCache.get(client, req.collection, n, t));
  const unknown = terms.filter((_, i) => known[i] === undefined);
  const first = await runOnce(client, req, placeFilter(filterPlaces), terms, chunkLimit, shape.head, unknown);
  let { chunks } = first;
  let filterDropped = false;
  if (chunks.length === 0 && filterPlaces.length > 0) {
    chunks = (await runOnce(client, req, undefined, [], chunkLimit, false)).chunks;
    filterDropped = true;
  }
  const probed = termStats(unknown, first.probes, n);
  for (const s of probed) termCache.set(client, req.collection, n, s.term, Object.freeze(s));
  let next = 0;
  const stats = known.map((s) => s ?? (probed[next++] as TermStat));
  chunks = reorder(chunks, stats, toShortNames(req.text));
  const passages = groupPassages(chunks, limit);
  await addNeighbours(client, req.collection, passages);
  return {
    text: req.text,
    filter: filterDropped ? [] : filterPlaces,
    filterDropped,
    passages,
    chunks,
    terms: stats,
    corpusSize: n,
    ms: performance.now() - started,
  };
}
