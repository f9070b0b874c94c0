/**
 * What the web console tests run on: a temporary DATA_DIR with a reports folder of invented reports, the embedded
 * store with them indexed, the offline answer core, the chat state, the upload service and the console's service —
 * the same pieces `npm start` builds. `signIn` returns the session cookie and CSRF token as a browser would hold them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { runIngest } from '../../ingest/run.js';
import { reportPaths } from '../../ingest/upload.js';
import { createAdminService, type AdminService } from '../../src/admin/service.js';
import { unindexDocuments } from '../../src/app/reports.js';
import { uploadServiceFor, type Reindex, type UploadService } from '../../src/app/uploads.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp, type HttpApp } from '../../src/http/app.js';
import type { Logger } from '../../src/log.js';
import { createQaService, type QaEngine } from '../../src/rag/answer.js';
import { QdrantChatState } from '../../src/store/chat-state.js';
import { openStore, type OpenedStore } from '../../src/store/connect.js';
import type { ChatState } from '../../src/types.js';

export const PASSWORD = 'correct horse battery staple';

/** Invented reports (not from any real page): one ordinary, one whose headline carries markup, one dated by its name. */
export const REPORTS: Record<string, string> = {
  '青州古城报道.txt': [
    '青州市政协开展古城保护专题视察',
    '本报讯 9月12日，青州市政协组织委员对古城街区保护利用情况开展专题视察。',
    '委员们实地察看了偶园街、北门大街等6处历史街区，听取了住建、文旅等部门的情况介绍。',
    '委员们建议，建立古建筑“一房一档”，引导老字号回归街区，让古城既有烟火气又有文化味。',
  ].join('\n\n'),
  '标题含标记.txt': [
    '寿光市政协<script>alert(1)</script>调研蔬菜种业',
    '本报讯 10月8日，寿光市政协组织委员赴蔬菜种业创新基地调研，了解种质资源保护和品种选育情况。',
    '委员们建议加大种业科研投入，支持企业与科研院所共建育种平台。',
  ].join('\n\n'),
  '2025-06-18-高密报道.txt': [
    '高密市政协调研非遗剪纸传承',
    '本报讯 6月17日，高密市政协组织委员走访剪纸工作室，了解非遗传承人培养情况。',
    '委员们建议把剪纸技艺引入中小学课堂，扶持传承人开办研学工坊。',
  ].join('\n\n'),
};

export interface ConsoleCore {
  cfg: Config;
  dir: string;
  store: OpenedStore;
  qa: QaEngine;
  state: ChatState;
  admin: AdminService;
  uploads: UploadService;
  log: Logger;
  close(): Promise<void>;
}

export async function consoleCore(
  env: Record<string, string> = {},
  now?: () => Date,
  /** Wraps the ingest the upload service runs (a test holding it to see what waits). */
  wrap: (r: Reindex) => Reindex = (r) => r,
): Promise<ConsoleCore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'console-'));
  const reportsDir = path.join(dir, 'reports');
  await mkdir(reportsDir);
  for (const [name, text] of Object.entries(REPORTS)) await writeFile(path.join(reportsDir, name), text);
  const cfg = loadConfig({
    DATA_DIR: path.join(dir, 'data'),
    REPORTS_DIR: reportsDir,
    ADMIN_PASSWORD: PASSWORD,
    ...env,
  });
  const log = pino({ level: 'silent' });
  const store = await openStore(cfg);
  const reindex: Reindex = (onProgress) =>
    runIngest({
      paths: reportPaths(cfg),
      client: store.client,
      cfg,
      prune: true,
      ...(onProgress ? { onProgress } : {}),
    });
  await reindex();
  const qa = createQaService({ client: store.client, cfg, log });
  const state = new QdrantChatState(store.client, cfg);
  const uploads = uploadServiceFor(cfg, wrap(reindex), log, (ids) =>
    unindexDocuments(store.client, cfg, ids),
  );
  const admin = createAdminService({
    cfg,
    client: store.client,
    qa,
    state,
    uploads,
    log,
    ...(now ? { now } : {}),
  });
  return {
    cfg,
    dir,
    store,
    qa,
    state,
    admin,
    uploads,
    log,
    close: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Browserish {
  app: HttpApp;
  /** A request with the session's cookie (when signed in). */
  call(p: string, init?: RequestInit & { cookie?: string | null }): Promise<Response>;
  signIn(
    password?: string,
    headers?: Record<string, string>,
  ): Promise<{ res: Response; cookie?: string; csrf?: string }>;
}

/** The HTTP app in process (no socket) with the console mounted; `clock` moves sessions and the limiter. */
export function consoleApp(core: ConsoleCore, clock?: () => number): Browserish {
  const app = createApp({
    qa: core.qa,
    log: core.log,
    cfg: core.cfg,
    admin: core.admin,
    ...(clock ? { now: clock } : {}),
  });
  let cookie: string | undefined;
  const call: Browserish['call'] = (p, init = {}) => {
    const headers = new Headers(init.headers);
    const c = init.cookie === null ? undefined : (init.cookie ?? cookie);
    if (c) headers.set('cookie', c);
    return Promise.resolve(app.app.request(p, { ...init, headers }));
  };
  return {
    app,
    call,
    async signIn(password = PASSWORD, headers = {}) {
      const res = await call('/admin/login', {
        method: 'POST',
        body: new URLSearchParams({ password }),
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        cookie: null,
      });
      const set = res.headers.get('set-cookie');
      if (!set) return { res };
      cookie = set.split(';')[0];
      const page = await (await call('/admin/reports')).text();
      const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
      return { res, ...(cookie ? { cookie } : {}), ...(csrf ? { csrf } : {}) };
    },
  };
}
