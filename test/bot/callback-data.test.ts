import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CallbackCodec, MAX_CALLBACK_BYTES } from '../../src/bot/callback-data.js';
import { decodeStart, encodeStart, startLink } from '../../src/bot/deep-link.js';

describe('callback data', () => {
  it('fits in 64 bytes and round-trips', () => {
    const codec = new CallbackCodec();
    const long = 'x'.repeat(80);
    for (const articleId of ['a1f3c9d2e0b4', long]) {
      const data = codec.encode({ kind: 'source', articleId, n: 12, edit: false });
      assert.ok(Buffer.byteLength(data) <= MAX_CALLBACK_BYTES);
      assert.deepEqual(codec.decode(data), { kind: 'source', articleId, n: 12, edit: false });
    }
    const place = codec.encode({ kind: 'summary', place: '新疆维吾尔自治区' });
    assert.deepEqual(codec.decode(place), { kind: 'summary', place: '新疆维吾尔自治区' });
  });

  it('needs no memory for ordinary article ids (works after a restart)', () => {
    const data = new CallbackCodec().encode({ kind: 'source', articleId: 'a1f3c9d2e0b4', n: 3, edit: true });
    assert.deepEqual(new CallbackCodec().decode(data), {
      kind: 'source',
      articleId: 'a1f3c9d2e0b4',
      n: 3,
      edit: true,
    });
  });
});

describe('/start deep-link payloads', () => {
  it('encode a place and a source paragraph in A-Za-z0-9_- within 64 characters, and decode them back', () => {
    for (const p of [
      { kind: 'summary' as const, place: '新疆维吾尔自治区' },
      { kind: 'summary' as const, place: '深圳市' },
      { kind: 'source' as const, articleId: 'a1f3c9d2e0b4', n: 17 },
    ]) {
      const payload = encodeStart(p);
      assert.ok(payload, JSON.stringify(p));
      assert.match(payload, /^[A-Za-z0-9_-]{1,64}$/);
      assert.deepEqual(decodeStart(payload), p);
    }
  });

  it('give no link when the place would not fit, and reject payloads we did not make', () => {
    assert.equal(encodeStart({ kind: 'summary', place: '很长的地名'.repeat(10) }), undefined);
    assert.equal(startLink('zx_report_bot', { kind: 'summary', place: '很长的地名'.repeat(10) }), undefined);
    for (const bad of ['', 'inline', 'sum_', 'sum_!!', 'src_0_YTE', 'src_x_YTE', 'sum_5rex5Zyz5biC=']) {
      assert.equal(decodeStart(bad), undefined, bad);
    }
    assert.equal(
      startLink('zx_report_bot', { kind: 'summary', place: '深圳市' }),
      'https://t.me/zx_report_bot?start=sum_5rex5Zyz5biC',
    );
  });
});
