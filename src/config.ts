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
  return cfg;
}

/** Loads `.env` (if present) into process.env, then validates. Use at program entry points only. */
export async function loadConfigFromEnvFile(): Promise<Config> {
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
  return loadConfig(process.env);
}

/** True when an OpenAI-compatible provider is configured (dense vectors and generated answers). */
export function llmEnabled(cfg: Config): boolean {
  return cfg.OPENAI_API_KEY !== undefined;
}
