/**
 * What the web console needs from the app, behind one interface (the console's pages know nothing of Qdrant,
 * the manifest or the folders): documents and their articles, upload / re-index / remove as one-at-a-time jobs
 * on the app's upload service (the chats' upload path and queue), the answer core's `explain`, and what readers
 * asked (overview, feedback, gaps).
 */
import type { QdrantClient, Schemas } from '@qdrant/js-client-rest';
import type { StageResult, UploadService } from '../app/uploads.js';
import type { Uploader } from '../types.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Explained, ExplainOptions } from '../rag/answer.js';
import { articlesFromChunks, Catalog, scrollAll } from '../rag/catalog.js';
import { toChunkPayload } from '../rag/payload.js';
import type { Passage } from '../rag/retrieve.js';
import type { CorpusStats, PlaceCount, QaService } from '../rag/service.js';
import { dateCondition } from '../rag/time-range.js';
import { chunkCollection } from '../store/schema.js';
import type { ChatState, FeedbackEntry } from '../types.js';
import { DocumentList, WEB_CONSOLE, type DocumentDetails } from './documents.js';
import { gapsOf, overviewOf, type Gap, type Overview } from './insights.js';
import { JobError, Jobs, type Job, type Started } from './jobs.js';
import { dayOf } from '../shared/feedback.js';

export type { StageResult };

export interface ArticleHead {
  id: string;
  docId: string;
  source: string;
  title: string;
  subtitle?: string;
  byline?: string;
  date?: string;
  page?: string;
  url?: string;
  places: string[];
  paragraphCount: number;
}

export interface ArticleView extends ArticleHead {
  paragraphs: { n: number; text: string }[];
}

export interface ArticleQuery {
  /** Words to search for (BM25, as readers' questions are searched). */
  q?: string;
  /** A stored place name. */
  place?: string;
  /** A date or its start: "2024", "2024-05", "2024-05-10". */
  date?: string;
  limit?: number;
}

export interface ConsoleOverview extends Overview {
  index: CorpusStats & { documents: number };
}

export interface AdminService {
  readonly maxUploadBytes: number;
  documents(o: {
    q?: string;
    offset: number;
    limit: number;
  }): Promise<{ total: number; rows: DocumentDetails[] }>;
  document(id: string): Promise<DocumentDetails | undefined>;
  /** A document's articles with their numbered paragraphs, exactly as the bot cites them. */
  articlesOf(id: string): Promise<ArticleView[]>;
  findArticles(q: ArticleQuery): Promise<ArticleHead[]>;
  article(articleId: string): Promise<ArticleView | undefined>;
  places(): Promise<PlaceCount[]>;
  /** Checks and reads one file (the upload service's `stage`); nothing reaches the index yet. */
  stageUpload(name: string, bytes: Buffer): Promise<StageResult>;
  /** Indexes staged uploads as one job; undefined when no token is known. */
  indexUploads(tokens: string[]): Started | undefined;
  reindex(): Started;
  /** Removes a document's file, chunks and manifest entries as one job; undefined for an unknown id. */
  remove(id: string): Promise<Started | undefined>;
  job(id: string): Job | undefined;
  readonly running: Job | undefined;
  explain(question: string, opts?: ExplainOptions): Promise<Explained>;
  /** Fills the document list and place caches in the background, so the first page an operator opens is quick. */
  warm(): void;
  feedback(limit: number): Promise<FeedbackEntry[]>;
  gaps(days: number): Promise<Gap[]>;
  overview(days: number): Promise<ConsoleOverview>;
}

export interface AdminDeps {
  cfg: Config;
  client: QdrantClient;
  qa: QaService & { explain(question: string, opts?: ExplainOptions): Promise<Explained> };
  state: ChatState;
  /** The process's one upload service: uploads, re-index and removal wait in its queue. */
  uploads: UploadService;
  log: Logger;
  now?: () => Date;
}

const DAY_MS = 86_400_000;

/**
 * A date as the articles filter takes it — a year, a month or a day (`2024`, `2024-05`, `2024-05-10`) — as the
 * span of days it covers (`to` exclusive); undefined for anything else.
 */
