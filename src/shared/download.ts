/**
 * Files users send a chat front end are downloaded into memory within the upload size cap; a platform that does
 * not say the size beforehand is cut off as soon as the download passes it.
 */

/** Thrown when a download goes over the size limit (the platform did not say the size beforehand). */
export class TooLargeError extends Error {
  override name = 'TooLargeError';
  constructor(
    readonly limit: number,
    /** The size, when the platform said it. */
    readonly size?: number,
  ) {
    super(`file ${size ?? 'of unknown size'} over the limit of ${limit} bytes`);
  }
}

/** Reads a download into memory, stopping as soon as it passes `limit` bytes. */
export async function readCapped(
  stream: AsyncIterable<Uint8Array>,
  limit: number,
  declaredSize?: number,
): Promise<Buffer> {
  if (declaredSize !== undefined && declaredSize > limit) throw new TooLargeError(limit, declaredSize);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new TooLargeError(limit);
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}
