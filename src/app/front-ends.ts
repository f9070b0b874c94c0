/**
 * Every front end `npm start` knows, and what turns each on. To add one: one line here with its name, the
 * variable that enables it, and its `startX(deps)` (deps: `FrontEndDeps`, of which it may take only what it needs).
 */
import { startTelegram } from '../bot/start.js';
import { startConsole } from '../chat/start.js';
import { consoleEnabled, dingtalkEnabled, feishuEnabled, wecomEnabled } from '../config.js';
import { startFeishu } from '../feishu/index.js';
import { startDingtalk } from '../dingtalk/index.js';
import { MODEL_ID, startHttpApi } from '../http/index.js';
import { startWecom } from '../wecom/index.js';
import type { FrontEndEntry } from './front-end.js';

export const FRONT_ENDS: readonly FrontEndEntry[] = [
  {
    name: 'telegram',
    requires: 'TELEGRAM_BOT_TOKEN',
    configured: (cfg) => cfg.TELEGRAM_BOT_TOKEN !== undefined,
    start: startTelegram,
  },
  {
    name: 'feishu',
    requires: 'FEISHU_APP_ID and FEISHU_APP_SECRET',
    configured: feishuEnabled,
    start: startFeishu,
  },
  {
    name: 'dingtalk',
    requires: 'DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET',
    configured: dingtalkEnabled,
    start: startDingtalk,
  },
  {
    name: 'wecom',
    requires: 'WECOM_BOT_ID and WECOM_BOT_SECRET',
    configured: wecomEnabled,
    start: startWecom,
  },
  {
    // The OpenAI-compatible API (HTTP_API_KEYS) and the web console (ADMIN_PASSWORD) share one server.
    name: 'http',
    requires: 'HTTP_API_KEYS or ADMIN_PASSWORD',
    configured: (cfg) => cfg.HTTP_API_KEYS.length > 0 || consoleEnabled(cfg),
    start: async (deps) => {
      const api = await startHttpApi(deps);
      const lines = [
        ...(deps.cfg.HTTP_API_KEYS.length > 0 ? [`HTTP API 已启动：${api.url}/v1（模型 ${MODEL_ID}）`] : []),
        ...(deps.admin ? [`管理台已启动：${api.url}/admin`] : []),
      ];
      return { stop: () => api.stop(), announce: lines.join('\n') };
    },
  },
];

/** Opened when none of the above is configured. */
export const FALLBACK_FRONT_END: FrontEndEntry = {
  name: 'console',
  configured: () => true,
  start: startConsole,
};
