/**
 * The QdrantClient the app gets for the embedded store. The hot methods (upsert, query, queryBatch, scroll,
 * retrieve, count, delete) go to the store thread through its request port — the same routes and write queue
 * as HTTP, but by structured clone, without JSON text, HTTP or undici. Each builds exactly the request
 * QdrantClient would (its defaults, which arguments go in the query string and which in the body, JSON's
 * meaning of the body via `jsonValue`), and answers and fails as it would (`result`, `StoreApiError`).
 * Every other method is QdrantClient's own, over loopback HTTP.
 */
import { QdrantClient } from '@qdrant/js-client-rest';
import { jsonValue, type PortAnswer, type PortCall } from './embedded/index.js';
import { StoreApiError } from './store-api-error.js';

type Args<M extends 'upsert' | 'query' | 'queryBatch' | 'scroll' | 'retrieve' | 'count' | 'delete'> =
  Parameters<QdrantClient[M]>[1];
type Result<M extends 'upsert' | 'query' | 'queryBatch' | 'scroll' | 'retrieve' | 'count' | 'delete'> =
  Awaited<ReturnType<QdrantClient[M]>>;

/** The query string as the client's fetcher writes it: non-null values, in order, arrays repeated. */
function queryString(params: Record<string, unknown>): string {
  const qs: string[] = [];
  const encode = (key: string, value: unknown) =>
    `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) qs.push(encode(key, v));
    else qs.push(encode(key, value));
  }
  return qs.length > 0 ? `?${qs.join('&')}` : '';
}

export class EmbeddedClient extends QdrantClient {
  private readonly base: string;

  constructor(
    opts: { url: string } & ConstructorParameters<typeof QdrantClient>[0],
    private readonly send: (req: PortCall) => Promise<PortAnswer>,
  ) {
    super(opts);
    this.base = opts.url.replace(/\/+$/, '');
  }

  private async call(
    method: 'POST' | 'PUT',
    collection: string,
    suffix: string,
    query: Record<string, unknown>,
    body: Record<string, unknown>,
  ): Promise<unknown> {
    const path = `/collections/${encodeURIComponent(collection)}${suffix}`;
    const qs = queryString(query);
    const answer = await this.send({ method, path, query: qs, body: jsonValue(body) });
    if ('error' in answer) {
      throw new StoreApiError(answer.status, answer.error, answer.time, this.base + path + qs);
    }
    // QdrantClient's `response.data.result ?? noResultError()`.
    if (answer.result === null || answer.result === undefined) throw new Error('Result came uninitialized');
    return answer.result;
  }

  override async upsert(
    collection_name: string,
    { wait = true, ordering, timeout, ...points_or_batch }: Args<'upsert'>,
  ): Promise<Result<'upsert'>> {
    return (await this.call(
      'PUT',
      collection_name,
      '/points',
      { wait, ordering, timeout },
      points_or_batch,
    )) as Result<'upsert'>;
  }

  override async delete(
    collection_name: string,
    { wait, ordering, timeout, ...points_selector }: Args<'delete'>,
  ): Promise<Result<'delete'>> {
    return (await this.call(
      'POST',
      collection_name,
      '/points/delete',
      { wait, ordering, timeout },
      points_selector,
    )) as Result<'delete'>;
  }

  override async retrieve(
    collection_name: string,
    { shard_key, ids, with_payload = true, with_vector, consistency, timeout }: Args<'retrieve'>,
  ): Promise<Result<'retrieve'>> {
    return (await this.call(
      'POST',
      collection_name,
      '/points',
      { consistency, timeout },
      { shard_key, ids, with_payload, with_vector },
    )) as Result<'retrieve'>;
  }

  override async scroll(
    collection_name: string,
    {
      shard_key,
      filter,
      consistency,
      timeout,
      limit = 10,
      offset,
      with_payload = true,
      with_vector = false,
      order_by,
    }: Args<'scroll'> = {},
  ): Promise<Result<'scroll'>> {
    return (await this.call(
      'POST',
      collection_name,
      '/points/scroll',
      { consistency, timeout },
      { shard_key, limit, offset, filter, with_payload, with_vector, order_by },
    )) as Result<'scroll'>;
  }

  override async count(
    collection_name: string,
    { shard_key, filter, exact = true, timeout }: Args<'count'> = {},
  ): Promise<Result<'count'>> {
    // `consistency` is a query parameter of the route but count() never passes it.
    return (await this.call(
      'POST',
      collection_name,
      '/points/count',
      { consistency: undefined, timeout },
      { shard_key, filter, exact },
    )) as Result<'count'>;
  }

  override async query(
    collection_name: string,
    {
      consistency,
      timeout,
      shard_key,
      prefetch,
      query,
      using,
      filter,
      params,
      score_threshold,
      limit,
      offset,
      with_vector,
      with_payload,
      lookup_from,
    }: Args<'query'>,
  ): Promise<Result<'query'>> {
    return (await this.call(
      'POST',
      collection_name,
      '/points/query',
      { consistency, timeout },
      {
        shard_key,
        prefetch,
        query,
        using,
        filter,
        params,
        score_threshold,
        limit,
        offset,
        with_vector,
        with_payload,
        lookup_from,
      },
    )) as Result<'query'>;
  }

  override async queryBatch(
    collection_name: string,
    { consistency, timeout, searches }: Args<'queryBatch'>,
  ): Promise<Result<'queryBatch'>> {
    return (await this.call(
      'POST',
      collection_name,
      '/points/query/batch',
      { consistency, timeout },
      { searches },
    )) as Result<'queryBatch'>;
  }
}
