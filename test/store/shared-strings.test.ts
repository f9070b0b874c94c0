import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StringShare } from '../../src/store/embedded/engine/shared-strings.js';
import type { Payload } from '../../src/store/embedded/engine/payload.js';

const para = '政协委员围绕乡村振兴建言献策，提出发展特色产业、完善基础设施、培养本土人才等建议，'.repeat(3);

/** Two separate copies of every string, as JSON parsing makes them. */
const parsed = (v: unknown): Payload => JSON.parse(JSON.stringify(v)) as Payload;

test('repeated strings of a payload become one, and the payload reads the same', () => {
  const payload = parsed({ text: para, paragraph_texts: [para], nested: { again: para } });
  const before = JSON.stringify(payload);
  new StringShare().share(payload);
  assert.equal(JSON.stringify(payload), before);
  assert.equal((payload.paragraph_texts as string[])[0], payload.text);
  assert.equal(new StringShare().share(undefined), undefined);
});

test('sharing across the chunks of one article changes nothing a client reads', () => {
  const share = new StringShare();
  const article = {
    title: '天水市政协召开常委会议',
    doc_id: 'reports/2024-05.md',
    places: ['天水市', '秦州区'],
  };
  const chunks = [0, 1, 2].map((i) => parsed({ ...article, text: `${para}${i}`, chunk_index: i }));
  const before = chunks.map((c) => JSON.stringify(c));
  for (const c of chunks) share.share(c);
  assert.deepEqual(
    chunks.map((c) => JSON.stringify(c)),
    before,
  );
  // Identity of strings is not observable: what can go wrong is a field given another payload's string.
  assert.deepEqual(
    chunks.map((c) => [c.title, c.chunk_index]),
    [0, 1, 2].map((i) => [article.title, i]),
  );
});
