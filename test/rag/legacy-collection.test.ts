import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { openStore } from '../../src/store/connect.js';
import { SPARSE_VECTOR } from '../../src/store/schema.js';
import { createQaService } from '../../src/rag/answer.js';
import { runIngest } from '../../ingest/run.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/answers/city-reports.txt', import.meta.url));

test('a collection built before the headline vector still ingests and answers (body search only)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cppcc-legacy-'));
  const cfg = loadConfig({ DATA_DIR: dir });
  const store = await openStore(cfg);
  try {
    await store.client.createCollection(cfg.QDRANT_COLLECTION, {
      sparse_vectors: { [SPARSE_VECTOR]: { modifier: 'idf' } },
    });
    const summary = await runIngest({ paths: [FIXTURES], client: store.client, cfg });
    assert.ok(summary.chunks > 0);
    const qa = createQaService({ client: store.client, cfg });
    const a = await qa.answer('成都有多少个社区食堂？');
    assert.equal(a.refused, false);
    assert.match(a.text, /318个/);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});
