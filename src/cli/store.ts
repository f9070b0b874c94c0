/**
 * Serves the embedded Qdrant-compatible store alone, e.g. to inspect data or run any Qdrant client against it:
 *   npm run store -- --port 6333 --data ./data/qdrant [--host 127.0.0.1] [--api-key KEY]
 * `--data` is the store's own directory (the app uses DATA_DIR/qdrant). SIGINT/SIGTERM stop it gracefully:
 * in-flight writes finish, the log is compacted into a snapshot and the lock is released.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../log.js';
import { startEmbeddedStore } from '../store/connect.js';

const USAGE = 'usage: npm run store -- --port 6333 --data <dir> [--host 127.0.0.1] [--api-key KEY]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '6333' },
      data: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'api-key': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!values.data || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(USAGE);
    process.exitCode = 2;
    return;
  }
  const log = createLogger();
  const apiKey = values['api-key'] ?? process.env.QDRANT_API_KEY;
  const host = values.host ?? '127.0.0.1';
  if (apiKey === undefined && host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    log.warn({ host }, 'store: listening beyond loopback without an API key; pass --api-key');
  }
  const store = await startEmbeddedStore({ dir: values.data, host, port, apiKey, log });
  log.info(
    { url: store.server.url, dir: store.persistence.dir, apiKeyRequired: apiKey !== undefined },
    'store: embedded Qdrant-compatible store listening',
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'store: shutting down (compacting the log)');
    store.close().then(
      () => {
        log.info('store: stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error(
          { err },
          'store: shutdown failed; the write-ahead log is kept and replays on the next start',
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
