/**
 * PDF and Word reports as they arrive: e-paper pages in 3 and 4 columns, a rotated page, a file of two pages, a
 * Word file — and the files that cannot be read. Fixtures come from test/support/make-report-fixtures.ts; what each
 * must yield is in test/fixtures/report-truth/expected.json (written by the same script from the texts it typeset).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readDocuments } from '../../ingest/read.js';
import { parseDocument } from '../../ingest/parse.js';
import { articlePoints } from '../../ingest/points.js';
import { chunkArticle } from '../../ingest/chunk.js';
import { SkipError, type RawDoc } from '../../ingest/types.js';
import type { Article } from '../../src/types.js';
import { buildLines, type TextRun } from '../../ingest/readers/pdf-layout.js';
import { FIXTURES } from './helpers.js';

const DIR = path.join(FIXTURES, 'reports');

interface Expected {
  page?: string;
  date?: string;
  articles: {
    title: string;
    subtitle?: string;
    byline?: string;
    paragraphs: string[];
    captions?: string[];
  }[];
}

const expected = JSON.parse(
  await readFile(path.join(FIXTURES, 'report-truth', 'expected.json'), 'utf8'),
) as Record<string, Expected>;

async function readAll(p: string): Promise<{ docs: RawDoc[]; skips: SkipError[] }> {
  const docs: RawDoc[] = [];
  const skips: SkipError[] = [];
  for await (const d of readDocuments(p, DIR, { onSkip: (s) => skips.push(s) })) docs.push(d);
  return { docs, skips };
}

async function articlesOf(file: string): Promise<Article[]> {
  const { docs, skips } = await readAll(path.join(DIR, file));
  assert.deepEqual(
    skips.map((s) => `${s.path}: ${s.reason}`),
    [],
  );
  return docs.flatMap((d) => parseDocument(d));
}

function assertArticles(got: Article[], want: Expected, file: string): void {
  assert.deepEqual(
    got.map((a) => a.title),
    want.articles.map((a) => a.title),
    `${file}: titles in reading order`,
  );
  want.articles.forEach((w, k) => {
    const a = got[k] as Article;
    assert.deepEqual(
      a.paragraphs.map((p) => p.text),
      [...w.paragraphs, ...(w.captions ?? [])],
      `${file}: paragraphs of 《${w.title}》`,
    );
    assert.equal(a.subtitle, w.subtitle, `${file}: subtitle of 《${w.title}》`);
    assert.equal(a.byline, w.byline, `${file}: byline of 《${w.title}》`);
    if (want.page) assert.equal(a.page, want.page, `${file}: page of 《${w.title}》`);
    if (want.date) assert.equal(a.date, want.date, `${file}: date of 《${w.title}》`);
  });
}

test('a 3-column page: headline across two columns on two lines, article continued in the next column, caption apart', async () => {
  const got = await articlesOf('page-3col.pdf');
  assertArticles(got, expected['page-3col.pdf'] as Expected, 'page-3col.pdf');
  // Running head and footer are not text of any article.
  const all = got.flatMap((a) => a.paragraphs.map((p) => p.text)).join('\n');
  for (const furniture of ['清河日报', '政协视窗', '责任编辑'])
    assert.ok(!all.includes(furniture), `"${furniture}" dropped`);
});

test('a 4-column page: an article cut by a picture and continued after another article comes back whole', async () => {
  const got = await articlesOf('page-4col.pdf');
  assertArticles(got, expected['page-4col.pdf'] as Expected, 'page-4col.pdf');
  const first = got[0] as Article;
  // The paragraph the picture cuts, and the one that goes on in column 3 under another article.
  assert.ok(first.paragraphs[0]?.text.endsWith('急难愁盼的问题。'));
  assert.equal(first.paragraphs.length, 6);
});

test('a rotated page (/Rotate 90) reads upright', async () => {
  assertArticles(await articlesOf('rotated.pdf'), expected['rotated.pdf'] as Expected, 'rotated.pdf');
});

test('a file of two pages: one document per page, each with its printed edition', async () => {
  const { docs } = await readAll(path.join(DIR, 'two-pages.pdf'));
  assert.deepEqual(
    docs.map((d) => [d.docId, d.page]),
    [
      ['two-pages.pdf#p1', '第6版'],
      ['two-pages.pdf#p2', '第7版'],
    ],
  );
  const got = docs.flatMap((d) => parseDocument(d));
  assertArticles(got, expected['two-pages.pdf'] as Expected, 'two-pages.pdf');
  assert.ok(got.every((a) => a.source === 'two-pages.pdf' && a.date === '2026-11-23'));
});

test('a PDF saved with a .txt name is read as the PDF it is', async () => {
  assertArticles(
    await articlesOf('renamed-pdf.txt'),
    expected['renamed-pdf.txt'] as Expected,
    'renamed-pdf.txt',
  );
});

test('a Word file: headings become titles, paragraphs stay paragraphs', async () => {
  assertArticles(await articlesOf('report.docx'), expected['report.docx'] as Expected, 'report.docx');
});

test('the page goes into every chunk payload, so a citation can name it', async () => {
  const [article] = await articlesOf('page-4col.pdf');
  const points = articlePoints(article as Article, 0, chunkArticle(article as Article), 'hash', []);
  assert.ok(points.length > 0);
  assert.ok(points.every((p) => p.payload.page === '第4版' && p.payload.source === 'page-4col.pdf'));
});

test('encrypted, damaged, zero-page and scanned files are each reported with a reason; the rest is read', async () => {
  const { docs, skips } = await readAll(DIR);
  const reasons = Object.fromEntries(skips.map((s) => [s.path, s.reason]));
  assert.match(reasons['encrypted.pdf'] ?? '', /encrypted PDF/);
  assert.match(reasons['damaged.pdf'] ?? '', /damaged PDF/);
  assert.match(reasons['zero-pages.pdf'] ?? '', /no pages/);
  assert.match(reasons['scanned.pdf'] ?? '', /no text layer: needs OCR/);
  assert.equal(skips.length, 4, JSON.stringify(reasons));
  assert.deepEqual([...new Set(docs.map((d) => d.source))].sort(), [
    'page-3col.pdf',
    'page-4col.pdf',
    'renamed-pdf.txt',
    'report.docx',
    'rotated.pdf',
    'spaced.pdf',
    'two-pages.pdf',
  ]);
  // No empty article from a bad file.
  assert.ok(docs.flatMap((d) => parseDocument(d)).every((a) => a.paragraphs.length > 0));
});

test('a damaged Word file is reported, not thrown', async () => {
  const { docs, skips } = await readAll(path.join(FIXTURES, 'ingest-bad', 'report.docx'));
  assert.equal(docs.length, 0);
  assert.match(skips[0]?.reason ?? '', /damaged Word file/);
});

test('spaces set as gaps with no space glyph come back: "职务 姓名" stays a byline, figures and Chinese gain none', async () => {
  const got = await articlesOf('spaced.pdf');
  assertArticles(got, expected['spaced.pdf'] as Expected, 'spaced.pdf');
  assert.equal(got[0]?.byline, '县工商联主席 王海涛');
  assert.equal(got[0]?.paragraphs[0]?.text, '县政协常委、县工商联主席 王海涛');
});

test('a gap wider than glyph spacing between runs of a line is a space, even with no space item', () => {
  const run = (text: string, x: number, w: number): TextRun => ({ text, x, baseline: 100, w, size: 10 });
  const text = (runs: TextRun[]): string[] => buildLines(runs).map((l) => l.text);
  // Half an em between a title and a name, no space glyph and no space item.
  assert.deepEqual(text([run('县工商联主席', 40, 60), run('王海涛', 105, 30)]), ['县工商联主席 王海涛']);
  // Justified Chinese and a number cut into runs: edge to edge or nearly so, no space.
  assert.deepEqual(
    text([run('同比增长', 40, 40), run('7', 81, 5.5), run('.5%', 87, 12), run('。', 99.5, 10)]),
    ['同比增长7.5%。'],
  );
  // A number cut into runs stays whole even with a gap.
  assert.deepEqual(text([run('128', 40, 16.5), run('.6亿元', 60, 34)]), ['128.6亿元']);
  // A pdf.js space item of an ideographic space keeps the line whole and gives one space.
  assert.deepEqual(text([run('本报记者', 40, 40), run(' ', 80, 10), run('周晓岚', 90, 30)]), [
    '本报记者 周晓岚',
  ]);
});
