import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_ERROR_DOCS_BASE_URL } from '../errors/codes';

/**
 * The only reader of process.env. Loaded once in a process's `main`, frozen, and passed down;
 * a bad value stops the process before it serves anything.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const csv = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean));

const Schema = z.object({
  nodeEnv: z.enum(['development', 'test', 'production']).default('development'),
  host: z.string().default('0.0.0.0'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Base URL clients reach this API at; used in `Location` headers and signed file URLs. */
  publicBaseUrl: z.string().url().optional(),
  /**
   * Express's `trust proxy`: whom to believe for `X-Forwarded-Proto` / `-Host` / `-For` (the
   * served spec's server URL). Unset or `false`: nobody; `true`: any proxy; a number: that many
   * hops; else addresses or subnets (`loopback`, `10.0.0.0/8`, comma-separated).
   */
  trustProxy: z
    .string()
    .optional()
    .transform((v): boolean | number | string => (v === undefined || v === '' || v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
  /** Where the error reference is published: a problem's `type` is `<this>#<code>` (sdk-docs/guides/error-codes.md has one anchor per code). */
  errorDocsBaseUrl: z.string().url().default(DEFAULT_ERROR_DOCS_BASE_URL),
  /** Local state for embedded defaults (PostgreSQL data, redis, stored files). */
  dataDir: z.string().default('./.lumiku'),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  databaseUrl: z.string().url().optional(),
  databasePoolMax: z.coerce.number().int().min(1).max(200).default(10),
  /** Every statement is cancelled by PostgreSQL after this long, so a bad query cannot pin a connection. */
  databaseStatementTimeoutMs: z.coerce.number().int().min(100).default(15_000),
  redisUrl: z.string().url().optional(),

  /** JSON bodies over this are refused with 413 before parsing. */
  jsonBodyLimitBytes: z.coerce.number().int().min(1024).default(1024 * 1024),
  /** Requests per key per window; 0 disables rate limiting. */
  rateLimitPerWindow: z.coerce.number().int().min(0).default(600),
  rateLimitWindowSeconds: z.coerce.number().int().min(1).default(60),
  /** How long an API process may reuse a resolved key before looking it up again (revocation evicts at once locally). */
  apiKeyCacheTtlMs: z.coerce.number().int().min(0).max(60_000).default(5_000),
  idempotencyTtlHours: z.coerce.number().int().min(1).max(24 * 30).default(24),

  storageDriver: z.enum(['local', 's3']).default('local'),
  storageLocalDir: z.string().optional(),
  s3Bucket: z.string().optional(),
  s3Region: z.string().default('auto'),
  s3Endpoint: z.string().url().optional(),
  s3AccessKeyId: z.string().optional(),
  s3SecretAccessKey: z.string().optional(),
  s3ForcePathStyle: bool.default(true),
  /** Part size of presigned direct uploads (POST /v1/files/uploads); S3's minimum is 5 MiB, and at most 10,000 parts. */
  s3UploadPartBytes: z.coerce.number().int().min(5 * 1024 ** 2).max(5 * 1024 ** 3).default(64 * 1024 ** 2),

  /** Upload cap, enforced while streaming. */
  fileMaxBytes: z.coerce.number().int().min(1).default(2 * 1024 ** 3),
  /** Key for signed, expiring download URLs. Must be set in production (and not to the published development value). */
  signingSecret: z.string().min(16).optional(),
  /** When set, `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken: z.string().min(16).optional(),
  /** When set, `/metrics` is served only by a separate listener on this port (and METRICS_HOST), not on PORT. */
  metricsPort: z.coerce.number().int().min(1).max(65535).optional(),
  metricsHost: z.string().default('127.0.0.1'),
  /** When set, a worker serves its own /metrics (job durations, webhook deliveries, credits charged) on this port (and METRICS_HOST). */
  workerMetricsPort: z.coerce.number().int().min(1).max(65535).optional(),
  fileUrlTtlSeconds: z.coerce.number().int().min(10).max(7 * 24 * 3600).default(3600),
  importMaxBytes: z.coerce.number().int().min(1).default(512 * 1024 ** 2),
  importTimeoutMs: z.coerce.number().int().min(100).default(60_000),
  importMaxRedirects: z.coerce.number().int().min(0).max(10).default(5),
  /** Hosts, IPs or CIDRs that URL imports may reach even though they are private or loopback. */
  importAllowlist: csv.default([]),

  ffmpegPath: z.string().optional(),
  ffprobePath: z.string().optional(),
  /** ffprobe is killed after this long when inspecting an upload or import. */
  probeTimeoutMs: z.coerce.number().int().min(100).default(30_000),

  /** A JSON price catalogue to use instead of the bundled one. */
  priceCataloguePath: z.string().optional(),

  /** Redis key prefix of the job queues (so several deployments or test runs can share a Redis). */
  queuePrefix: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('lumiku'),
  /** Jobs one worker process runs at once, per pool. FFmpeg uses every core it gets, so media defaults to 1. */
  workerConcurrencyMedia: z.coerce.number().int().min(1).max(64).default(1),
  workerConcurrencyImage: z.coerce.number().int().min(1).max(64).default(2),
  /** AI jobs mostly wait on model servers, so a gpu worker runs several at once; the per-provider limiter caps the calls. */
  workerConcurrencyGpu: z.coerce.number().int().min(1).max(64).default(4),
  /** A job running longer than this is failed (and its FFmpeg killed). */
  jobTimeoutMs: z.coerce.number().int().min(1000).default(2 * 3600_000),
  /** Job outputs are kept this long after the job finishes. */
  outputTtlDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** Events (and their delivery logs) are deleted this many days after they happened. */
  eventRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** Queued jobs older than this that are not in the queue (lost entry) are enqueued again. */
  sweepAfterMs: z.coerce.number().int().min(100).default(30_000),

  shutdownTimeoutMs: z.coerce.number().int().min(0).default(10_000),

  // ── AI apps: prompts, sizes, providers ──
  /** Prompts (and negative prompts) longer than this are refused. */
  aiPromptMaxLength: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Words or phrases refused in prompts (case-insensitive, whole words), comma-separated. */
  aiPromptBlocklist: csv.default([]),
  /** The largest width or height an AI model may be asked for (also a multiple of 8). */
  aiMaxDimension: z.coerce.number().int().min(512).max(4096).default(2048),
  /** One provider call (including polling a prediction) is abandoned after this long. */
  aiProviderTimeoutMs: z.coerce.number().int().min(100).default(120_000),
  /** Extra attempts on transient provider errors (429, 5xx, timeouts), with exponential backoff. */
  aiProviderRetries: z.coerce.number().int().min(0).max(10).default(2),
  /** First retry delay; doubled each attempt (a provider's Retry-After wins when longer, up to 30 s). */
  aiProviderRetryBaseMs: z.coerce.number().int().min(0).default(1000),
  /** Calls in flight per provider per worker process (bottleneck maxConcurrent). */
  aiProviderMaxConcurrent: z.coerce.number().int().min(1).max(1000).default(4),
  /** Minimum gap between two calls to one provider (bottleneck minTime); 0 = none. */
  aiProviderMinTimeMs: z.coerce.number().int().min(0).default(0),
  /** The breaker opens when this percentage of calls in its window failed… */
  aiBreakerErrorPercent: z.coerce.number().int().min(1).max(100).default(50),
  /** …and at least this many calls were made in the window. */
  aiBreakerVolume: z.coerce.number().int().min(1).default(5),
  /** An open breaker lets one trial call through after this long. */
  aiBreakerResetMs: z.coerce.number().int().min(100).default(30_000),
  huggingfaceApiToken: z.string().optional(),
  huggingfaceBaseUrl: z.string().url().default('https://router.huggingface.co/hf-inference'),
  /** The lighter model used when the requested one is at capacity (503 loading / overloaded). Empty: no fallback. */
  huggingfaceFallbackModel: z.string().default('black-forest-labs/FLUX.1-schnell'),
  replicateApiToken: z.string().optional(),
  /** Hosted Replicate, or a self-hosted Cog-style model server on your GPU machines (`POST /predictions`). */
  replicateBaseUrl: z.string().url().optional(),
  replicatePollIntervalMs: z.coerce.number().int().min(10).default(1000),
  /** Svix API token: when set, webhooks are delivered through Svix instead of the built-in dispatcher. */
  svixToken: z.string().optional(),
  /** Base URL of a self-hosted Svix server (default: Svix's cloud, chosen by the token's region). */
  svixServerUrl: z.string().url().optional(),
  /** Delays before each delivery attempt (Svix's schedule); `0`, `5s`, `5m`, `2h`, or plain milliseconds. */
  webhookRetrySchedule: csv.pipe(z.array(z.string().regex(/^\d+(ms|s|m|h)?$/)).min(1)).default(['0', '5s', '5m', '30m', '2h', '5h', '10h', '10h']),
  /** One delivery attempt is abandoned after this long (connect, headers and body). */
  webhookTimeoutMs: z.coerce.number().int().min(100).default(15_000),
  /** An endpoint whose deliveries have failed without a success for this long is disabled (5 days). */
  webhookDisableAfterMs: z.coerce.number().int().min(1000).default(5 * 24 * 3600_000),
  /** After rotate_secret, the old secret keeps signing (alongside the new one) for this long. */
  webhookSecretGraceSeconds: z.coerce.number().int().min(0).default(24 * 3600),
  /** Hosts, IPs or CIDRs webhook URLs may point at although private or loopback (e.g. 127.0.0.1 for local receivers). */
  webhookUrlAllowlist: csv.default([]),
  /** The relay wakes on every commit (LISTEN/NOTIFY); this poll is the safety net. */
  webhookRelayPollMs: z.coerce.number().int().min(10).default(1000),
  /** Queue entries one worker process works on at once; each carries up to 20 deliveries made side by side. */
  workerConcurrencyWebhooks: z.coerce.number().int().min(1).max(1000).default(50),
  /** A `credits.low` event is sent when a live balance falls below this (0 disables it). */
  creditsLowThreshold: z.coerce.number().int().min(0).default(100),

  // ── People: sign-in, sessions, mail ──
  /** Send mail through this SMTP server (`smtp://user:pass@host:587`, `smtps://…`); unset: `.eml` files under LUMIKU_DATA_DIR/mail, links in the log. */
  smtpUrl: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  mailFrom: z.string().min(3).default('Lumiku <no-reply@lumiku.localhost>'),
  /** Where the links in emails point (the dashboard's pages); default PUBLIC_BASE_URL/dashboard. */
  dashboardUrl: z.string().url().optional(),
  /** The one browser origin (scheme://host[:port]) allowed to call /v1 and /auth cross-origin (CORS); unset: none. */
  dashboardOrigin: z.string().url().transform((v) => new URL(v).origin).optional(),
  /** A session ends this long after sign-in… */
  sessionTtlHours: z.coerce.number().int().min(1).max(24 * 365).default(24 * 30),
  /** …or after this long without a request. */
  sessionIdleHours: z.coerce.number().int().min(1).max(24 * 365).default(24 * 7),
  /** Failed sign-ins per email address per window, then 429 until the window ends. */
  loginMaxFailuresPerEmail: z.coerce.number().int().min(1).default(10),
  /** Sign-in, sign-up and password-reset attempts per client address per window. */
  authMaxAttemptsPerIp: z.coerce.number().int().min(1).default(100),
  authLimitWindowSeconds: z.coerce.number().int().min(1).default(900),

  // ── Billing: gateways and the catalogue of packs and plans ──
  /** A JSON billing catalogue (credit packs and plans) to use instead of the bundled one. */
  creditCataloguePath: z.string().optional(),
  /** Stripe's secret key (`sk_live_…`, `sk_test_…`): enables Checkout, the customer portal and auto top-up. */
  stripeSecretKey: z.string().min(1).optional(),
  /** The signing secret of the Stripe webhook endpoint that calls `/billing/webhooks/stripe` (`whsec_…`). */
  stripeWebhookSecret: z.string().min(1).optional(),
  /** Where the Stripe SDK sends its calls instead of api.stripe.com (protocol, host and port: a local stripe-mock). */
  stripeApiBase: z.string().url().optional(),
  /** Duitku's merchant (project) code and API key: enable Duitku invoices and its callback. */
  duitkuMerchantCode: z.string().min(1).optional(),
  duitkuApiKey: z.string().min(1).optional(),
  /** Duitku's POP API: the sandbox by default; production is https://api-prod.duitku.com. */
  duitkuBaseUrl: z.string().url().default('https://api-sandbox.duitku.com'),
});

