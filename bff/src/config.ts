import path from 'node:path'
import { z } from 'zod'
import {
  flag,
  folderOrEmpty,
  httpUrl,
  int,
  oneOf,
  ONLY_BLANKS,
  origins,
  positiveDecimal,
} from './config-values'

/** Where the repository root is, so relative defaults work from any working directory. */
const repoRoot = path.resolve(import.meta.dirname, '../..')

const ConfigSchema = z.object({
  NODE_ENV: oneOf(['development', 'test', 'production']).default('development'),
  /** Port the BFF listens on; 0 picks a free port. @default 3000 */
  PORT: int(0, 65535).default(3000),
  /** Interface to bind. @default 127.0.0.1 (loopback only) */
  HOST: z.string().default('127.0.0.1'),
  /** A real MongoDB; when unset the embedded engine is started on DATA_DIR/db. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, '应以 mongodb:// 或 mongodb+srv:// 开头')
    .optional(),
  /**
   * Set by the process entry for the BFF it runs, not by operators: the embedded engine it started as its own process
   * because MONGODB_URI is unset (bff/src/database-process.ts). The database then reports itself as embedded.
   */
  EMBEDDED_MONGODB_URI: z
    .string()
    .regex(/^mongodb:\/\//, '应以 mongodb:// 开头')
    .optional(),
  /**
   * BFF processes serving requests on one port (node:cluster), all on one database. @default the machine's cores in
   * production, 1 otherwise (the simulators' test controls, such as POST /api/v1/dev/clock, act on one process).
   */
  WORKERS: int(1, 64).optional(),
  /**
   * Where the embedded engine runs when MONGODB_URI is unset: `own`, its own process that the BFF processes reach over
   * the wire protocol, as they would a mongod; or `inline`, inside the one BFF process (everything in one process, as
   * before SCALE.md; needs WORKERS=1). The load bench measures `inline` as its single-process baseline. @default own
   */
  DATABASE_PROCESS: oneOf(['own', 'inline']).default('own'),
  /**
   * A TCP port on 127.0.0.1 (0 = any free one) for the embedded engine instead of its Unix domain socket of mode 0600
   * (DATA_DIR/db/cunwu-mongo.sock; database-process.ts). A port is open to every local user, without authentication:
   * only for benchmarks and tests that need TCP. @default unset (the socket)
   */
  DATABASE_PORT: int(0, 65535).optional(),
  /** Database name used on the server. @default cunwu */
  MONGODB_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, '只能用字母、数字、_ 和 -，最多 63 个')
    .default('cunwu'),
  /** Folder for all local data (embedded database files). @default <repo>/data */
  DATA_DIR: z.string().default(path.join(repoRoot, 'data')),
  LOG_LEVEL: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest JSON/form body accepted, in bytes. @default 1048576 (1 MiB) */
  BODY_LIMIT_BYTES: int(1).default(1024 * 1024),
  /** Comma-separated origins allowed by CORS (the H5 dev server). Same-origin needs none. */
  CORS_ORIGINS: origins.default(['http://127.0.0.1:10086', 'http://localhost:10086']),
  /**
   * Folder with the H5 build to serve at `/`; empty disables static serving. A folder given that does not exist is
   * refused (the default may be missing until the H5 build). @default <repo>/miniapp/dist-h5
   */
  STATIC_DIR: folderOrEmpty.default(path.join(repoRoot, 'miniapp', 'dist-h5')),
  /** Milliseconds to wait for in-flight requests on SIGTERM before closing anyway. @default 10000 */
  SHUTDOWN_TIMEOUT_MS: int(1).default(10_000),
  /** Milliseconds a client has to send a request's headers (Node's default is 60 s). @default 15000 */
  HEADERS_TIMEOUT_MS: int(100, 300_000).default(15_000),
  /**
   * Milliseconds a client has to send a whole request, body included (Node's default too): a 10 MB attachment on one
   * bar of signal (400 kbit/s) takes about 3.5 minutes, and the mini-program waits up to 300 s (services/upload.ts).
   * @default 300000
   */
  REQUEST_TIMEOUT_MS: int(100, 3_600_000).default(300_000),
  /**
   * Milliseconds a JSON body has to arrive (408 after): 1 MB (`BODY_LIMIT_BYTES`) at 40 KB/s is about 26 s; without
   * it a client could trickle a JSON body for `REQUEST_TIMEOUT_MS`, even to a route that does not exist. @default 60000
   */
  JSON_BODY_TIMEOUT_MS: int(100, 3_600_000).default(60_000),
  /** Slowest an upload may arrive, bytes/s over each UPLOAD_RATE_WINDOW_MS (the first is its grace): 408 and closed below it; 0 = off. @default 1024 (8 kbit/s) */
  UPLOAD_MIN_BYTES_PER_SECOND: int(0, 10_000_000).default(1024),
  /** Window in ms over which an upload's rate is measured (docs/http-hardening.md, "Slow clients"). @default 30000 */
  UPLOAD_RATE_WINDOW_MS: int(100, 600_000).default(30_000),
  // Rate limits (docs/http-hardening.md): requests per window per client address or signed-in user; 0 = off.
  /** Length of a rate-limit window in seconds. @default 60 */
  RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400).default(60),
  /** Sign-ins and token refreshes per address (each sign-in costs a WeChat API call). @default 30 */
  RATE_LIMIT_AUTH_PER_IP: int(0).default(30),
  /** Development routes (/dev/*) per address. @default 60 */
  RATE_LIMIT_DEV_PER_IP: int(0).default(60),
  /** Development routes per signed-in user. @default 30 */
  RATE_LIMIT_DEV_PER_USER: int(0).default(30),
  /** Searches per address. @default 120 */
  RATE_LIMIT_SEARCH_PER_IP: int(0).default(120),
  /** Uploads (multipart requests) per address. @default 60 */
  RATE_LIMIT_UPLOAD_PER_IP: int(0).default(60),
  /** Uploads per signed-in user. @default 20 */
  RATE_LIMIT_UPLOAD_PER_USER: int(0).default(20),
  /** Trust X-Forwarded-* headers (behind a reverse proxy). @default false */
  TRUST_PROXY: flag.default(false),
  /**
   * The BFF's public base URL as phones and WeChat reach it (`https://cunwu.example.cn`, or with a path prefix the
   * proxy strips), for every absolute link the BFF builds: poster, invite and service-guide QR codes, the address
   * WeChat's image check downloads a question photo from, and pay callbacks unless WECHAT_PAY_NOTIFY_BASE is set.
   * Never taken from the request's Host header, which the client chooses (docs/http-hardening.md).
   * Required (https) in production. @default the address the server listens on (http://HOST:PORT)
   */
  PUBLIC_BASE_URL: z
    .string()
    .refine((u) => {
      const url = URL.parse(u)
      return (
        (url?.protocol === 'http:' || url?.protocol === 'https:') && !url.search && !url.hash && !url.username
      )
    }, '应为 http:// 或 https:// 开头的网址，不带 ?、# 和用户名密码')
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /**
   * `sim`: the local WeChat simulator (started in-process unless WECHAT_API_BASE is set); `real`: WeChat. Production
   * needs `real` unless ALLOW_WECHAT_SIM_IN_PRODUCTION=true. @default sim
   */
  WECHAT_MODE: oneOf(['sim', 'real']).default('sim'),
  /**
   * Lets NODE_ENV=production run with WECHAT_MODE=sim (the load bench measures the production build on the
   * simulator). The development sign-in and every /dev/* route stay closed in production all the same. @default false
   */
  ALLOW_WECHAT_SIM_IN_PRODUCTION: flag.default(false),
  /** Base URL of the WeChat server API (sim mode: an external simulator; unset = start one in-process). */
  WECHAT_API_BASE: httpUrl().optional(),
  /** Mini-program appid; defaults to the simulator's demo app in sim mode. */
  WECHAT_APPID: z
    .string()
    .regex(/^wx[0-9a-f]{16}$/, '应为 wx 加 16 位十六进制数字（0-9、a-f）')
    .optional(),
  WECHAT_SECRET: z.string().min(16, '至少 16 个字符').optional(),
  /** Token of the mini-program's message push (消息推送), which signs WeChat's pushes (docs/wechat.md). @default a development token in sim mode; unset in real mode refuses photos */
  WECHAT_PUSH_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/, '应为 3 到 32 个字母或数字')
    .optional(),
  /**
   * WeChat's domain verification files, `name:content` pairs separated by commas (业务域名 and the
   * 扫普通链接二维码打开小程序 rule; docs/wechat.md). Each is served at `/<name>` and `/api/v1/p/<name>`. @default none
   */
  WECHAT_VERIFY_FILES: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{1,64}\.txt:[A-Za-z0-9_-]{1,256}(,[A-Za-z0-9_-]{1,64}\.txt:[A-Za-z0-9_-]{1,256})*$/,
      '应为“文件名.txt:内容”，多个用英文逗号隔开（只能用字母、数字、_ 和 -）',
    )
    .optional()
    .transform((s) =>
      (s ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => {
          const [name = '', content = ''] = pair.split(':')
          return { name, content }
        }),
    ),
  /** Secret for signing access tokens (≥ 32 chars); outside production one is generated into DATA_DIR. */
  JWT_SECRET: z
    .string()
    .refine((v) => v.replace(/\s/g, '').length >= 32, '至少 32 个字符（空白不算）')
    .optional(),
  /** Access token lifetime in seconds. @default 900 */
  ACCESS_TOKEN_TTL_SECONDS: int(60, 86_400).default(900),
  /** Refresh token (session) lifetime in days. @default 30 */
  REFRESH_TOKEN_TTL_DAYS: int(1, 365).default(30),
  /** Period of disclosure upkeep (expiry, event sweep) in ms; 0 turns it off. @default 600000 (10 min) */
  MAINTENANCE_INTERVAL_MS: int(0).default(600_000),
  /** Seed the demo region set, roster and demo users into an empty database. @default true outside production */
  SEED_DEMO: flag.optional(),
  /** Whom villagers ask about their personal information, shown in the privacy policy. @default the village committee */
  PRIVACY_CONTACT: z.string().trim().min(2, '至少 2 个字').max(200, '最多 200 个字').optional(),
  // Notifications: the outbox sender of WeChat subscribe messages.
  /** Run the outbox sender in this process. @default true outside tests */
  NOTIFICATIONS_WORKER: flag.optional(),
  /** Subscribe messages sent per second at most (token bucket; set to WeChat's or the simulator's limit). @default 20 */
  OUTBOX_RATE_PER_SECOND: positiveDecimal(10_000).default(20),
  /** Sends in flight at once. @default 4 */
  OUTBOX_CONCURRENCY: int(1, 64).default(4),
  /** Messages claimed per round. @default 50 */
  OUTBOX_BATCH_SIZE: int(1, 1000).default(50),
  /** Seconds a claim holds a message; keep it well above WECHAT_SEND_TIMEOUT_MS. @default 60 */
  OUTBOX_LEASE_SECONDS: int(5, 3600).default(60),
  /** Attempts before a message is marked failed. @default 8 */
  OUTBOX_MAX_ATTEMPTS: int(1, 50).default(8),
  /** First retry delay in ms, doubled per attempt (with jitter) up to 10 minutes. @default 2000 */
  OUTBOX_BACKOFF_MS: int(1, 600_000).default(2000),
  /** Idle poll interval of the sender in ms (new events also wake it at once). @default 1000 */
  OUTBOX_POLL_MS: int(10, 60_000).default(1000),
  /** Sends without an answer (timeout, reset): `at_most_once` records them as ambiguous and never resends; `verify_sim` asks the simulator whether it delivered. @default verify_sim in sim mode, else at_most_once */
  OUTBOX_AMBIGUOUS: oneOf(['at_most_once', 'verify_sim']).optional(),
  /** Timeout of one subscribe send in ms. @default 5000 */
  WECHAT_SEND_TIMEOUT_MS: int(50, 60_000).default(5000),
  /** `miniprogram_state` of sent messages (which version a tap opens). @default formal */
  WECHAT_MINIPROGRAM_STATE: oneOf(['developer', 'trial', 'formal']).default('formal'),
  /** Template for disclosure notices to villagers (keys thing1, thing2, date3, phrase4). @default tmpl_disclosure_published */
  WECHAT_TEMPLATE_DISCLOSURE: z.string().default('tmpl_disclosure_published'),
  /** Template for progress notices to staff (keys character_string1, phrase2, time3, thing4). @default tmpl_request_progress */
  WECHAT_TEMPLATE_PROGRESS: z.string().default('tmpl_request_progress'),
  /** Template for question replies (keys thing1, thing2, time3). @default tmpl_question_replied */
  WECHAT_TEMPLATE_QUESTION: z.string().default('tmpl_question_replied'),
  /** Comma-separated long-term template ids (one accept, unlimited sends). @default tmpl_request_progress */
  WECHAT_LONG_TERM_TEMPLATES: z
    .string()
    .default('tmpl_request_progress')
    .transform((s) =>
      s
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  // WeChat Pay: collective charges, callbacks, refunds and the daily trade-bill reconciliation.
  // Secrets (private key, APIv3 key) are never logged: the logger redacts them.
  /** Base URL of WeChat Pay v3. @default the in-process simulator in sim mode, https://api.mch.weixin.qq.com in real mode */
  WECHAT_PAY_BASE: httpUrl().optional(),
  /** Merchant id (商户号); without it (real mode) payments are off. Sim mode: taken from the simulator. */
  WECHAT_PAY_MCHID: z
    .string()
    .regex(/^\d{6,12}$/, '应为 6 到 12 位数字')
    .optional(),
  /** Merchant API certificate serial (hex). */
  WECHAT_PAY_SERIAL: z
    .string()
    .regex(/^[0-9A-Fa-f]{8,64}$/, '应为 8 到 64 位十六进制数字')
    .optional(),
  /** Merchant private key (apiclient_key.pem): the PEM text itself or a file path. Secret. */
  WECHAT_PAY_PRIVATE_KEY: z.string().optional(),
  /** APIv3 key (32 characters): decrypts callbacks. Secret. */
  WECHAT_PAY_APIV3_KEY: z.string().length(32, '应为 32 个字符').optional(),
  /** Platform certificate (PEM text or file path); its serial is read from it. Give this, the public key, or both. */
  WECHAT_PAY_PLATFORM_CERT: z.string().optional(),
  /** 微信支付公钥 (PEM text or file path), with WECHAT_PAY_PUBLIC_KEY_ID. */
  WECHAT_PAY_PUBLIC_KEY: z.string().optional(),
  /** Id of the 微信支付公钥 (PUB_KEY_ID_ + digits); also sent as Wechatpay-Serial on requests. */
  WECHAT_PAY_PUBLIC_KEY_ID: z
    .string()
    .regex(/^PUB_KEY_ID_\d+$/, '应形如 PUB_KEY_ID_0123…')
    .optional(),
  /** Public base URL of this BFF for pay callbacks (HTTPS in production). @default PUBLIC_BASE_URL, else http://127.0.0.1:PORT */
  WECHAT_PAY_NOTIFY_BASE: httpUrl().optional(),
  /** Minutes a payment order stays payable before the job closes it. @default 30 */
  PAY_ORDER_TTL_MINUTES: int(5, 1440).default(30),
  /** Run the pay jobs (order expiry, daily reconciliation after 10:00 CST) in this process. @default true outside tests */
  PAY_WORKER: flag.optional(),
  /** How often the pay jobs look for work, in ms. @default 60000 */
  PAY_JOB_INTERVAL_MS: int(100, 3_600_000).default(60_000),
  /** Text-to-speech engine of 读给我听 (docs/speech.md): `espeak` (Debian's espeak-ng) or `off` (503). @default espeak */
  SPEECH_ENGINE: oneOf(['espeak', 'off']).default('espeak'),
  /** Audio format: `mp3` (needs Debian's lame; about a tenth of the size) or `wav`. @default mp3 */
  SPEECH_FORMAT: oneOf(['mp3', 'wav']).default('mp3'),
  /** The espeak-ng executable. @default espeak-ng */
  SPEECH_ESPEAK_PATH: z.string().default('espeak-ng'),
  /** The lame executable (MP3 encoder). @default lame */
  SPEECH_LAME_PATH: z.string().default('lame'),
  /** Longest one synthesis may run, in ms. @default 30000 */
  SPEECH_TIMEOUT_MS: int(100, 600_000).default(30_000),
  /** Syntheses running at once in this process. @default 2 */
  SPEECH_CONCURRENCY: int(1, 16).default(2),
  /** Synthesise an item's audio when it is published (in the background). @default true outside tests */
  SPEECH_PREPARE: flag.optional(),
})

