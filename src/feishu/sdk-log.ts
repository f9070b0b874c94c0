/** The SDK logs through its own Logger interface (console by default); route it into the app's pino logger. */
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from '../log.js';

function line(args: unknown[]): string {
  // The SDK's LoggerProxy hands over its arguments as one array.
  return args
    .flat(2)
    .map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a)))
    .join(' ')
    .slice(0, 2000);
}

export function sdkLogger(log: Logger): lark.Logger {
  const child = log.child({ component: 'feishu-sdk' });
  return {
    error: (...a: unknown[]) => child.error(line(a)),
    warn: (...a: unknown[]) => child.warn(line(a)),
    // The SDK's info lines ("client ready", connection banners) are start-up chatter.
    info: (...a: unknown[]) => child.debug(line(a)),
    debug: (...a: unknown[]) => child.debug(line(a)),
    trace: (...a: unknown[]) => child.trace(line(a)),
  };
}

/** Only what the app's logger would print anyway is produced by the SDK. */
export function sdkLevel(log: Logger): lark.LoggerLevel {
  if (log.isLevelEnabled('debug')) return lark.LoggerLevel.debug;
  if (log.isLevelEnabled('warn')) return lark.LoggerLevel.warn;
  return lark.LoggerLevel.error;
}
