/** npm start: every configured front end on one shared core (src/app/run.ts); the console chat when none is. */
import { redactToken } from '../log.js';
import { main } from '../app/run.js';

main().catch((e: unknown) => {
  const msg = redactToken(e instanceof Error ? e.message : String(e), process.env.TELEGRAM_BOT_TOKEN);
  process.stderr.write(`启动失败：${msg}\n`);
  process.exit(1);
});
