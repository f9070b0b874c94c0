/**
 * The chat front ends' lasting state (answers behind feedback buttons, votes, questions per day) in a small Qdrant
 * collection beside the chunks, `<QDRANT_COLLECTION>__bot`. It works on the embedded store and on a Qdrant
 * server alike, and several instances behind a load balancer share it: every event is its own point, so
 * nothing is read-modify-written and counts are exact `count` queries.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { QdrantClient } from '@qdrant/js-client-rest';
import type { ChatState, DayUsage, FeedbackRecord, Vote } from '../types.js';
import type { Config } from '../config.js';

/** The collection holds no searchable vectors; a constant 1-d vector keeps it valid on any Qdrant. */
const MARKER_VECTOR = 'marker';
const INDEXED = ['kind', 'day', 'vote'] as const;

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
    const { question, answer, mode, sources } = p.payload;
    return { question, answer, mode, sources };
  }

  async vote(key: string, vote: Vote, userId: number | string, day: string): Promise<void> {
    await this.put(uuidFor(`vote:${key}:${userId}`), { kind: 'vote', key, vote, day });
  }

  async questionAnswered(day: string): Promise<void> {
    await this.put(randomUUID(), { kind: 'question', day });
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
