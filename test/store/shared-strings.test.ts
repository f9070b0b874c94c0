import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shareStrings } from '../../src/store/embedded/engine/shared-strings.js';
import type { Payload } from '../../src/store/embedded/engine/payload.js';

test('repeated long strings of a payload become one, and the payload reads the same', () => {
  const para = '政协委员围绕乡村振兴建言献策，提出发展特色产业、完善基础设施、培养本土人才等建议，'.repeat(3);
  // Two separate copies, as JSON parsing makes them.
  const payload = JSON.parse(
    JSON.stringify({ text: para, paragraph_texts: [para], nested: { again: para } }),
  ) as Payload;
  const before = JSON.stringify(payload);
  shareStrings(payload);
  assert.equal(JSON.stringify(payload), before);
  assert.equal((payload.paragraph_texts as string[])[0], payload.text);
  assert.equal(shareStrings(undefined), undefined);
});
