/**
 * jsonValue: what crosses the in-process port means what JSON text would have meant, so the store reads the
 * same body and the caller the same result as over HTTP.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonValue } from '../../src/store/embedded/port/json-value.js';

/** What the HTTP transport makes of a value. */
const viaJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;
/** What the port makes of it: jsonValue, then a structured clone (postMessage). */
const viaPort = (v: unknown): unknown => structuredClone(jsonValue(v));

class Point {
  constructor(
    readonly id: number,
    readonly hidden?: string,
  ) {}
}

test('a body means over the port what it means as JSON text', () => {
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  const body = {
    points: [
      {
        id: 1,
        vector: { dense: [0.5, -0, NaN, Infinity], sparse: { indices: [1, 7], values: [0.25, 1] } },
        payload: { text: '提案', gone: undefined, fn: () => 1, sym: Symbol('s'), when: new Date(0) },
      },
    ],
    list: [undefined, () => 1, null, sparse],
    typed: new Float32Array([1, 2]),
    map: new Map([['k', 1]]),
    cls: new Point(3),
    boxed: [new Number(2), new String('s'), new Boolean(false)],
  };
  Object.defineProperty(body, '__proto__', { value: { own: true }, enumerable: true });
  assert.deepStrictEqual(viaPort(body), viaJson(body));
});

test('in a result, one object used twice arrives as two, as JSON text would make it', () => {
  const places = ['北京'];
  const result = { points: [{ payload: { places } }, { payload: { places } }] };
  const got = structuredClone(jsonValue(result, { distinct: true })) as {
    points: { payload: { places: string[] } }[];
  };
  got.points[0]?.payload.places.push('上海');
  assert.deepStrictEqual(got.points[1]?.payload.places, ['北京']);
  assert.deepStrictEqual(places, ['北京'], 'the caller’s object is not changed');
});

test('a plain body is passed on as it is (nothing copied), a cycle fails as JSON.stringify does', () => {
  const body = { points: [{ id: 1, vector: [0.1, 0.2, 0.3], payload: { a: 'x' } }] };
  assert.equal(jsonValue(body), body);
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };
  assert.throws(() => jsonValue(cyclic), TypeError);
  assert.throws(() => jsonValue(cyclic, { distinct: true }), TypeError);
  assert.throws(() => JSON.stringify(cyclic), TypeError);
});

test('BigInt is written as the Qdrant client writes it (plain digits where JSON.rawJSON exists)', () => {
  const body = { ids: [10n] };
  if ('rawJSON' in JSON) assert.deepStrictEqual(viaPort(body), { ids: [10] });
  else assert.throws(() => jsonValue(body), { name: 'TypeError', message: /BigInt/ });
});
