import { BackgroundTasks } from './services/background-tasks';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import { createDatabase } from './domain/db/connect';
import { EventNotifier } from './domain/events/account-stream';
import { JobStreamSubscriber } from './domain/events/job-stream';
import { POOLS } from './domain/jobs/app-contract';
import { connectQueue, createQueues, type JobQueues } from './domain/jobs/queue';
import { loadCatalogue, type PriceCatalogue } from './domain/pricing/pricing';
import { createStorage } from './domain/storage';
import type { Storage } from './domain/storage/storage';
import { createWebhookBackend, type WebhookBackend } from './domain/webhooks/backend';
import { createMailer, type Mailer } from './domain/mail/mailer';
import { createBilling, type Billing } from './domain/billing';
import { createRedis } from './infra/redis';
import { KeyCache } from './middleware/key-cache';
import { createMetrics, type Metrics } from './middleware/metrics';
import { OpenStreams } from './services/event-sink';

/** Everything a request handler may use, built by `createAppDeps` (the composition root) and injected into `buildApp`. */
export interface AppDeps {
  config: Config;
  db: Sequelize;
  /** Lazily connected; may be down. Only rate limiting and readiness use it here. */
  redis: Redis;
  storage: Storage;
  prices: PriceCatalogue;
  logger: Logger;
  metrics: Metrics;
  /** Resolved API keys, briefly; revocation evicts. */
  keyCache: KeyCache;
  /** Producer side of the job queues (the API enqueues; workers process). */
  queues: Partial<JobQueues>;
  /** Where webhook endpoint changes and resends go: Svix (SVIX_TOKEN) or the built-in dispatcher. */
  webhooks: WebhookBackend;
  /** Live job updates (Redis pub/sub) for job event streams: one connection, opened by the first stream. */
  jobUpdates: JobStreamSubscriber;
  /** Wakes account event streams when an event commits (PostgreSQL LISTEN): one connection while any stream listens. */
  eventNotifier: EventNotifier;
  /** The event streams this process has open, ended with a retry hint on shutdown. */
  openStreams: OpenStreams;
  /** Work requests started without waiting (auto top-up payments); awaited on shutdown. */
  background: BackgroundTasks;
  /** Mail to people (verification, password reset, invitations): SMTP_URL, else `.eml` files under LUMIKU_DATA_DIR/mail. */
  mailer: Mailer;
  /** The billing catalogue (packs, plans) and the payment gateways configured (none: buying answers 503). */
  billing: Billing;
}

/**
 * The API's composition root: builds every dependency from the configuration. Nothing connects
 * here (PostgreSQL on the first query, Redis and the queues in `connectAppDeps`, the job-update
 * subscriber and the event notifier with the first stream that needs them), so building never
 * waits on, or fails for, a service that is down. `overrides` replace parts (a benchmark without
 * queues, a catalogue already loaded).
 */
export function createAppDeps(config: Config, logger: Logger, overrides: Partial<AppDeps> = {}): AppDeps {
  if (!config.databaseUrl || !config.redisUrl) throw new Error('DATABASE_URL and REDIS_URL must be set.');
  const { databaseUrl, redisUrl } = config;
  const db = overrides.db ?? createDatabase({ databaseUrl, poolMax: config.databasePoolMax, statementTimeoutMs: config.databaseStatementTimeoutMs });
  return {
    config,
    db,
    logger,
    redis: overrides.redis ?? createRedis(redisUrl, { onError: (err) => logger.warn({ err: err.message }, 'redis unavailable') }),
    storage: overrides.storage ?? createStorage(config),
    prices: overrides.prices ?? loadCatalogue(config.priceCataloguePath),
    metrics: overrides.metrics ?? createMetrics(),
    keyCache: overrides.keyCache ?? new KeyCache(config.apiKeyCacheTtlMs),
    queues: overrides.queues ?? createQueues(POOLS, { redisUrl, prefix: config.queuePrefix, isWorker: false }),
    webhooks: overrides.webhooks ?? createWebhookBackend(config, db),
    jobUpdates:
      overrides.jobUpdates ?? new JobStreamSubscriber(createRedis(redisUrl, { onError: (err) => logger.warn({ err: err.message }, 'job stream subscriber unavailable') }), config.queuePrefix),
    eventNotifier: overrides.eventNotifier ?? new EventNotifier(databaseUrl, (err) => logger.warn({ err: err.message }, 'event stream listener unavailable')),
    openStreams: overrides.openStreams ?? new OpenStreams(),
    background: overrides.background ?? new BackgroundTasks(),
    mailer: overrides.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dir: path.join(config.dataDir, 'mail'), logger }),
    billing: overrides.billing ?? createBilling(config),
  };
}

/**
 * Opens the connections `createAppDeps` left closed. Resolves once the API's Redis client has
 * connected or failed (it keeps retrying in the background); the queues connect in the background,
 * their errors logged. Callers need not wait: the API serves `/health` (and fails `/ready`) while
 * Redis is down, enqueueing is bounded and the sweeper catches up.
 */
export async function connectAppDeps(deps: AppDeps): Promise<void> {
  const warn = (err: Error) => deps.logger.warn({ err: err.message }, 'queue unavailable');
  for (const q of Object.values(deps.queues)) connectQueue(q!, warn).catch(warn);
  await deps.redis.connect().catch(() => {});
}

/**
 * Closes what `createAppDeps` built: open event streams end (`retry:` hint `streamRetryMs`), then
 * the connections. A queue that does not close within `queueTimeoutMs` is left behind.
 */
export async function closeAppDeps(deps: AppDeps, opts: { streamRetryMs: number; queueTimeoutMs?: number }): Promise<void> {
  deps.openStreams.endAll(opts.streamRetryMs);
  const timeout = opts.queueTimeoutMs ?? 1000;
  await Promise.race([deps.background.settled(), new Promise((resolve) => setTimeout(resolve, timeout).unref())]);
  await Promise.allSettled([
    deps.jobUpdates.close(),
    deps.eventNotifier.close(),
    deps.db.close(),
    (async () => deps.mailer.close())(),
    // A client that never connected has nothing to say goodbye to (QUIT would connect first).
    deps.redis.status === 'wait' ? deps.redis.disconnect() : deps.redis.quit(),
    // (bee-queue's close throws at once on a queue that never connected: hence the async wrapper.)
    ...Object.values(deps.queues).map((q) => Promise.race([(async () => q!.close(timeout))(), new Promise((resolve) => setTimeout(resolve, timeout + 500).unref())])),
  ]);
}
