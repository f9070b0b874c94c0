/** Shared by the ingest integration tests: temp dirs and a snapshot of a collection's points. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { QdrantClient } from '@qdrant/js-client-rest';

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

export interface StoredPoint {
  id: string;
  doc_id: string;
  doc_hash: string;
  text: string;
}

export interface TestContext {
  after(fn: () => Promise<void>): void;
}

/** Every chunk point, sorted by id: what "the same index" means in these tests. */
export async function allPoints(client: QdrantClient, collection: string): Promise<StoredPoint[]> {
  const out: StoredPoint[] = [];
  let offset: string | number | undefined;
  for (;;) {
    const page = await client.scroll(collection, {
      limit: 256,
      with_payload: true,
      ...(offset ? { offset } : {}),
    });
    for (const p of page.points) {
      const pl = p.payload ?? {};
      out.push({
        id: String(p.id),
        doc_id: String(pl.doc_id),
        doc_hash: String(pl.doc_hash),
        text: String(pl.text),
      });
    }
    const next = page.next_page_offset;
    if (typeof next !== 'string' && typeof next !== 'number') break;
    offset = next;
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

export async function tempDir(t: TestContext, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
