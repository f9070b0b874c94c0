/**
 * Button payloads. Telegram allows 1–64 bytes of callback data, so buttons carry only short references:
 * a source is `src:<articleId>:<n>` (looked up again in the store, so it works after a restart); ids too long
 * for that go through a bounded in-memory table instead.
 */
import { Lru } from '../shared/lru.js';

export const MAX_CALLBACK_BYTES = 64;

export type ButtonAction =
  | { kind: 'source'; articleId: string; n: number; edit: boolean }
  | { kind: 'feedback'; vote: 'up' | 'down'; key: string }
  | { kind: 'places'; page: number }
  | { kind: 'summary'; place: string };

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

export class CallbackCodec {
  private readonly longIds = new Lru<string, string>(5000);
  private readonly keyOf = new Map<string, string>();
  private next = 0;

  encode(a: ButtonAction): string {
    switch (a.kind) {
      case 'source': {
        const prefix = a.edit ? 'par' : 'src';
        const direct = `${prefix}:${a.articleId}:${a.n}`;
        if (bytes(direct) <= MAX_CALLBACK_BYTES) return direct;
        return `${prefix}~${this.shortKey(a.articleId)}:${a.n}`;
      }
      case 'feedback':
        return `fb:${a.vote}:${a.key}`;
      case 'places':
        return `pl:${a.page}`;
      case 'summary': {
        const data = `sum:${a.place}`;
        return bytes(data) <= MAX_CALLBACK_BYTES ? data : `sum:${a.place.slice(0, 18)}`;
      }
    }
  }

  decode(data: string): ButtonAction | undefined {
    let m = /^(src|par)(:|~)(.+):(\d+)$/.exec(data);
    if (m) {
      const articleId = m[2] === '~' ? this.longIds.get(m[3] as string) : m[3];
      if (articleId === undefined) return undefined;
      return { kind: 'source', articleId, n: Number(m[4]), edit: m[1] === 'par' };
    }
    m = /^fb:(up|down):(.+)$/.exec(data);
    if (m) return { kind: 'feedback', vote: m[1] as 'up' | 'down', key: m[2] as string };
    m = /^pl:(\d+)$/.exec(data);
    if (m) return { kind: 'places', page: Number(m[1]) };
    m = /^sum:(.+)$/s.exec(data);
    if (m) return { kind: 'summary', place: m[1] as string };
    return undefined;
  }

  private shortKey(id: string): string {
    const known = this.keyOf.get(id);
    if (known !== undefined && this.longIds.get(known) === id) return known;
    const key = (this.next++).toString(36);
    this.longIds.set(key, id);
    this.keyOf.set(id, key);
    if (this.keyOf.size > 10_000) this.keyOf.clear();
    return key;
  }
}
