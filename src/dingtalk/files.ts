/**
 * Files users send the robot: the message carries a downloadCode; POST /v1.0/robot/messageFiles/download (with an
 * app access token) turns it into a short-lived downloadUrl, which is fetched within the size limit.
 * The token comes from POST /v1.0/oauth2/accessToken on DINGTALK_API_BASE (the SDK's getAccessToken asks a fixed
 * host, so it cannot reach an emulator) and is kept until shortly before it expires.
 */
import { readCapped, TooLargeError } from '../shared/download.js';

/**
 * DingTalk answered 403 to the file download: the app lacks the robot message permission
 * (企业内机器人发送消息权限, qyapi_robot_sendmsg), which messageFiles/download requires. Only an admin of the app
 * can grant it, so the admin who sent the file is told exactly that.
 */
export class DownloadPermissionError extends Error {
  override name = 'DownloadPermissionError';
}

export interface FileDownloader {
  download(downloadCode: string, robotCode: string, limit: number): Promise<Buffer>;
}

const TIMEOUT_MS = 15_000;

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const data = (await res.json().catch(() => ({}))) as { code?: string; message?: string };
  if (res.status === 403)
    throw new DownloadPermissionError(
      `${new URL(url).pathname}: HTTP 403 ${data.code ?? ''} ${data.message ?? ''}`,
    );
  if (!res.ok)
    throw new Error(`${new URL(url).pathname}: HTTP ${res.status} ${data.code ?? ''} ${data.message ?? ''}`);
  return data;
}

export function dingtalkFiles(o: {
  apiBase: string;
  clientId: string;
  clientSecret: string;
}): FileDownloader {
  let token: { value: string; until: number } | undefined;
  const accessToken = async (): Promise<string> => {
    if (token && token.until > Date.now()) return token.value;
    const data = (await postJson(new URL('/v1.0/oauth2/accessToken', o.apiBase).href, {
      appKey: o.clientId,
      appSecret: o.clientSecret,
    })) as { accessToken?: unknown; expireIn?: unknown };
    if (typeof data.accessToken !== 'string') throw new Error('oauth2/accessToken: no accessToken');
    const seconds = typeof data.expireIn === 'number' ? data.expireIn : 7200;
    token = { value: data.accessToken, until: Date.now() + Math.max(0, seconds - 300) * 1000 };
    return token.value;
  };
  return {
    async download(downloadCode, robotCode, limit) {
      const data = (await postJson(
        new URL('/v1.0/robot/messageFiles/download', o.apiBase).href,
        // robotCode is the app's clientId for enterprise-internal robots; messages normally carry it.
        { downloadCode, robotCode: robotCode || o.clientId },
        { 'x-acs-dingtalk-access-token': await accessToken() },
      )) as { downloadUrl?: unknown };
      if (typeof data.downloadUrl !== 'string') throw new Error('messageFiles/download: no downloadUrl');
      const res = await fetch(data.downloadUrl, { signal: AbortSignal.timeout(120_000) });
      if (!res.ok || !res.body) throw new Error(`file download failed: HTTP ${res.status}`);
      const length = Number(res.headers.get('content-length') ?? NaN);
      if (Number.isFinite(length) && length > limit) {
        await res.body.cancel();
        throw new TooLargeError(limit, length);
      }
      return readCapped(res.body, limit);
    },
  };
}
