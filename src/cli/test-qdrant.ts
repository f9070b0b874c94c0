/**
 * `npm run test:qdrant`: the store contract suite (test/store/contract.test.ts) against the real Qdrant at
 * QDRANT_URL (with QDRANT_API_KEY if set) — one node or a cluster — to show the embedded store and Qdrant agree.
 * Fails at once, saying why, when QDRANT_URL is unset or nothing answers there; the suite's collections are
 * named contract_<run>_* and deleted afterwards.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

const SUITE = path.join(import.meta.dirname, '../../test/store/contract.test.ts');

function fail(message: string): never {
  process.stderr.write(`test:qdrant: ${message}\n`);
  process.exit(2);
}

const url = process.env.QDRANT_URL?.trim();
if (!url) {
  fail(
    'QDRANT_URL is not set. Point it at a Qdrant 1.19 server, e.g.\n' +
      '  docker compose -f docker-compose.cluster.yml up -d qdrant-0 qdrant-1 qdrant-2\n' +
      '  QDRANT_URL=http://localhost:6333 npm run test:qdrant\n' +
      '(`npm test` runs the same suite against the embedded store.)',
  );
}
if (!URL.canParse(url)) fail(`QDRANT_URL "${url}" is not a URL such as http://localhost:6333`);

const apiKey = process.env.QDRANT_API_KEY?.trim();
let info: { version?: unknown };
try {
  const res = await fetch(new URL('/', url), {
    headers: apiKey ? { 'api-key': apiKey } : {},
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) fail(`Qdrant at ${url} answered HTTP ${res.status}`);
  info = (await res.json()) as { version?: unknown };
} catch (e) {
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  fail(`nothing answers at QDRANT_URL=${url} (${e instanceof Error ? e.message : String(e)}${cause})`);
}
const version = typeof info.version === 'string' ? info.version : 'unknown';
process.stderr.write(`test:qdrant: contract suite against Qdrant ${version} at ${url}\n`);
if (!version.startsWith('1.19.')) {
  process.stderr.write('test:qdrant: the suite pins Qdrant 1.19 messages; other versions may differ.\n');
}

const child = spawn(process.execPath, [...process.execArgv, '--test', '--test-reporter=spec', SUITE], {
  stdio: 'inherit',
  env: process.env,
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
