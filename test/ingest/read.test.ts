/** Readers: encodings, HTML, JSONL streaming with bad lines, and the files that must be skipped with a reason. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readDocuments } from '../../ingest/read.js';
import { parseDocument } from '../../ingest/parse.js';
import { SkipError, type RawDoc } from '../../ingest/types.js';

const root = fileURLToPath(new URL('../fixtures/inputs/', import.meta.url));

async function collect(path: string, maxBytes?: number): Promise<{ docs: RawDoc[]; skips: SkipError[] }> {
  const docs: RawDoc[] = [];
  const skips: SkipError[] = [];
  const opts = { onSkip: (s: SkipError) => skips.push(s), ...(maxBytes !== undefined ? { maxBytes } : {}) };
  for await (const d of readDocuments(path, root, opts)) docs.push(d);
  return { docs, skips };
}

test('a GBK-encoded report is decoded to the right characters', async () => {
  const { docs, skips } = await collect(join(root, 'gbk-report.txt'));
  assert.deepEqual(skips, []);
  assert.equal(docs[0]?.docId, 'gbk-report.txt');
  assert.ok(docs[0]?.text.includes('甘肃省嘉峪关市政协组织委员赴关城景区调研'));
  const [article] = parseDocument(docs[0] as RawDoc);
  assert.equal(article?.title, '嘉峪关市政协调研文旅融合发展');
  assert.ok(article?.paragraphs.some((p) => p.text.includes('累计接待游客增长23.5%')));
});

test('UTF-8 with a BOM and markdown emphasis reads as plain text', async () => {
  const { docs } = await collect(join(root, 'bom-notes.md'));
  assert.ok(docs[0]?.text.startsWith('# 白银市政协视察生态保护工作'));
  assert.ok(docs[0]?.text.includes('委员们认为'));
});

test('HTML gives article text and structure, without scripts, styles, navigation or footer', async () => {
  const { docs } = await collect(join(root, 'report.html'));
  const doc = docs[0] as RawDoc;
  assert.equal(doc.title, '鸡东县政协：协商议事进村屯 - 地方政协');
  for (const junk of ['不应出现的脚本文字', 'color: red', '导航栏文字', '页脚文字'])
    assert.ok(!doc.text.includes(junk), junk);
  const [article] = parseDocument(doc);
  assert.equal(article?.title, '鸡东县政协：协商议事进村屯');
  assert.equal(article?.subtitle, '黑龙江鸡东县政协推进基层协商小记');
  assert.equal(article?.byline, '本报记者 韩冰');
  assert.deepEqual(
    article?.paragraphs.map((p) => p.text),
    [
      '近年来，黑龙江省鸡西市鸡东县政协在全县设立协商议事室，推动协商向村屯延伸。',
      '议事室坚持“每月一议”，今年已解决群众关心的问题37个。',
    ],
  );
  assert.equal(article?.places[0]?.name, '鸡东县');
});

test('JSONL records stream one doc each; malformed lines are reported with their line number and skipped', async () => {
  const { docs, skips } = await collect(join(root, 'records.jsonl'));
  assert.deepEqual(
    docs.map((d) => d.docId),
    ['rec-1', '3'],
  );
  assert.deepEqual(
    skips.map((s) => s.path),
    ['records.jsonl:2', 'records.jsonl:3'],
  );
  assert.match(skips[0]?.reason ?? '', /malformed JSON/);
  assert.match(skips[1]?.reason ?? '', /missing "id"/);
  const first = docs[0] as RawDoc;
  assert.equal(first.kind, 'record');
  assert.equal(first.source, '示例报');
  assert.equal(first.date, '2023-06-01');
  const [article] = parseDocument(first);
  assert.equal(article?.docId, 'rec-1');
  assert.equal(article?.title, '深圳市政协视察数字政府建设');
  assert.equal(article?.paragraphs.length, 2);
  const third = parseDocument(docs[1] as RawDoc)[0];
  assert.equal(third?.url, 'https://example.org/3');
  assert.equal(third?.date, '2023-08-18');
});

test('gzipped JSONL is read the same way', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'read-test-'));
  try {
    const gz = join(dir, 'pool.jsonl.gz');
    await writeFile(gz, gzipSync(await readFile(join(root, 'records.jsonl'))));
    const docs: RawDoc[] = [];
    const skips: SkipError[] = [];
    for await (const d of readDocuments(gz, dir, { onSkip: (s) => skips.push(s) })) docs.push(d);
    assert.deepEqual(
      docs.map((d) => d.docId),
      ['rec-1', '3'],
    );
    assert.equal(skips.length, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('empty, binary, unknown and oversized files are skipped with a reason; the rest of a directory is read', async () => {
  const { docs, skips } = await collect(root);
  const reasons = new Map(skips.map((s) => [s.path, s.reason]));
  assert.match(reasons.get('empty.txt') ?? '', /empty/);
  assert.match(reasons.get('binary.txt') ?? '', /binary/);
  assert.match(reasons.get('scan.pdf') ?? '', /damaged PDF/);
  assert.deepEqual(docs.map((d) => d.docId).sort(), [
    '3',
    'bom-notes.md',
    'gbk-report.txt',
    'rec-1',
    'report.html',
  ]);
  const big = await collect(join(root, 'report.html'), 100);
  assert.equal(big.docs.length, 0);
  assert.match(big.skips[0]?.reason ?? '', /too large/);
});

test('without onSkip a bad file throws a SkipError naming the file', async () => {
  await assert.rejects(
    async () => {
      for await (const d of readDocuments(join(root, 'binary.txt'), root))
        assert.fail(`unexpected ${d.docId}`);
    },
    (err: unknown) => err instanceof SkipError && err.path === 'binary.txt',
  );
});

test('UTF-16 text with a BOM is read, not mistaken for binary', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'read-test-'));
  try {
    const file = join(dir, 'utf16.txt');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('# 天水市政协调研\n\n委员们建言献策。\n', 'utf16le'),
      ]),
    );
    const { docs, skips } = await (async () => {
      const docs: RawDoc[] = [];
      const skips: SkipError[] = [];
      for await (const d of readDocuments(file, dir, { onSkip: (s) => skips.push(s) })) docs.push(d);
      return { docs, skips };
    })();
    assert.deepEqual(skips, []);
    assert.equal(parseDocument(docs[0] as RawDoc)[0]?.title, '天水市政协调研');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
