/**
 * The app layer's one door to ingest/ for the command-line tools (benchmarks, evals, calibration generators),
 * which read whole corpora: nothing under src/ but src/app imports ingest/ (test/app/layers.test.ts), so the
 * reading and indexing they share with start-up and the upload service come through here.
 */
export { runIngest } from '../../ingest/run.js';
export { readDocuments } from '../../ingest/read.js';
export { parseDocument } from '../../ingest/parse.js';
export { ocrEngine } from '../../ingest/readers/ocr.js';
export { readPdfDocs } from '../../ingest/readers/structured.js';
export type { IngestSummary } from '../../ingest/types.js';
