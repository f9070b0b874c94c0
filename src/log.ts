/** The app's one logger (pino, JSON lines). Secrets are redacted by path so a token never reaches the log. */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    redact: {
      paths: [
        'token',
        '*.token',
        'apiKey',
        '*.apiKey',
        'config.TELEGRAM_BOT_TOKEN',
        'config.OPENAI_API_KEY',
        'config.DINGTALK_CLIENT_SECRET',
      ],
      censor: '[redacted]',
    },
  });
}

/** Removes a bot token from any string (URLs of the Bot API embed it). */
export function redactToken(text: string, token: string | undefined): string {
  if (!token) return text;
  return text.split(token).join('[redacted]');
}
