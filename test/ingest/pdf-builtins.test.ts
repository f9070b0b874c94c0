/**
 * pdf.js's legacy build swaps built-ins (Array.prototype.push, JSON.parse) for slower core-js versions when it
 * loads: the bot, the answer core and the ingest pipeline must not load it until a PDF is read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const push = Array.prototype.push;
const parse = JSON.parse;

test('starting the bot and the ingest pipeline leaves the built-ins native; reading a PDF still works', async () => {
  await import('../../src/app/core.js');
  await import('../../src/bot/bot.js');
  await import('../../ingest/run.js');
  assert.equal(Array.prototype.push, push, 'Array.prototype.push replaced');
  assert.equal(JSON.parse, parse, 'JSON.parse replaced');

  const { openPdf } = await import('../../ingest/readers/pdf.js');
  const bytes = await readFile(fileURLToPath(new URL('../fixtures/reports/two-pages.pdf', import.meta.url)));
  const pdf = await openPdf(bytes);
  assert.equal(pdf.pages, 2);
  let chars = 0;
  for await (const p of pdf.read()) if (!('error' in p)) chars += p.chars;
  await pdf.close();
  assert.ok(chars > 100, `text read from the PDF (${chars} characters)`);
});
