import path from 'node:path'
import { z } from 'zod'

/** Where the repository root is, so relative defaults work from any working directory. */
const repoRoot = path.resolve(import.meta.dirname, '../..')

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Port the BFF listens on; 0 picks a free port. @default 3000 */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. @default 127.0.0.1 (loopback only) */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** A real MongoDB; when unset the embedded engine is started on DATA_DIR/db. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Database name used on the server. @default cunwu */
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ or - only').default('cunwu'),
  /** Folder for all local data (embedded database files). @default <repo>/data */
  DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON/form body accepted, in bytes. @default 1048576 (1 MiB) */
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1024 * 1024),
  /** Comma-separated origins allowed by CORS (the H5 dev server). Same-origin needs none. */
  CORS_ORIGINS: z
    .string()
    .default('http://127.0.0.1:10086,http://localhost:10086')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Folder with the H5 build to serve at `/`; empty disables static serving. @default <repo>/miniapp/dist-h5 */
  STATIC_DIR: z.string().default(path.join(repoRoot, 'miniapp', 'dist-h5')),
  /** Milliseconds to wait for in-flight requests on SIGTERM before closing anyway. @default 10000 */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Trust X-Forwarded-* headers (behind a reverse proxy). @default false */
  TRUST_PROXY: bool.default(false),
})

/** Validated configuration; the only view of the environment the rest of the BFF gets. */
export type Config = z.infer<typeof ConfigSchema>

/** Thrown when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses and validates configuration from the environment (the only place that reads process.env). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(cleaned)
  if (parsed.success) return parsed.data
  throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
}

/** Builds a config for tests from defaults plus overrides, without touching the environment. */
export function buildConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', STATIC_DIR: '', ...overrides })
}
