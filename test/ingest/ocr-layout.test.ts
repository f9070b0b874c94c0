/**
 * A scanned page goes through the same layout as a text layer: OCR line boxes of a three-column page (jittered
 * by a few pixels, the gutter narrower than a character, as on a dense scan) come back in reading order, each
 * paragraph whole, under its headline.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeSizes, ocrRuns, type OcrLine } from '../../ingest/readers/ocr.js';
import { layoutPage } from '../../ingest/readers/pdf-layout.js';

const TITLE = '青川县政协开展农村寄递物流专题视察';
const PARAGRAPHS = [
  '近日，青川县政协组织部分委员围绕农村寄递物流体系建设开展专题视察，先后来到三个乡镇的快递服务站和村级物流点，实地了解包裹收发、冷链配送和农产品上行情况。',
  '视察中，委员们发现部分村级物流点存在场地狭小、人员流动性大、末端配送成本偏高等问题，群众取件仍需往返镇上，生鲜农产品外运损耗较大。',
  '座谈会上，委员们建议整合邮政、供销和快递企业的网点资源，推行“一点多用”共同配送，并对偏远村组给予运营补贴，让山里的土特产走得出、卖得好。',
  '县政协负责人表示，将把委员们的意见建议梳理形成视察报告，报送县委、县政府参考，持续跟踪推动相关问题解决。',
];

const SIZE = 20;
const PER_LINE = 12;
const GUTTER = 12;
const COL_W = SIZE * PER_LINE;

/** Deterministic jitter in [-2, 2] pixels. */
function jitter(k: number): number {
  return ((k * 7919) % 9) / 2 - 2;
}

/** The page as an OCR engine would box it: one box per printed line, text as recognised. */
function scannedPage(): { lines: OcrLine[]; width: number; height: number } {
  const lines: OcrLine[] = [];
  let n = 0;
  const box = (text: string, x: number, top: number, size: number, w: number): void => {
    const j = jitter(n++);
    const x0 = x + j;
    const x1 = x + w + jitter(n++);
    const y0 = top + j / 2;
    const y1 = top + size * 1.18 + jitter(n++) / 2;
    lines.push({
      text,
      box: [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
      ],
    });
  };
  const left = 40;
  box(TITLE, left + 40, 40, SIZE * 1.8, TITLE.length * SIZE * 1.8);
  // Body text flowing through three columns, first lines indented two characters.
  const rows: { text: string; indent: boolean }[] = [];
  for (const p of PARAGRAPHS) {
    const chars = [...p];
    let first = true;
    while (chars.length > 0) {
      const take = chars.splice(0, first ? PER_LINE - 2 : PER_LINE);
      rows.push({ text: take.join(''), indent: first });
      first = false;
    }
  }
  const perCol = Math.ceil(rows.length / 3);
  rows.forEach((r, k) => {
    const col = Math.floor(k / perCol);
    const x = left + col * (COL_W + GUTTER) + (r.indent ? SIZE * 2 : 0);
    const top = 130 + (k % perCol) * SIZE * 1.6;
    box(r.text, x, top, SIZE, [...r.text].length * SIZE);
  });
  return { lines, width: left * 2 + 3 * COL_W + 2 * GUTTER, height: 130 + perCol * SIZE * 1.6 + 60 };
}

test('OCR line boxes of a three-column scan read in order, paragraphs whole, under the headline', () => {
  const { lines, width, height } = scannedPage();
  // Boxes come in the engine's own order: shuffle them so nothing depends on it.
  const shuffled = [...lines].sort((a, b) => (a.text < b.text ? -1 : 1));
  const runs = ocrRuns(shuffled);
  normalizeSizes(runs);
  const page = layoutPage({ width, height, runs, ocr: true });
  assert.equal(page.articles.length, 1);
  const [article] = page.articles;
  assert.equal(article?.title, TITLE);
  assert.deepEqual(article?.paragraphs, PARAGRAPHS);
});
