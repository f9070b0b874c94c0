/** Every report gets the date it carries — file name, dateline, JSONL field, Word properties — and none is invented. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { readDocuments } from '../../ingest/read.js';
import { parseDocument } from '../../ingest/parse.js';
import type { Article } from '../../src/types.js';

const WORD = fileURLToPath(new URL('../fixtures/reports/report.docx', import.meta.url));

async function withCoreDate(created: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(await readFile(WORD));
  zip.file(
    'docProps/core.xml',
    '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties ' +
      'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
      'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created></cp:coreProperties>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

async function articlesIn(files: Record<string, string | Buffer>): Promise<Map<string, Article[]>> {
  const dir = await mkdtemp(join(tmpdir(), 'dates-'));
  try {
    for (const [name, body] of Object.entries(files)) await writeFile(join(dir, name), body);
    const out = new Map<string, Article[]>();
    for await (const doc of readDocuments(dir, dir, { onSkip: () => undefined }))
      out.set(doc.docId, parseDocument(doc));
    return out;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const BODY =
  '本报讯 3月5日，青溪县政协组织委员视察农村饮水安全工程，察看了两座水厂。\n\n委员建议加快管网改造。\n';

test('a page file takes the date of its name; without one, a dateline; else none', async () => {
  const got = await articlesIn({
    '2025-03-07-视察.md': `# 青溪县政协视察农村饮水\n\n${BODY}`,
    '20250308.txt': `青溪县政协视察农村饮水\n\n${BODY}`,
    'dateline.md': '# 青溪县政协召开常委会\n\n2025年3月9日，青溪县政协召开常委会议，审议年度工作要点。\n',
    'undated.md': `# 青溪县政协视察农村饮水\n\n${BODY}`,
  });
  assert.equal(got.get('2025-03-07-视察.md')?.[0]?.date, '2025-03-07');
  assert.equal(got.get('20250308.txt')?.[0]?.date, '2025-03-08');
  assert.equal(got.get('dateline.md')?.[0]?.date, '2025-03-09');
  // "3月5日" is the visit's day, without a year: the report stays undated.
  assert.equal(got.get('undated.md')?.[0]?.date, undefined);
});

test('a JSONL date field is kept when it is a date, in any common spelling, and dropped otherwise', async () => {
  const lines = [
    { id: 'r1', title: '甲', text: '青溪县政协召开专题协商会。', date: '2025/3/10' },
    { id: 'r2', title: '乙', text: '青溪县政协召开专题协商会。', date: '上周' },
    { id: 'r3', title: '丙', text: '青溪县政协召开专题协商会。', date: '2025-03-11T09:00:00+08:00' },
  ];
  const got = await articlesIn({ 'records.jsonl': lines.map((l) => JSON.stringify(l)).join('\n') });
  assert.equal(got.get('r1')?.[0]?.date, '2025-03-10');
  assert.equal(got.get('r2')?.[0]?.date, undefined);
  assert.equal(got.get('r3')?.[0]?.date, '2025-03-11');
});

test("a Word file takes its name's date, else the date in its document properties", async () => {
  const word = await withCoreDate('2025-03-12T08:00:00Z');
  const got = await articlesIn({ 'report.docx': word, '2025-03-13 调研.docx': word });
  assert.ok((got.get('report.docx') ?? []).length > 0);
  assert.ok(got.get('report.docx')?.every((a) => a.date === '2025-03-12'));
  assert.ok(got.get('2025-03-13 调研.docx')?.every((a) => a.date === '2025-03-13'));
});
