/**
 * The set of collections of one embedded store.
 */
import type { Schemas } from '@qdrant/js-client-rest';
import { Collection } from './collection.js';
import { collectionExists, notFoundCollection } from './errors.js';
import type { CollectionSnapshot } from './snapshot-types.js';

export class Storage {
  private readonly collections = new Map<string, Collection>();

  names(): string[] {
    return Array.from(this.collections.keys());
  }

  has(name: string): boolean {
    return this.collections.has(name);
  }

  get(name: string): Collection {
    const c = this.collections.get(name);
    if (!c) throw notFoundCollection(name);
    return c;
  }

  /** Returns the commit closure (see Collection) for a config api/collection-params.ts has checked. */
  prepareCreate(name: string, body: Schemas['CreateCollection']): () => boolean {
    if (this.collections.has(name)) throw collectionExists(name);
    const c = new Collection(name, body);
    return () => {
      if (this.collections.has(name)) throw collectionExists(name);
      this.collections.set(name, c);
      return true;
    };
  }

  /** Deleting a missing collection answers `false` (HTTP 200), as Qdrant. */
  delete(name: string): boolean {
    return this.collections.delete(name);
  }

  /** `chunked`: see Collection.snapshot (for writing a snapshot file before the next write). */
  snapshot(chunked = false): CollectionSnapshot[] {
    return Array.from(this.collections.values(), (c) => c.snapshot(chunked));
  }

  /** Adds (or replaces) a collection restored from a snapshot. */
  restore(s: CollectionSnapshot): Collection {
    const c = Collection.fromSnapshot(s);
    this.collections.set(s.name, c);
    return c;
  }
}
