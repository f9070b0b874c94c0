/**
 * One configuration object, read from the environment (and `.env` via dotenv) and validated once at start-up.
 * A bad variable fails fast with a message that names it, instead of a confusing error deep in a request.
 */
import { z } from 'zod';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = optionalString.refine((v) => v === undefined || URL.canParse(v), {
  message: 'must be a URL such as http://localhost:6333',
});

/** A comma-separated list of platform user ids (empty: none). */
const idList = z
  .string()
  .trim()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
const intFrom = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);

/** Qdrant's read consistency: how many replicas answer a read (a number, or majority/quorum/all). */
const readConsistency = optionalString.refine(
  (v) => v === undefined || /^(majority|quorum|all|[1-9]\d*)$/.test(v),
  {
    message: 'must be majority, quorum, all or a positive number of replicas',
  },
);

const schema = z.object({
  QDRANT_URL: optionalUrl,
  QDRANT_API_KEY: optionalString,
  QDRANT_COLLECTION: z.string().trim().min(1).default('cppcc_chunks'),
  // Cluster layout, used when ingest creates a collection (a Qdrant cluster; 1 on one machine).
  QDRANT_SHARD_NUMBER: intFrom(1, 1),
  QDRANT_REPLICATION_FACTOR: intFrom(1, 1),
  QDRANT_WRITE_CONSISTENCY_FACTOR: intFrom(1, 1),
  QDRANT_READ_CONSISTENCY: readConsistency,
  // Upsert batches ingest keeps in flight at once.
  QDRANT_UPSERT_PARALLEL: intFrom(2, 1),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  REPORTS_DIR: z.string().trim().min(1).default('./samples/reports'),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_CHAT_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: optionalString,
  OPENAI_EMBEDDING_DIMENSIONS: z.coerce.number().int().positive().optional(),
  LLM_TIMEOUT_MS: intFrom(60_000, 1),
  LLM_MAX_RETRIES: intFrom(3),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalUrl,
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: optionalUrl,
  PORT: intFrom(8080, 1),
  ADMIN_USER_IDS: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^\d+(\s*,\s*\d+)*$/.test(v), {
      message: 'must be a comma-separated list of numeric Telegram user ids',
    })
    .transform((v) => (v === '' ? [] : v.split(',').map((s) => Number(s.trim())))),
  /** Largest report file an admin may send to the bot; Telegram's cloud Bot API serves at most 20 MB. */
  MAX_UPLOAD_MB: intFrom(20, 1),

  FEISHU_APP_ID: optionalString,
  FEISHU_APP_SECRET: optionalString,
  FEISHU_MODE: z.enum(['ws', 'webhook']).default('ws'),
  // feishu | lark, or a base URL (a private deployment, or a local emulator in tests).
  FEISHU_DOMAIN: z
    .string()
    .trim()
    .default('feishu')
    .refine((v) => v === 'feishu' || v === 'lark' || URL.canParse(v), {
      message: 'must be feishu, lark or a base URL such as https://open.feishu.cn',
    }),
  FEISHU_VERIFICATION_TOKEN: optionalString,
  FEISHU_ENCRYPT_KEY: optionalString,
  FEISHU_WEBHOOK_PORT: intFrom(8090, 1),
  FEISHU_WEBHOOK_PATH: z.string().trim().startsWith('/').default('/feishu/events'),
  /** Feishu users (open_id) who may send report files to the bot in a private chat. */
  FEISHU_ADMIN_OPEN_IDS: idList,
  DINGTALK_CLIENT_ID: optionalString,
  DINGTALK_CLIENT_SECRET: optionalString,
  // Where the Stream gateway lives; only changed to point the bot at a local emulator.
  DINGTALK_API_BASE: optionalUrl,
  /** DingTalk users (staff userId, senderStaffId) who may send report files to the robot in a private chat. */
  DINGTALK_ADMIN_USER_IDS: idList,
  /** WeCom (企业微信) intelligent robot: Bot ID and Secret of its API mode with a long connection. */
  WECOM_BOT_ID: optionalString,
  WECOM_BOT_SECRET: optionalString,
  // The long-connection gateway (default the SDK's wss://openws.work.weixin.qq.com): a private deployment, an emulator.
  WECOM_WS_URL: optionalString.refine((v) => v === undefined || /^wss?:\/\//.test(v), {
    message: 'must be a WebSocket URL such as wss://openws.work.weixin.qq.com',
  }),
  /** WeCom users (userid) who may send report files to the robot in a private chat. */
  WECOM_ADMIN_USER_IDS: idList,
  HTTP_API_KEYS: z
    .string()
    .trim()
    .default('')
    .refine((v) => v === '' || /^[A-Za-z0-9._~+/-]+=*(\s*,\s*[A-Za-z0-9._~+/-]+=*)*$/.test(v), {
      message: 'must be a comma-separated list of keys (letters, digits and . _ ~ + / - only)',
    })
    .transform((v) => (v === '' ? [] : v.split(',').map((s) => s.trim()))),
  HTTP_HOST: z.string().trim().min(1).default('0.0.0.0'),
  HTTP_PORT: intFrom(8787),
  HTTP_MAX_BODY_KB: intFrom(64, 1),
  HTTP_RATE_LIMIT: intFrom(60, 1),
  /** The web console at /admin on HTTP_PORT: its password, plain or as `npm run admin:hash` prints it. */
  ADMIN_PASSWORD: optionalString,
  ADMIN_PASSWORD_HASH: optionalString.refine(
    (v) => v === undefined || /^scrypt\$[0-9a-f]+\$[0-9a-f]+$/.test(v),
    {
      message: 'must be scrypt$<salt>$<hash> as printed by npm run admin:hash',
    },
  ),
  /** How long a console sign-in lasts. */
  ADMIN_SESSION_HOURS: intFrom(12, 1),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * A variable left empty (`KEY=` as in .env.example, or only spaces) means "unset", so it takes its default
 * instead of failing validation (e.g. an empty OPENAI_EMBEDDING_DIMENSIONS coerced to 0).
 */