/** Validated configuration; the only view of the environment the rest of the BFF gets. */
export type Config = z.infer<typeof ConfigSchema>

/** Thrown when the environment is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`配置有误，请改正以下环境变量后再启动：\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/**
 * Parses and validates configuration from the environment (the only place that reads process.env). Every problem is
 * listed at once: each variable's own check, and the rules between variables (production's included) over the
 * variables that passed theirs.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const problems: string[] = []
  const bad = new Set<string>()
  const given: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) {
    // Empty strings count as unset, so `PORT= npm start` behaves like no PORT at all (but an empty STATIC_DIR turns
    // static serving off, as documented); blanks are a mistake.
    if (value === undefined || (value === '' && key !== 'STATIC_DIR')) continue
    if (key in ConfigSchema.shape && value !== '' && value.trim() === '') {
      problems.push(`${key}: ${ONLY_BLANKS}`)
      bad.add(key)
    } else given[key] = value
  }
  const parsed = ConfigSchema.safeParse(given)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0])
      problems.push(`${issue.path.join('.')}: ${issue.message}`)
      bad.add(key)
    }
  }
  // The variables that passed, with defaults for the rest, so the rules between them are checked too.
  const config = parsed.success
    ? parsed.data
    : ConfigSchema.parse(Object.fromEntries(Object.entries(given).filter(([key]) => !bad.has(key))))
  for (const rule of combinationProblems(config))
    if (!rule.keys.some((key) => bad.has(key))) problems.push(rule.text)
  if (problems.length) throw new ConfigError(problems)
  return config
}

/** A rule between variables that `config` breaks: the variables it reads and the message. */
interface CombinationProblem {
  keys: (keyof Config)[]
  text: string
}