export function dateSpan(prefix: string): { from: string; to: string } | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(prefix.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
  if (mo !== undefined && (mo < 1 || mo > 12)) return undefined;
  const start = new Date(Date.UTC(y, (mo ?? 1) - 1, d ?? 1));
  if (d !== undefined && start.getUTCDate() !== d) return undefined;
  const end =
    d !== undefined
      ? new Date(start.getTime() + DAY_MS)
      : mo !== undefined
        ? new Date(Date.UTC(y, mo, 1))
        : new Date(Date.UTC(y + 1, 0, 1));
  const iso = (x: Date) => x.toISOString().slice(0, 10);
  return { from: iso(start), to: iso(end) };
}

/** The console's operator as the upload service sees them (signed in with the admin password). */
const OPERATOR: Uploader = { frontEnd: WEB_CONSOLE, userId: 'admin', admin: true };
const HEAD_FIELDS = [
  'article_id',
  'doc_id',
  'source',
  'title',
  'subtitle',
  'byline',
  'date',
  'page',
  'url',
  'places',
  'paragraph_count',
  'chunk_index',
];

function viewOf(p: Passage): ArticleView {
  return {
    ...headOf(p),
    paragraphs: p.paragraphs.map((n, i) => ({ n, text: p.paragraphTexts[i] ?? '' })),
  };
}

function headOf(p: Passage): ArticleHead {
  return {
    id: p.articleId,
    docId: p.docId,
    source: p.source,
    title: p.title,
    places: p.places,
    paragraphCount: p.paragraphCount,
    ...(p.subtitle !== undefined ? { subtitle: p.subtitle } : {}),
    ...(p.byline !== undefined ? { byline: p.byline } : {}),
    ...(p.date !== undefined ? { date: p.date } : {}),
    ...(p.page !== undefined ? { page: p.page } : {}),
    ...(p.url !== undefined ? { url: p.url } : {}),
  };
}

