import type { Sequelize } from 'sequelize';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { PriceCatalogue } from './domain/pricing/pricing';
import type { Storage } from './domain/storage/storage';
import type { KeyCache } from './middleware/key-cache';
import type { Metrics } from './middleware/metrics';
import type { JobQueues } from './domain/jobs/queue';

/** Everything a request handler may use, opened in `main` (or a test) and injected into `buildApp`. */
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
}
