/**
 * The official Stream SDK's client, with one change: where it asks for a connection. dingtalk-stream hard-codes
 * the gateway (https://api.dingtalk.com/v1.0/gateway/connections/open) and has no option to change it, so this
 * subclass overrides its public getEndpoint() to POST the same body to `${apiBase}` + the SDK's own path. It
 * runs in production too (apiBase defaults to the real host), so the tests exercise the code users run; the
 * WebSocket protocol (ping replies, CALLBACK dispatch, acks, reconnects) stays entirely the SDK's.
 * A rejected clientId/secret becomes an error that names the variables instead of an endless retry loop.
 */
import { DWClient, GATEWAY_URL } from 'dingtalk-stream';

export const DEFAULT_DINGTALK_API_BASE = new URL(GATEWAY_URL).origin;

export class DingtalkCredentialsError extends Error {
  override name = 'DingtalkCredentialsError';
}

interface GatewayAnswer {
  endpoint?: string;
  ticket?: string;
  code?: string;
  message?: string;
}

export class GatewayClient extends DWClient {
  private closed = false;

  constructor(
    opts: { clientId: string; clientSecret: string; ua?: string; heartbeatMs?: number },
    private readonly apiBase: string = DEFAULT_DINGTALK_API_BASE,
  ) {
    const { heartbeatMs, ...sdk } = opts;
    // keepAlive: the SDK pings every heartbeat interval and drops (then reconnects) a connection that missed a
    // pong. Without it a connection that dies silently (a NAT timeout) goes unnoticed and messages stop arriving.
    super({ ...sdk, keepAlive: true });
    // The SDK's interval (8 s) has no option; tests shorten it.
    if (heartbeatMs !== undefined)
      (this as unknown as { heartbeat_interval: number }).heartbeat_interval = heartbeatMs;
  }

  /** Connects unless close() was called: the SDK schedules reconnects that would otherwise outlive a stop. */
  override async connect(): Promise<void> {
    // The SDK starts a keep-alive timer on every open and clears only the last one on disconnect: a reconnect
    // would leave the old timer running for ever (and keep the process alive after stop). One timer at a time.
    this.stopHeartbeat();
    if (!this.closed) await super.connect();
  }

  private stopHeartbeat(): void {
    const self = this as unknown as { heartbeatIntervallId?: NodeJS.Timeout };
    if (self.heartbeatIntervallId !== undefined) clearInterval(self.heartbeatIntervallId);
    self.heartbeatIntervallId = undefined;
  }

  /** Disconnects for good (no reconnect timer brings the socket back). */
  close(): void {
    this.closed = true;
    this.disconnect();
    this.stopHeartbeat();
  }

  override async getEndpoint(): Promise<this> {
    const url = new URL(new URL(GATEWAY_URL).pathname, this.apiBase);
    const cfg = this.getConfig();
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        // Without Accept: application/json the gateway answers in XML (as the SDK notes).
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          clientId: cfg.clientId,
          clientSecret: cfg.clientSecret,
          ua: cfg.ua,
          subscriptions: cfg.subscriptions,
        }),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
      throw new Error(`DingTalk gateway ${url.origin} unreachable: ${cause}`, { cause: e });
    }
    const data = (await res.json().catch(() => ({}))) as GatewayAnswer;
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new DingtalkCredentialsError(
        `DINGTALK_CLIENT_ID / DINGTALK_CLIENT_SECRET were rejected by DingTalk (HTTP ${res.status}${data.message ? `: ${data.message}` : ''})`,
      );
    }
    if (!res.ok || !data.endpoint || !data.ticket) {
      throw new Error(`DingTalk gateway: HTTP ${res.status}, no endpoint/ticket`);
    }
    // The SDK connects to this URL; the field is private in its typings only.
    (this as unknown as { dw_url: string }).dw_url =
      `${data.endpoint}?ticket=${encodeURIComponent(data.ticket)}`;
    return this;
  }
}
