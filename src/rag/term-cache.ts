/**
 * Per-term probe statistics kept across questions. A term's IDF changes only when the collection does, yet every
 * answer probed each of its terms again (one store query and the top chunk's text per term). Entries belong to one
 * client and collection and are dropped when the collection's point count changes, when this process writes to it
 * (`forgetCollectionStats` in retrieve.ts, called after every ingest), and after a minute, for writes by another process that
 * leave the count as it was.
 */
import type { QdrantClient } from '@qdrant/js-client-rest';

/** Longest time a probed statistic is trusted without a count change (another process may have re-ingested). */
const TERM_TTL_MS = 60_000;
/** Terms kept per collection; beyond it the cache starts again (the vocabulary of questions is small). */
const MAX_TERMS = 20_000;

interface Entry<T> {
  points: number;
  at: number;
  terms: Map<string, T>;
}

export class TermStatsCache<T> {
  private readonly byClient = new WeakMap<QdrantClient, Map<string, Entry<T>>>();

  constructor(
    private readonly ttlMs = TERM_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The cached statistics of a collection with `points` points; a count change or expiry starts it afresh. */
  private entry(client: QdrantClient, collection: string, points: number): Entry<T> {
    let byName = this.byClient.get(client);
    if (!byName) {
      byName = new Map();
      this.byClient.set(client, byName);
    }
    let e = byName.get(collection);
    const t = this.now();
    if (!e || e.points !== points || t - e.at >= this.ttlMs || e.terms.size >= MAX_TERMS) {
      e = { points, at: t, terms: new Map() };
      byName.set(collection, e);
    }
    return e;
  }

  get(client: QdrantClient, collection: string, points: number, term: string): T | undefined {
    return this.entry(client, collection, points).terms.get(term);
  }

  set(client: QdrantClient, collection: string, points: number, term: string, value: T): void {
    this.entry(client, collection, points).terms.set(term, value);
  }

  forget(client: QdrantClient, collection: string): void {
    this.byClient.get(client)?.delete(collection);
  }
}
