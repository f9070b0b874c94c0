/**
 * The import rule of docs/architecture.md, checked on the sources: ingestion (`ingest/`) is reached only through the
 * app layer (src/app: start-up, the upload service, and ingest-door.ts for the command-line tools). Nothing else
 * under src/ imports it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const ROOT = path.resolve(import.meta.dirname, '../..');
const INGEST = path.join(ROOT, 'ingest') + path.sep;
const ALLOWED = ['src/app/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The specifiers a file imports or re-exports (static, type-only and dynamic). */
function importsOf(source: string): string[] {
  const info = ts.preProcessFile(source, true, true);
  return info.importedFiles.map((f) => f.fileName);
}

/** Imports of `file` (its text `source`) that land in ingest/. */
function ingestImports(file: string, source: string): string[] {
  return importsOf(source).filter(
    (s) => s.startsWith('.') && path.resolve(path.dirname(file), s).startsWith(INGEST),
  );
}

describe('layers', () => {
  it('finds an ingest import however it is written', () => {
    const file = path.join(ROOT, 'src/feishu/x.ts');
    assert.deepEqual(ingestImports(file, "import { a } from '../../ingest/upload.js';"), [
      '../../ingest/upload.js',
    ]);
    assert.deepEqual(ingestImports(file, "import type { T } from '../../ingest/types.js';").length, 1);
    assert.deepEqual(ingestImports(file, "const m = await import('../../ingest/read.js');").length, 1);
    assert.deepEqual(ingestImports(file, "export { b } from '../../ingest/read.js';").length, 1);
    assert.deepEqual(
      ingestImports(file, "// '../../ingest/read.js'\nimport x from '../text/places.js';"),
      [],
    );
  });

  it('no file under src/ but the app layer imports ingest/', () => {
    const offenders = sourceFiles(path.join(ROOT, 'src'))
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
      .filter((rel) => !ALLOWED.some((a) => rel.startsWith(a)))
      .flatMap((rel) =>
        ingestImports(path.join(ROOT, rel), readFileSync(path.join(ROOT, rel), 'utf8')).map(
          (s) => `${rel}: ${s}`,
        ),
      );
    assert.deepEqual(offenders, []);
  });
});
