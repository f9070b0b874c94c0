/**
 * npm run feishu — only the Feishu / Lark front end, on the same store and answer core as `npm start`
 * (src/app/run.ts): needs FEISHU_APP_ID and FEISHU_APP_SECRET.
 */
import { main } from '../app/run.js';

main('feishu').catch((e: unknown) => {
  process.stderr.write(`启动失败：${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
