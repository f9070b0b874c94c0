/**
 * The container health check (docker-compose.yml, Dockerfile): exit 0 when the bot on this machine answers
 * GET http://127.0.0.1:$PORT/healthz — the webhook server in webhook mode, the loopback health server in long
 * polling — else exit 1. Reads only PORT from the environment, so it costs one short-lived process.
 */
import { probeHealth } from '../health.js';

const port = Number(process.env.PORT || 8080);
if (await probeHealth(port)) process.exitCode = 0;
else {
  process.stderr.write(`unhealthy: no 200 from http://127.0.0.1:${port}/healthz\n`);
  process.exitCode = 1;
}
