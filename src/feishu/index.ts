/** The Feishu / Lark front end. */
export { startFeishu, type FeishuDeps, type RunningFeishu } from './start.js';