export type Config = Readonly<z.infer<typeof Schema> & { publicBaseUrl: string; publicBaseUrlConfigured: boolean; storageLocalDir: string; signingSecret: string; dashboardUrl: string }>;

const ENV: Record<keyof z.infer<typeof Schema>, string> = {
  nodeEnv: 'NODE_ENV',
  host: 'HOST',
  port: 'PORT',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  trustProxy: 'TRUST_PROXY',
  errorDocsBaseUrl: 'ERROR_DOCS_BASE_URL',
  dataDir: 'LUMIKU_DATA_DIR',
  logLevel: 'LOG_LEVEL',
  databaseUrl: 'DATABASE_URL',
  databasePoolMax: 'DATABASE_POOL_MAX',
  databaseStatementTimeoutMs: 'DATABASE_STATEMENT_TIMEOUT_MS',
  redisUrl: 'REDIS_URL',
  jsonBodyLimitBytes: 'JSON_BODY_LIMIT_BYTES',
  rateLimitPerWindow: 'RATE_LIMIT_PER_WINDOW',
  rateLimitWindowSeconds: 'RATE_LIMIT_WINDOW_SECONDS',
  apiKeyCacheTtlMs: 'API_KEY_CACHE_TTL_MS',
  idempotencyTtlHours: 'IDEMPOTENCY_TTL_HOURS',
  storageDriver: 'STORAGE_DRIVER',
  storageLocalDir: 'STORAGE_LOCAL_DIR',
  s3Bucket: 'S3_BUCKET',
  s3Region: 'S3_REGION',
  s3Endpoint: 'S3_ENDPOINT',
  s3AccessKeyId: 'S3_ACCESS_KEY_ID',
  s3SecretAccessKey: 'S3_SECRET_ACCESS_KEY',
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  s3UploadPartBytes: 'S3_UPLOAD_PART_BYTES',
  fileMaxBytes: 'FILE_MAX_BYTES',
  signingSecret: 'SIGNING_SECRET',
  metricsToken: 'METRICS_TOKEN',
  metricsPort: 'METRICS_PORT',
  metricsHost: 'METRICS_HOST',
  workerMetricsPort: 'WORKER_METRICS_PORT',
  fileUrlTtlSeconds: 'FILE_URL_TTL_SECONDS',
  importMaxBytes: 'IMPORT_MAX_BYTES',
  importTimeoutMs: 'IMPORT_TIMEOUT_MS',
  importMaxRedirects: 'IMPORT_MAX_REDIRECTS',
  importAllowlist: 'IMPORT_ALLOWLIST',
  ffmpegPath: 'FFMPEG_PATH',
  ffprobePath: 'FFPROBE_PATH',
  probeTimeoutMs: 'PROBE_TIMEOUT_MS',
  priceCataloguePath: 'PRICE_CATALOGUE_PATH',
  queuePrefix: 'QUEUE_PREFIX',
  workerConcurrencyMedia: 'WORKER_CONCURRENCY_MEDIA',
  workerConcurrencyImage: 'WORKER_CONCURRENCY_IMAGE',
  jobTimeoutMs: 'JOB_TIMEOUT_MS',
  outputTtlDays: 'OUTPUT_TTL_DAYS',
  eventRetentionDays: 'EVENT_RETENTION_DAYS',
  sweepAfterMs: 'SWEEP_AFTER_MS',
  shutdownTimeoutMs: 'SHUTDOWN_TIMEOUT_MS',
  workerConcurrencyGpu: 'WORKER_CONCURRENCY_GPU',
  aiPromptMaxLength: 'AI_PROMPT_MAX_LENGTH',
  aiPromptBlocklist: 'AI_PROMPT_BLOCKLIST',
  aiMaxDimension: 'AI_MAX_DIMENSION',
  aiProviderTimeoutMs: 'AI_PROVIDER_TIMEOUT_MS',
  aiProviderRetries: 'AI_PROVIDER_RETRIES',
  aiProviderRetryBaseMs: 'AI_PROVIDER_RETRY_BASE_MS',
  aiProviderMaxConcurrent: 'AI_PROVIDER_MAX_CONCURRENT',
  aiProviderMinTimeMs: 'AI_PROVIDER_MIN_TIME_MS',
  aiBreakerErrorPercent: 'AI_BREAKER_ERROR_PERCENT',
  aiBreakerVolume: 'AI_BREAKER_VOLUME',
  aiBreakerResetMs: 'AI_BREAKER_RESET_MS',
  huggingfaceApiToken: 'HUGGINGFACE_API_TOKEN',
  huggingfaceBaseUrl: 'HUGGINGFACE_BASE_URL',
  huggingfaceFallbackModel: 'HUGGINGFACE_FALLBACK_MODEL',
  replicateApiToken: 'REPLICATE_API_TOKEN',
  replicateBaseUrl: 'REPLICATE_BASE_URL',
  replicatePollIntervalMs: 'REPLICATE_POLL_INTERVAL_MS',
  svixToken: 'SVIX_TOKEN',
  svixServerUrl: 'SVIX_SERVER_URL',
  webhookRetrySchedule: 'WEBHOOK_RETRY_SCHEDULE',
  webhookTimeoutMs: 'WEBHOOK_TIMEOUT_MS',
  webhookDisableAfterMs: 'WEBHOOK_DISABLE_AFTER_MS',
  webhookSecretGraceSeconds: 'WEBHOOK_SECRET_GRACE_SECONDS',
  webhookUrlAllowlist: 'WEBHOOK_URL_ALLOWLIST',
  webhookRelayPollMs: 'WEBHOOK_RELAY_POLL_MS',
  workerConcurrencyWebhooks: 'WORKER_CONCURRENCY_WEBHOOKS',
  creditsLowThreshold: 'CREDITS_LOW_THRESHOLD',
  smtpUrl: 'SMTP_URL',
  mailFrom: 'MAIL_FROM',
  dashboardUrl: 'DASHBOARD_URL',
  dashboardOrigin: 'DASHBOARD_ORIGIN',
  sessionTtlHours: 'SESSION_TTL_HOURS',
  sessionIdleHours: 'SESSION_IDLE_HOURS',
  loginMaxFailuresPerEmail: 'LOGIN_MAX_FAILURES_PER_EMAIL',
  authMaxAttemptsPerIp: 'AUTH_MAX_ATTEMPTS_PER_IP',
  authLimitWindowSeconds: 'AUTH_LIMIT_WINDOW_SECONDS',
  creditCataloguePath: 'CREDIT_CATALOGUE_PATH',
  stripeSecretKey: 'STRIPE_SECRET_KEY',
  stripeWebhookSecret: 'STRIPE_WEBHOOK_SECRET',
  stripeApiBase: 'STRIPE_API_BASE',
  duitkuMerchantCode: 'DUITKU_MERCHANT_CODE',
  duitkuApiKey: 'DUITKU_API_KEY',
  duitkuBaseUrl: 'DUITKU_BASE_URL',
};

