/**
 * The chat front ends' lasting state (answers behind feedback buttons, votes, questions per day) in a small Qdrant
 * collection beside the chunks, `<QDRANT_COLLECTION>__bot`. It works on the embedded store and on a Qdrant
 * server alike, and several instances behind a load balancer share it: every event is its own point, so
 * nothing is read-modify-written and counts are exact `count` queries.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { ChatState, DayUsage, FeedbackEntry, FeedbackRecord, QuestionEvent, Vote } from '../types.js';
import type { Config } from '../config.js';

/** The collection holds no searchable vectors; a constant 1-d vector keeps it valid on any Qdrant. */
const MARKER_VECTOR = 'marker';
const INDEXED = ['kind', 'day', 'vote'] as const;
const PAGE = 1000;

export function chatStateCollection(cfg: Pick<Config, 'QDRANT_COLLECTION'>): string {
  return `${cfg.QDRANT_COLLECTION}__bot`;
}

/** A stable UUID for a name, so re-writing the same thing (a user's vote) replaces it. */
function uuidFor(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function isRecord(p: unknown): p is { kind: 'answer' } & FeedbackRecord {
  if (typeof p !== 'object' || p === null) return false;
  const r = p as Record<string, unknown>;
  return r.kind === 'answer' && typeof r.question === 'string' && typeof r.answer === 'string';
}

function recordOf(p: { kind: 'answer' } & FeedbackRecord): FeedbackRecord {
  const { question, answer, mode, sources, frontEnd } = p;
  return { question, answer, mode, sources, ...(typeof frontEnd === 'string' ? { frontEnd } : {}) };
}

const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function questionOf(p: Record<string, unknown>): QuestionEvent {
  return {
    day: str(p.day),
    at: num(p.at),
    frontEnd: str(p.front_end, 'unknown'),
    question: str(p.question),
    refused: p.refused === true,
    places: Array.isArray(p.places) ? p.places.filter((x): x is string => typeof x === 'string') : [],
  };
}

export class QdrantChatState implements ChatState {
  readonly name: string;
  private ready: Promise<void> | undefined;

  constructor(
    private readonly client: QdrantClient,
    cfg: Pick<Config, 'QDRANT_COLLECTION'>,
  ) {
    this.name = chatStateCollection(cfg);
  }

  /** Creates the collection on first use; another instance creating it at the same time is fine. */
  private ensure(): Promise<void> {
    this.ready ??= (async () => {
      if ((await this.client.collectionExists(this.name)).exists) return;
      try {
        await this.client.createCollection(this.name, {
          vectors: { [MARKER_VECTOR]: { size: 1, distance: 'Dot' } },
        });
      } catch (e) {
        if (!(await this.client.collectionExists(this.name)).exists) throw e;
      }
      for (const field_name of INDEXED) {
        await this.client.createPayloadIndex(this.name, { field_name, field_schema: 'keyword', wait: true });
      }
      await this.client.createPayloadIndex(this.name, {
        field_name: 'at',
        field_schema: 'integer',
        wait: true,
      });
    })().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async put(id: string, payload: Record<string, unknown>): Promise<void> {
    await this.ensure();
    await this.client.upsert(this.name, {
      wait: true,
      points: [{ id, vector: { [MARKER_VECTOR]: [1] }, payload }],
    });
  }

  private async count(must: { key: string; match: { value: string } }[]): Promise<number> {
    await this.ensure();
    return (await this.client.count(this.name, { exact: true, filter: { must } })).count;
  }

  /** Every point matching the filter, with payloads (paged scroll). */
  private async scan(filter: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    await this.ensure();
    const out: Record<string, unknown>[] = [];
    let offset: string | number | undefined;
    do {
      const page = await this.client.scroll(this.name, {
        limit: PAGE,
        filter,
        with_payload: true,
        with_vector: false,
        ...(offset !== undefined ? { offset } : {}),
      });
      for (const p of page.points) if (p.payload) out.push(p.payload);
      const next = page.next_page_offset;
      offset = typeof next === 'string' || typeof next === 'number' ? next : undefined;
    } while (offset !== undefined);
    return out;
  }

  async saveAnswer(key: string, record: FeedbackRecord): Promise<void> {
    await this.put(uuidFor(`answer:${key}`), { kind: 'answer', key, ...record });
  }

  async answerFor(key: string): Promise<FeedbackRecord | undefined> {
    await this.ensure();
    const [p] = await this.client.retrieve(this.name, {
      ids: [uuidFor(`answer:${key}`)],
      with_payload: true,
      with_vector: false,
    });
    if (!p || !isRecord(p.payload)) return undefined;
    return recordOf(p.payload);
  }

  async vote(key: string, vote: Vote, userId: number | string, day: string): Promise<void> {
    await this.put(uuidFor(`vote:${key}:${userId}`), { kind: 'vote', key, vote, day, at: Date.now() });
  }

  async questionAsked(e: QuestionEvent): Promise<void> {
    await this.put(randomUUID(), {
      kind: 'question',
      day: e.day,
      at: e.at,
      front_end: e.frontEnd,
      question: e.question,
      refused: e.refused,
      places: e.places,
    });
  }

  async questionsSince(since: number): Promise<QuestionEvent[]> {
    const found = await this.scan({
      must: [
        { key: 'kind', match: { value: 'question' } },
        { key: 'at', range: { gte: since } },
      ],
    });
    return found.map(questionOf).sort((a, b) => a.at - b.at);
  }

  async feedback(limit: number): Promise<FeedbackEntry[]> {
    const votes = (await this.scan({ must: [{ key: 'kind', match: { value: 'vote' } }] }))
      .map((p) => ({
        key: str(p.key),
        vote: p.vote === 'up' ? ('up' as const) : ('down' as const),
        day: str(p.day),
        at: num(p.at),
      }))
      .sort((a, b) => b.at - a.at || b.day.localeCompare(a.day))
      .slice(0, limit);
    if (votes.length === 0) return [];
    const keys = [...new Set(votes.map((v) => v.key))];
    const records = new Map<string, FeedbackRecord>();
    for (let i = 0; i < keys.length; i += PAGE) {
      const found = await this.client.retrieve(this.name, {
        ids: keys.slice(i, i + PAGE).map((k) => uuidFor(`answer:${k}`)),
        with_payload: true,
        with_vector: false,
      });
      for (const p of found) {
        if (isRecord(p.payload))
          records.set(str((p.payload as Record<string, unknown>).key), recordOf(p.payload));
      }
    }
    return votes.map((v) => ({
      question: '',
      answer: '',
      mode: 'extractive' as const,
      sources: [],
      ...records.get(v.key),
      ...v,
    }));
  }

  async usage(day: string): Promise<DayUsage> {
    const kind = (v: string) => ({ key: 'kind', match: { value: v } });
    const onDay = { key: 'day', match: { value: day } };
    const [questions, up, down] = await Promise.all([
      this.count([kind('question'), onDay]),
      this.count([kind('vote'), onDay, { key: 'vote', match: { value: 'up' } }]),
      this.count([kind('vote'), onDay, { key: 'vote', match: { value: 'down' } }]),
    ]);
    return { questions, up, down };
  }
}
