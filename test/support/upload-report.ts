import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runIngest } from '../../ingest/run.js';
import { reportPaths } from '../../ingest/upload.js';
import type { FrontEndDeps } from '../../src/app/front-end.js';
import { uploadServiceFor, type Reindex } from '../../src/app/uploads.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Logger } from '../../src/log.js';
import { createQaService } from '../../src/rag/answer.js';
import { openStore } from '../../src/store/connect.js';

type UploadDeps = Pick<FrontEndDeps, 'qa' | 'log' | 'cfg' | 'reindex' | 'uploads'>;

/** A small text report written here for the chat-upload tests (Feishu, DingTalk): one article, four paragraphs. */
export const REPORT_NAME = '榆林市政协调研报道.txt';

export const REPORT_TEXT = [
  '榆林市政协开展沙地治理专题调研',
  '本报讯 11月3日，榆林市政协组织委员赴定边县、靖边县开展沙地治理专题调研。',
  '调研组走访了樟子松固沙林场和光伏治沙基地，详细了解防风固沙、植被恢复和群众增收等情况。',
  '委员们建议，推广“光伏板上发电、板下种植”的治沙模式，把生态效益和经济效益结合起来。',
  '市政协主席表示，要把调研成果形成高质量的协商建议，助力黄河流域生态保护。',
].join('\n\n');

export const REPORT_QUESTION = '榆林市政协调研了什么治沙模式？';

/** A second invented report, for tests that add two files at once. */
export const SECOND_REPORT_NAME = '安康市政协协商报道.txt';

export const SECOND_REPORT_TEXT = [
  '安康市政协召开富硒茶产业发展专题协商会',
  '本报讯 10月22日，安康市政协召开富硒茶产业发展专题协商会，围绕品牌建设和茶园管护建言献策。',
  '委员们建议，统一“安康富硒茶”公共品牌标识，扶持龙头企业建设标准化茶园。',
  '会议提出，要完善茶农技术培训机制，让更多群众分享产业发展红利。',
].join('\n\n');

export const SECOND_REPORT_QUESTION = '安康市政协协商会建议统一什么品牌标识？';

/**
 * What a chat-upload test needs besides its platform: a temporary DATA_DIR with an empty reports folder, the store,
 * the offline answer core and the same upload service and re-index `npm start` gives front ends.
 */
export async function uploadCore(
  prefix: string,
  env: Record<string, string>,
  log: Logger,
  /** Wraps the ingest the upload service runs (a test watching or holding it). */
  wrap: (r: Reindex) => Reindex = (r) => r,
): Promise<{ cfg: Config; deps: UploadDeps; close(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const reportsDir = path.join(dataDir, 'reports');
  await mkdir(reportsDir);
  const cfg = loadConfig({ DATA_DIR: dataDir, REPORTS_DIR: reportsDir, ...env });
  const store = await openStore(cfg);
  const uploads = uploadServiceFor(
    cfg,
    wrap((onProgress) =>
      runIngest({
        paths: reportPaths(cfg),
        client: store.client,
        cfg,
        prune: true,
        ...(onProgress ? { onProgress } : {}),
      }),
    ),
    log,
  );
  const deps: UploadDeps = {
    qa: createQaService({ client: store.client, cfg, log }),
    log,
    cfg,
    reindex: uploads.reindex,
    uploads,
  };
  return {
    cfg,
    deps,
    close: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
