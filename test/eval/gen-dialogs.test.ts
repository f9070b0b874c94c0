import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateDialogs } from '../../src/eval/gen-dialogs.js';
import type { Article } from '../../src/types.js';
import { detectPlaces } from '../../src/text/places.js';

const article = (title: string): Article => ({
  id: title,
  docId: 'd',
  source: 's',
  title,
  places: detectPlaces(title),
  paragraphs: [{ n: 1, text: '…' }],
});

test('swaps between entities of one type that headlines name, and references back to the same article', () => {
  const dialogs = generateDialogs([
    article('宁波市商务局：打造会展名城'),
    article('宁波市工业和信息化局：推动数字化改造'),
    article('宁波市政协委员周海涛：发展海洋经济'),
    article('宁波市政协委员李明华：建设冷链物流'),
  ]);
  const swap = dialogs.find(
    (d) => d.turns[0]?.startsWith('宁波市商务局') && d.turns[1]?.includes('工业和信息化局'),
  );
  assert.ok(swap, 'a body swap within the city');
  assert.equal(swap.gold, '宁波市工业和信息化局：推动数字化改造');
  const person = dialogs.find((d) => d.turns[0]?.startsWith('周海涛') && d.turns[1]?.includes('李明华'));
  assert.equal(person?.gold, '宁波市政协委员李明华：建设冷链物流');
  const back = dialogs.find((d) => d.turns[0]?.startsWith('周海涛') && d.turns[1]?.startsWith('他'));
  assert.equal(back?.gold, '宁波市政协委员周海涛：发展海洋经济');
  assert.equal(new Set(dialogs.map((d) => d.id)).size, dialogs.length);
  assert.equal(generateDialogs([article('宁波市商务局：打造会展名城')], 1).length, 1);
});
