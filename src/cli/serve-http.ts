/**
 * npm run serve:http — the OpenAI-compatible HTTP API alone on the shared core (src/app/run.ts): needs
 * HTTP_API_KEYS; listens on HTTP_HOST:HTTP_PORT; SIGINT/SIGTERM finish answers in flight.
 */
import { main } from '../app/run.js';

main('http').catch((e: unknown) => {
  process.stderr.write(`启动失败：${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