/** Not a secret: only used when SIGNING_SECRET is unset outside production, and refused in production. */
export const DEV_SIGNING_SECRET = 'lumiku-development-signing-secret';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof z.infer<typeof Schema>, unknown>> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(ENV)) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = Schema.safeParse({ ...raw, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${ENV[i.path[0] as keyof typeof ENV] ?? i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.nodeEnv === 'production' && !c.signingSecret) throw new Error('Invalid configuration:\n  SIGNING_SECRET: required in production');
  if (c.nodeEnv === 'production' && c.signingSecret === DEV_SIGNING_SECRET)
    throw new Error('Invalid configuration:\n  SIGNING_SECRET: the published development value cannot be used in production; set a random secret');
  if (c.metricsPort !== undefined && c.metricsPort === c.port) throw new Error('Invalid configuration:\n  METRICS_PORT: must differ from PORT');
  if (Boolean(c.stripeSecretKey) !== Boolean(c.stripeWebhookSecret)) throw new Error('Invalid configuration:\n  STRIPE_WEBHOOK_SECRET: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are set together');
  if (Boolean(c.duitkuMerchantCode) !== Boolean(c.duitkuApiKey)) throw new Error('Invalid configuration:\n  DUITKU_API_KEY: DUITKU_MERCHANT_CODE and DUITKU_API_KEY are set together');
  if (c.storageDriver === 's3' && !c.s3Bucket) throw new Error('Invalid configuration:\n  S3_BUCKET: required when STORAGE_DRIVER=s3');
  const publicBaseUrl = (c.publicBaseUrl ?? `http://localhost:${c.port}`).replace(/\/$/, '');
  return Object.freeze({
    ...c,
    dataDir: path.resolve(c.dataDir),
    publicBaseUrl,
    dashboardUrl: (c.dashboardUrl ?? `${publicBaseUrl}/dashboard`).replace(/\/$/, ''),
    /** Whether PUBLIC_BASE_URL was set (the served spec names it), or defaulted (the spec names the address each request came to). */
    publicBaseUrlConfigured: c.publicBaseUrl !== undefined,
    storageLocalDir: path.resolve(c.storageLocalDir ?? path.join(c.dataDir, 'files')),
    signingSecret: c.signingSecret ?? DEV_SIGNING_SECRET,
  });
}

/** Passwords a database URL must not carry in production: the well-known defaults of images and examples. */
const DEFAULT_DATABASE_PASSWORDS = new Set(['postgres', 'password', 'lumiku', 'changeme', 'secret', 'admin', 'root', 'example', 'test']);

/**
 * What a production process (NODE_ENV=production) refuses to start with, beyond what `loadConfig`
 * already refuses (SIGNING_SECRET missing or the development one): no database URL, or one without a
 * password or with a default one; no Redis URL. Empty when all is well. The API and worker mains call it.
 */
export function productionProblems(c: Config): string[] {
  if (c.nodeEnv !== 'production') return [];
  const problems: string[] = [];
  if (!c.databaseUrl) problems.push('DATABASE_URL: required in production');
  else {
    const password = decodeURIComponent(new URL(c.databaseUrl).password);
    if (!password) problems.push('DATABASE_URL: must carry a password in production');
    else if (DEFAULT_DATABASE_PASSWORDS.has(password.toLowerCase())) problems.push('DATABASE_URL: the password is a well-known default; set a random one');
  }
  if (!c.redisUrl) problems.push('REDIS_URL: required in production');
  if (c.storageDriver === 's3' && c.s3SecretAccessKey && ['minioadmin', 'password', 'secret', 'changeme'].includes(c.s3SecretAccessKey)) problems.push('S3_SECRET_ACCESS_KEY: a well-known default; set a random one');
  return problems;
}

/** Env var names, for `.env.example` checks and error messages. */
export const CONFIG_ENV_NAMES = Object.values(ENV);
