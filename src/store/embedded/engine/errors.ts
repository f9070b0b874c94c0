/**
 * Errors carrying the HTTP status and the exact message a real Qdrant answers with, so clients that match on
 * `ApiError.status` / `data.status.error` behave the same against the embedded store.
 */
export class StoreError extends Error {
  override name = 'StoreError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const notFoundCollection = (name: string): StoreError =>
  new StoreError(404, `Not found: Collection \`${name}\` doesn't exist!`);

export const collectionExists = (name: string): StoreError =>
  new StoreError(409, `Wrong input: Collection \`${name}\` already exists!`);

export const pointNotFound = (id: string | number): StoreError =>
  new StoreError(404, `Not found: No point with id ${String(id)} found`);

/** `BadInput` in Qdrant: 400 "Wrong input: …". */
export const wrongInput = (msg: string): StoreError => new StoreError(400, `Wrong input: ${msg}`);

/** `BadRequest` in Qdrant: 400 "Bad request: …". */
export const badRequest = (msg: string): StoreError => new StoreError(400, `Bad request: ${msg}`);

/** serde deserialisation failure: 400 "Format error in JSON body: …". */
export const formatError = (msg: string): StoreError =>
  new StoreError(400, `Format error in JSON body: ${msg}`);

/** validator crate failures, collected: 422 "Validation error in JSON body: [path: msg; …]" (label_errors). */
export const validationError = (items: string[]): StoreError =>
  new StoreError(422, `Validation error in JSON body: [${items.join('; ')}]`);

export const dimensionError = (expected: number, got: number): StoreError =>
  wrongInput(`Vector dimension error: expected dim: ${expected}, got ${got}`);

export const unknownVector = (name: string): StoreError =>
  wrongInput(`Not existing vector name error: ${name}`);
