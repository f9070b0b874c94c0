/**
 * Sign-in for the web console: the password (ADMIN_PASSWORD, or ADMIN_PASSWORD_HASH as `npm run admin:hash`
 * prints it) checked in constant time, sessions kept in this process (a restart signs everyone out; there is
 * one operator team, not thousands of users), a CSRF token per session, and failed sign-ins limited per client
 * address. The chat API's keys are a different secret and never open the console.
 */
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';

const SCRYPT_KEYLEN = 32;

/** `scrypt$<salt hex>$<hash hex>`: what ADMIN_PASSWORD_HASH holds. */
export function hashPassword(password: string, salt = randomBytes(16)): string {
  return `scrypt$${salt.toString('hex')}$${scryptSync(password, salt, SCRYPT_KEYLEN).toString('hex')}`;
}

/** Builds the checker once (the plain password is hashed at start, so every check costs the same). */
export function passwordChecker(
  cfg: Pick<Config, 'ADMIN_PASSWORD' | 'ADMIN_PASSWORD_HASH'>,
): (given: string) => boolean {
  const stored =
    cfg.ADMIN_PASSWORD_HASH ??
    (cfg.ADMIN_PASSWORD !== undefined ? hashPassword(cfg.ADMIN_PASSWORD) : undefined);
  if (stored === undefined) return () => false;
  const [, saltHex = '', hashHex = ''] = stored.split('$');
  const salt = Buffer.from(saltHex, 'hex');
  const want = Buffer.from(hashHex, 'hex');
  return (given) => {
    const got = scryptSync(given, salt, want.length || SCRYPT_KEYLEN);
    return got.length === want.length && timingSafeEqual(got, want);
  };
}

/** Compares two secrets in constant time (a CSRF token from a form with the session's). */
export function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Session {
  id: string;
  csrf: string;
  expires: number;
}

export class Sessions {
  private readonly open = new Map<string, Session>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(): Session {
    this.sweep();
    const s: Session = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      expires: this.now() + this.ttlMs,
    };
    this.open.set(s.id, s);
    return s;
  }

  /** The live session for a cookie value; an expired one is dropped and reported as such. */
  find(id: string | undefined): { session?: Session; expired: boolean } {
    if (!id) return { expired: false };
    const s = this.open.get(id);
    if (!s) return { expired: false };
    if (s.expires <= this.now()) {
      this.open.delete(id);
      return { expired: true };
    }
    return { session: s, expired: false };
  }

  drop(id: string | undefined): void {
    if (id) this.open.delete(id);
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, s] of this.open) if (s.expires <= t) this.open.delete(id);
  }
}

/** Failed sign-ins per client address in a sliding window; a success clears the address. */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 5,
    private readonly windowMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before the next attempt, or 0 when one is allowed. */
  retryAfter(key: string): number {
    const t = this.now();
    const recent = (this.failures.get(key) ?? []).filter((x) => t - x < this.windowMs);
    this.failures.set(key, recent);
    if (recent.length < this.max) return 0;
    return Math.ceil(((recent[0] ?? t) + this.windowMs - t) / 1000);
  }

  failed(key: string): void {
    const list = this.failures.get(key) ?? [];
    list.push(this.now());
    this.failures.set(key, list);
    // Bounded: a flood of addresses cannot grow the map for ever.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value ?? '');
  }

  succeeded(key: string): void {
    this.failures.delete(key);
  }
}