function withoutBlanks(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

/** Parses and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(withoutBlanks(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  if (cfg.QDRANT_WRITE_CONSISTENCY_FACTOR > cfg.QDRANT_REPLICATION_FACTOR) {
    throw new ConfigError(
      'Invalid configuration:\n  QDRANT_WRITE_CONSISTENCY_FACTOR: must not exceed QDRANT_REPLICATION_FACTOR ' +
        '(a write would wait for more copies than exist)',
    );
  }
  if (cfg.BOT_MODE === 'webhook' && !cfg.WEBHOOK_URL) {
    throw new ConfigError('Invalid configuration:\n  WEBHOOK_URL: required when BOT_MODE=webhook');
  }
  if ((cfg.DINGTALK_CLIENT_ID === undefined) !== (cfg.DINGTALK_CLIENT_SECRET === undefined)) {
    const missing = cfg.DINGTALK_CLIENT_ID === undefined ? 'DINGTALK_CLIENT_ID' : 'DINGTALK_CLIENT_SECRET';
    throw new ConfigError(
      `Invalid configuration:\n  ${missing}: required with the other one (both from the DingTalk app's credentials page)`,
    );
  }
  if ((cfg.WECOM_BOT_ID === undefined) !== (cfg.WECOM_BOT_SECRET === undefined)) {
    const missing = cfg.WECOM_BOT_ID === undefined ? 'WECOM_BOT_ID' : 'WECOM_BOT_SECRET';
    throw new ConfigError(
      `Invalid configuration:\n  ${missing}: required with the other one (both from the robot's API mode page)`,
    );
  }
  const feishu = feishuProblem(cfg);
  if (feishu) throw new ConfigError(`Invalid configuration:\n  ${feishu}`);
  return cfg;
}

/** Feishu needs both credentials or neither; the long connection only starts for a well-formed app id. */
function feishuProblem(cfg: Config): string | undefined {
  if (cfg.FEISHU_APP_ID && !cfg.FEISHU_APP_SECRET)
    return 'FEISHU_APP_SECRET: required when FEISHU_APP_ID is set';
  if (cfg.FEISHU_APP_SECRET && !cfg.FEISHU_APP_ID)
    return 'FEISHU_APP_ID: required when FEISHU_APP_SECRET is set';
  if (cfg.FEISHU_APP_ID && !/^cli_[0-9a-f]{16}$/i.test(cfg.FEISHU_APP_ID)) {
    return 'FEISHU_APP_ID: must look like cli_a1b2c3d4e5f60718 (App ID from the developer console)';
  }
  return undefined;
}

/** True when the Feishu / Lark front end is configured. */
export function feishuEnabled(cfg: Config): boolean {
  return cfg.FEISHU_APP_ID !== undefined && cfg.FEISHU_APP_SECRET !== undefined;
}

/** True when the DingTalk front end has credentials. */
export function dingtalkEnabled(cfg: Config): boolean {
  return cfg.DINGTALK_CLIENT_ID !== undefined && cfg.DINGTALK_CLIENT_SECRET !== undefined;
}

/** True when the WeCom intelligent robot has credentials. */
export function wecomEnabled(cfg: Config): boolean {
  return cfg.WECOM_BOT_ID !== undefined && cfg.WECOM_BOT_SECRET !== undefined;
}

/** Loads `.env` (if present) into process.env, then validates. Use at program entry points only. */
export async function loadConfigFromEnvFile(): Promise<Config> {
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
  return loadConfig(process.env);
}

/** True when the web console is turned on (a password or its hash is set). */
export function consoleEnabled(cfg: Config): boolean {
  return cfg.ADMIN_PASSWORD !== undefined || cfg.ADMIN_PASSWORD_HASH !== undefined;
}

/** True when an OpenAI-compatible provider is configured (dense vectors and generated answers). */
export function llmEnabled(cfg: Config): boolean {
  return cfg.OPENAI_API_KEY !== undefined;
}