function combinationProblems(config: Config): CombinationProblem[] {
  const problems: CombinationProblem[] = []
  const add = (keys: (keyof Config)[], text: string) => problems.push({ keys, text })
  const production = config.NODE_ENV === 'production'
  if (config.WECHAT_MODE === 'real') {
    if (!config.WECHAT_APPID) add(['WECHAT_APPID'], 'WECHAT_APPID: WECHAT_MODE=real 时必须设置')
    if (!config.WECHAT_SECRET) add(['WECHAT_SECRET'], 'WECHAT_SECRET: WECHAT_MODE=real 时必须设置')
  }
  if (production && config.WECHAT_MODE === 'sim' && !config.ALLOW_WECHAT_SIM_IN_PRODUCTION)
    add(
      ['WECHAT_MODE', 'ALLOW_WECHAT_SIM_IN_PRODUCTION'],
      'WECHAT_MODE: 生产环境（NODE_ENV=production）应设为 real；微信模拟器只用于开发和测试（压测生产构建时可另设 ALLOW_WECHAT_SIM_IN_PRODUCTION=true）',
    )
  if (production && !config.JWT_SECRET) add(['JWT_SECRET'], 'JWT_SECRET: 生产环境必须设置（至少 32 个字符）')
  if (production && !config.PUBLIC_BASE_URL)
    add(['PUBLIC_BASE_URL'], 'PUBLIC_BASE_URL: 生产环境必须设置（手机和微信访问本服务的 https:// 地址）')
  if (production && config.PUBLIC_BASE_URL && !config.PUBLIC_BASE_URL.startsWith('https://'))
    add(['PUBLIC_BASE_URL'], 'PUBLIC_BASE_URL: 生产环境应以 https:// 开头')
  if (config.OUTBOX_AMBIGUOUS === 'verify_sim' && config.WECHAT_MODE === 'real')
    add(['OUTBOX_AMBIGUOUS', 'WECHAT_MODE'], 'OUTBOX_AMBIGUOUS: verify_sim 只能和 WECHAT_MODE=sim 一起用')
  if (config.WECHAT_PAY_MCHID && config.WECHAT_MODE === 'real') {
    for (const key of ['WECHAT_PAY_SERIAL', 'WECHAT_PAY_PRIVATE_KEY', 'WECHAT_PAY_APIV3_KEY'] as const) {
      if (!config[key]) add([key, 'WECHAT_PAY_MCHID'], `${key}: 设置了 WECHAT_PAY_MCHID 时必须设置`)
    }
    if (!config.WECHAT_PAY_NOTIFY_BASE && !config.PUBLIC_BASE_URL)
      add(
        ['WECHAT_PAY_NOTIFY_BASE', 'PUBLIC_BASE_URL', 'WECHAT_PAY_MCHID'],
        'WECHAT_PAY_NOTIFY_BASE: 设置了 WECHAT_PAY_MCHID 时必须设置（或设置 PUBLIC_BASE_URL）',
      )
    if (!config.WECHAT_PAY_PLATFORM_CERT && !config.WECHAT_PAY_PUBLIC_KEY)
      add(
        ['WECHAT_PAY_PLATFORM_CERT', 'WECHAT_PAY_PUBLIC_KEY', 'WECHAT_PAY_MCHID'],
        'WECHAT_PAY_PLATFORM_CERT 或 WECHAT_PAY_PUBLIC_KEY: 设置了 WECHAT_PAY_MCHID 时至少设置一个',
      )
  }
  if (config.WECHAT_PAY_PUBLIC_KEY && !config.WECHAT_PAY_PUBLIC_KEY_ID)
    add(['WECHAT_PAY_PUBLIC_KEY_ID'], 'WECHAT_PAY_PUBLIC_KEY_ID: 设置了 WECHAT_PAY_PUBLIC_KEY 时必须设置')
  if (production && config.WECHAT_PAY_NOTIFY_BASE && !config.WECHAT_PAY_NOTIFY_BASE.startsWith('https://'))
    add(['WECHAT_PAY_NOTIFY_BASE'], 'WECHAT_PAY_NOTIFY_BASE: 生产环境应以 https:// 开头')
  if (config.DATABASE_PROCESS === 'inline' && (config.WORKERS ?? 1) > 1)
    add(
      ['DATABASE_PROCESS', 'WORKERS'],
      'DATABASE_PROCESS: inline 只能和 WORKERS=1 一起用（数据库只为它所在的进程服务）',
    )
  if (config.MONGODB_URI && config.DATABASE_PORT !== undefined)
    add(['DATABASE_PORT', 'MONGODB_URI'], 'DATABASE_PORT: 只用于内置数据库；设置了 MONGODB_URI 时请删去')
  if (config.REQUEST_TIMEOUT_MS < config.HEADERS_TIMEOUT_MS)
    add(['REQUEST_TIMEOUT_MS', 'HEADERS_TIMEOUT_MS'], 'REQUEST_TIMEOUT_MS: 不能小于 HEADERS_TIMEOUT_MS')
  return problems
}

/**
 * The address a server listening on `host`:`port` is reached at, as a URL (`http://127.0.0.1:3000`); a wildcard
 * interface (0.0.0.0, ::) reads as loopback. The public base URL outside production when PUBLIC_BASE_URL is unset.
 */
export function listenBaseUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`
}

/** Builds a config for tests from defaults plus overrides, without touching the environment. */
export function buildConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    STATIC_DIR: '',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    // Tests sign in many times from one address; a test of the limits sets its own.
    RATE_LIMIT_AUTH_PER_IP: '0',
    RATE_LIMIT_DEV_PER_IP: '0',
    RATE_LIMIT_DEV_PER_USER: '0',
    RATE_LIMIT_SEARCH_PER_IP: '0',
    RATE_LIMIT_UPLOAD_PER_IP: '0',
    RATE_LIMIT_UPLOAD_PER_USER: '0',
    ...overrides,
  })
}
