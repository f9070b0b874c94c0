import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chunkPointId, docHash, manifestPointId, uuidFromName } from '../../ingest/ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('point ids are valid RFC 4122 v5 UUIDs that Qdrant accepts', () => {
  for (const id of [uuidFromName('x'), chunkPointId('a/b.txt', 0, 0), manifestPointId('crud-1')]) {
    assert.match(id, UUID);
  }
});

test('ids and hashes are fixed functions of their inputs, stable across runs and versions', () => {
  // Points and manifests already stored by an earlier ingest must be found again: a re-ingest updates them in
  // place and skips unchanged documents. Pinned values catch any change of namespace, separators or hash.
  assert.equal(chunkPointId('2023/page.txt', 2, 5), '05c7fc37-730b-5b6d-88a1-b0d302b94b28');
  assert.equal(manifestPointId('2023/page.txt'), '97883efb-635b-5b1b-aca3-967ee462cb46');
  assert.equal(docHash('a', '政协'), '9d2517e74d49eb92e5316c16c46544cf6badf9a0');
});

test('different documents, articles or chunks never share an id', () => {
  const ids = new Set([
    chunkPointId('a.txt', 0, 0),
    chunkPointId('a.txt', 0, 1),
    chunkPointId('a.txt', 1, 0),
    chunkPointId('b.txt', 0, 0),
    // "a.txt" + article 10 must not collide with "a.txt1" + article 0 (separators are not digits)
    chunkPointId('a.txt', 10, 0),
    chunkPointId('a.txt1', 0, 0),
    manifestPointId('a.txt'),
  ]);
  assert.equal(ids.size, 7);
});

test('doc hash changes with the text and differs between documents with identical text', () => {
  assert.notEqual(docHash('a', '政协'), docHash('a', '政协 '));
  assert.notEqual(docHash('a', '政协'), docHash('b', '政协'));
});