export function createAdminService(deps: AdminDeps): AdminService {
  const { cfg, client, qa, state, uploads, log } = deps;
  const now = deps.now ?? (() => new Date());
  const collection = chunkCollection(cfg);
  const catalog = new Catalog(client, collection);
  const list = new DocumentList(client, cfg, () => uploads.history());
  const jobs = new Jobs();

  /** Says so when imports from the chats are ahead of the console's job in the shared queue. */
  const noteQueue = (job: Job): void => {
    if (uploads.pending > 0) job.emit({ type: 'queued', ahead: uploads.pending });
  };
  const filterOf = (must: Schemas['FieldCondition'][]): Schemas['Filter'] => ({ must });

  /** Article heads (each article's first chunk) matching the conditions, at most `limit`. */
  async function heads(must: Schemas['FieldCondition'][], limit: number): Promise<ArticleHead[]> {
    const page = await client.scroll(collection, {
      limit,
      filter: filterOf([...must, { key: 'chunk_index', match: { value: 0 } }]),
      with_payload: HEAD_FIELDS,
      with_vector: false,
    });
    const points = page.points.flatMap((p) => {
      const payload = toChunkPayload({ text: '', paragraphs: [], paragraph_texts: [], ...p.payload });
      return payload ? [{ id: String(p.id), payload }] : [];
    });
    return articlesFromChunks(points).map(headOf);
  }

  async function withDates(rows: DocumentDetails[]): Promise<DocumentDetails[]> {
    const ids = rows.flatMap((r) => r.docIds);
    if (ids.length === 0) return rows;
    const found = await scrollAll(
      client,
      collection,
      filterOf([
        { key: 'doc_id', match: { any: ids } },
        { key: 'chunk_index', match: { value: 0 } },
      ]),
      ['doc_id', 'date', 'article_id', 'title', 'source', 'paragraph_count', 'places'],
    );
    const dates = new Map<string, string[]>();
    for (const { payload } of found) {
      if (!payload.date || !/^\d{4}-\d{2}-\d{2}$/.test(payload.date)) continue;
      const list = dates.get(payload.doc_id) ?? [];
      list.push(payload.date);
      dates.set(payload.doc_id, list);
    }
    return rows.map((r) => {
      const ds = r.docIds.flatMap((d) => dates.get(d) ?? []).sort();
      const first = ds[0];
      const last = ds.at(-1);
      return first && last ? { ...r, dates: [first, last] as [string, string] } : r;
    });
  }

  return {
    maxUploadBytes: cfg.MAX_UPLOAD_MB * 1024 * 1024,

    async documents(o) {
      const matching = await list.matching(o.q ?? '');
      const shown = await Promise.all(
        matching.slice(o.offset, o.offset + o.limit).map((r) => list.details(r)),
      );
      return { total: matching.length, rows: await withDates(shown) };
    },

    async document(id) {
      const row = await list.get(id);
      if (!row) return undefined;
      const [d] = await withDates([await list.details(row)]);
      return d;
    },

    async articlesOf(id) {
      const row = await list.get(id);
      if (!row) return [];
      const points = await scrollAll(
        client,
        collection,
        filterOf([{ key: 'doc_id', match: { any: row.docIds } }]),
      );
      // Pages of a PDF in page order, articles of a page in the order they were printed.
      const order = new Map(row.docIds.map((d, i) => [d, i]));
      return articlesFromChunks(points)
        .sort((a, b) => (order.get(a.docId) ?? 0) - (order.get(b.docId) ?? 0))
        .map(viewOf);
    },

    async findArticles(q) {
      const limit = Math.min(q.limit ?? 100, 500);
      const must: Schemas['FieldCondition'][] = [];
      if (q.place) must.push({ key: 'places', match: { any: [q.place] } });
      if (q.date) {
        // The report date's datetime index answers a year, month or day in the store, whatever its size.
        const span = dateSpan(q.date);
        if (!span) return [];
        must.push(dateCondition(span));
      }
      let found: ArticleHead[];
      if (q.q && q.q.trim() !== '') {
        const hits = await qa.search(q.q.trim(), 50);
        const ids = [...new Set(hits.map((h) => h.articleId))];
        if (ids.length === 0) return [];
        const got = await heads([...must, { key: 'article_id', match: { any: ids } }], ids.length);
        const rank = new Map(ids.map((id, i) => [id, i]));
        found = got.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
      } else {
        if (must.length === 0) return [];
        found = await heads(must, limit);
      }
      return found.slice(0, limit);
    },

    async article(articleId) {
      const [p] = await catalog.articles([articleId]);
      return p ? viewOf(p) : undefined;
    },

    // The answer core's place list and statistics: one scan of the store, shared with /summary and /stats.
    places: () => qa.places(),

    stageUpload: (name, bytes) => uploads.stage({ bytes, name, who: OPERATOR }),

    indexUploads(tokens) {
      const files = uploads.staged(tokens);
      if (files.length === 0) return undefined;
      return jobs.start('upload', async (job) => {
        job.emit({ type: 'note', text: files.map((f) => f.name).join('、') });
        const r = await uploads.commit(
          files.map((f) => f.token),
          (e) => {
            if (e.kind === 'progress') job.emit({ type: 'progress', progress: e.progress });
            else if (e.kind === 'queued') job.emit({ type: 'queued', ahead: e.ahead });
          },
        );
        list.forget();
        if (r.kind === 'done') return { type: 'done', summary: r.summary };
        if (r.kind === 'nothing') throw new Error('nothing staged');
        throw new JobError(r.saved ? 'indexing failed' : 'saving failed', r.ref, r.saved);
      });
    },

    reindex() {
      return jobs.start('reindex', async (job) => {
        noteQueue(job);
        const summary = await uploads.reindex((p) => job.emit({ type: 'progress', progress: p }));
        list.forget();
        return { type: 'done', summary };
      });
    },

    async remove(id) {
      const row = await list.get(id);
      if (!row) return undefined;
      const details = await list.details(row);
      return jobs.start('remove', async (job) => {
        noteQueue(job);
        await uploads.remove(
          { docIds: row.docIds, ...(details.file ? { file: details.file } : {}) },
          OPERATOR,
        );
        list.forget();
        log.info({ event: 'remove', doc: row.id, chunks: row.chunks }, 'document removed in the console');
        return { type: 'done', text: row.name };
      });
    },

    job: (id) => jobs.get(id),
    get running() {
      return jobs.current;
    },

    explain: (question, opts) => qa.explain(question, opts),

    warm() {
      void Promise.all([list.all(), qa.places()]).catch((e: unknown) =>
        log.warn({ err: String(e) }, 'console caches not warmed; the first page fills them'),
      );
    },

    feedback: (limit) => state.feedback(limit),

    async gaps(days) {
      return gapsOf(await state.questionsSince(now().getTime() - days * DAY_MS));
    },

    async overview(days) {
      const end = dayOf(now());
      const since = Date.parse(`${end}T00:00:00Z`) - (days - 1) * DAY_MS;
      const [events, stats, docs] = await Promise.all([state.questionsSince(since), qa.stats(), list.all()]);
      return { ...overviewOf(events, end, days), index: { ...stats, documents: docs.length } };
    },
  };
}
