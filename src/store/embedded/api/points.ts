/**
 * Point write bodies (PUT /points, POST /points/delete, PUT /index) into the engine's typed requests, with
 * serde's error messages for shapes Qdrant would not deserialize and the validator's for rule violations.
 */
import { formatError, validationError, wrongInput } from '../engine/errors.js';
import type { PointId } from '../engine/ids.js';
import type { FieldSchema } from '../engine/payload-index.js';
import type {
  DeleteRequest,
  FieldIndexRequest,
  PointInput,
  UpsertRequest,
  VectorInput,
} from '../engine/requests.js';
import { optFilter } from './filter.js';
import { idList, isObj, payloadOf, vectorStruct } from './validate.js';

/** PUT /points: PointsList or PointsBatch. */
export function parseUpsert(body: unknown): UpsertRequest {
  if (!isObj(body))
    throw formatError('data did not match any variant of untagged enum PointInsertOperations');
  const points: PointInput[] = [];
  if (Array.isArray(body.points)) {
    body.points.forEach((p, i) => {
      if (!isObj(p)) throw formatError('invalid type: expected struct PointStruct');
      if (!('id' in p)) throw formatError('missing field `id`');
      const id = idList([p.id])[0] as PointId;
      if (!('vector' in p)) throw formatError('missing field `vector`');
      points.push({
        id,
        vectors: vectorStruct(p.vector, `points[${i}].vector`),
        payload: payloadOf(p.payload),
      });
    });
  } else if (isObj(body.batch)) {
    const b = body.batch;
    const ids = idList(b.ids);
    const payloads = b.payloads === undefined || b.payloads === null ? [] : (b.payloads as unknown[]);
    if (!Array.isArray(payloads)) throw formatError('invalid type: expected a sequence');
    const perPoint: Map<string, VectorInput>[] = ids.map(() => new Map());
    const vecs = b.vectors;
    const take = (name: string, list: unknown) => {
      if (!Array.isArray(list))
        throw formatError('data did not match any variant of untagged enum BatchVectorStruct');
      if (list.length !== ids.length) {
        throw wrongInput(`number of ids (${ids.length}) and vectors (${list.length}) must be equal`);
      }
      list.forEach((v, i) => {
        const m = vectorStruct(name === '' ? v : { [name]: v }, `batch.vectors[${i}]`);
        for (const [k, x] of m) (perPoint[i] as Map<string, VectorInput>).set(k, x);
      });
    };
    if (Array.isArray(vecs)) take('', vecs);
    else if (isObj(vecs)) for (const [name, list] of Object.entries(vecs)) take(name, list);
    else throw formatError('data did not match any variant of untagged enum BatchVectorStruct');
    ids.forEach((id, i) =>
      points.push({
        id,
        vectors: perPoint[i] as Map<string, VectorInput>,
        payload: payloadOf(payloads[i]),
      }),
    );
  } else {
    throw formatError('data did not match any variant of untagged enum PointInsertOperations');
  }
  const mode = body.update_mode ?? 'upsert';
  if (mode !== 'upsert' && mode !== 'insert_only' && mode !== 'update_only') {
    throw formatError(
      `unknown variant \`${String(mode)}\`, expected one of \`upsert\`, \`insert_only\`, \`update_only\``,
    );
  }
  return { points, mode, updateFilter: optFilter(body.update_filter, 'update_filter') };
}

/** POST /points/delete: PointIdsList or FilterSelector. */
export function parseDelete(body: unknown): DeleteRequest {
  if (!isObj(body)) throw formatError('data did not match any variant of untagged enum PointsSelector');
  if (Array.isArray(body.points)) return { ids: idList(body.points) };
  if (isObj(body.filter)) return { filter: optFilter(body.filter)! };
  throw formatError('data did not match any variant of untagged enum PointsSelector');
}

const FIELD_TYPES = ['keyword', 'integer', 'float', 'geo', 'text', 'bool', 'datetime', 'uuid'];

/** PUT /index: CreateFieldIndex. An integer index needs `lookup` or `range` (validate_integer_index_params). */
export function parseCreateIndex(body: unknown): FieldIndexRequest {
  if (!isObj(body)) throw formatError('invalid type: expected struct CreateFieldIndex');
  if (typeof body.field_name !== 'string') throw formatError('missing field `field_name`');
  const raw = body.field_schema ?? body.field_type;
  let schema: FieldSchema;
  if (raw === undefined || raw === null) {
    throw wrongInput('Can not infer field schema: field_schema is required by the embedded store');
  } else if (typeof raw === 'string') {
    if (!FIELD_TYPES.includes(raw)) throw formatError(`unknown variant \`${raw}\``);
    schema = raw as FieldSchema;
  } else if (isObj(raw) && typeof raw.type === 'string' && FIELD_TYPES.includes(raw.type)) {
    if (raw.type === 'integer' && raw.lookup === false && raw.range === false) {
      throw validationError([
        "field_schema.lookup: Validation error: the 'lookup' and 'range' capabilities can't be both disabled [{}]",
      ]);
    }
    schema = raw as unknown as FieldSchema;
  } else {
    throw formatError('data did not match any variant of untagged enum PayloadFieldSchema');
  }
  return { field: body.field_name, schema };
}
