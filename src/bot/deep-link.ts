/**
 * `/start` deep links (`https://t.me/<bot>?start=<payload>`): open a place's summary or a source paragraph in the
 * private chat. Telegram allows 1–64 characters from `A-Za-z0-9_-` in a payload, so the place name and the article
 * id travel base64url-encoded: `sum_<place>` and `src_<n>_<articleId>`.
 */
export type StartPayload =
  { kind: 'summary'; place: string } | { kind: 'source'; articleId: string; n: number };

export const MAX_START_PAYLOAD = 64;

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

function unb64(s: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  const out = Buffer.from(s, 'base64url').toString('utf8');
  // Only a faithful round trip counts: anything else was not made by us.
  return out !== '' && b64(out) === s ? out : undefined;
}

/** The payload, or undefined when it would not fit Telegram's 64 characters. */
export function encodeStart(p: StartPayload): string | undefined {
  const payload = p.kind === 'summary' ? `sum_${b64(p.place)}` : `src_${p.n}_${b64(p.articleId)}`;
  return payload.length <= MAX_START_PAYLOAD ? payload : undefined;
}

export function decodeStart(payload: string): StartPayload | undefined {
  let m = /^sum_(.+)$/.exec(payload);
  if (m) {
    const place = unb64(m[1] as string);
    return place === undefined ? undefined : { kind: 'summary', place };
  }
  m = /^src_(\d{1,6})_(.+)$/.exec(payload);
  if (m) {
    const articleId = unb64(m[2] as string);
    const n = Number(m[1]);
    return articleId === undefined || n < 1 ? undefined : { kind: 'source', articleId, n };
  }
  return undefined;
}

/** A link that opens the private chat with the bot and runs `/start <payload>`. */
export function startLink(botUsername: string, p: StartPayload): string | undefined {
  const payload = encodeStart(p);
  return payload === undefined ? undefined : `https://t.me/${botUsername}?start=${payload}`;
}
