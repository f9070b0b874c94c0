/** npm run chat: the console chat over the answer core, without other front ends. Reads a pipe as well as a terminal. */
import { bootCore, configOrExit, consoleLogger } from '../app/core.js';
import { runConsole } from '../chat/console.js';

async function main(): Promise<void> {
  const cfg = await configOrExit();
  const core = await bootCore(cfg, consoleLogger(cfg));
  try {
    await runConsole({ qa: core.qa });
  } finally {
    await core.store.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`启动失败：${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
