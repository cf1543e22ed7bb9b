import BeeQueue from 'bee-queue';
import type { WorkerPool } from './app-contract';

// bee-queue's Lua scripts (loaded into Redis once per connection, then run by SHA).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lua = require('bee-queue/lib/lua') as { buildCache(client: unknown): Promise<unknown> };

/** What a queue entry carries: only the job id. The row in PostgreSQL is the truth. */
export interface QueuedJob {
  jobId: string;
}

export interface QueueOptions {
  redisUrl: string;
  /** Key prefix in Redis (tests use a unique one per run). */
  prefix: string;
  isWorker: boolean;
}

/** bee-queue takes plain connection settings (not a client): these, from a redis:// URL. */
export function redisSettings(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
  };
}

/**
 * One bee-queue per worker pool. Not connected until `connect()` (nothing connects at import or
 * construction). Delayed jobs must be activated or retries with backoff never fire.
 */
export function createQueue(pool: WorkerPool, opts: QueueOptions): BeeQueue<QueuedJob> {
  return new BeeQueue<QueuedJob>(pool, {
    prefix: opts.prefix,
    redis: redisSettings(opts.redisUrl),
    isWorker: opts.isWorker,
    autoConnect: false,
    activateDelayedJobs: opts.isWorker,
    getEvents: false,
    sendEvents: false,
    removeOnSuccess: true,
    removeOnFailure: true,
    // A worker that stops heartbeating for this long has its active jobs handed to another.
    stallInterval: 10_000,
  });
}

/** Retries (with exponential backoff) cover transient failures: storage hiccups, a lost DB connection. */
export const JOB_RETRIES = 3;
export const JOB_BACKOFF_MS = 2_000;

/**
 * Enqueues a job under its own id, so enqueueing twice is harmless (bee-queue ignores an id it
 * already holds). Bounded: if Redis does not answer, the sweeper enqueues the job later.
 */
export async function enqueue(queue: BeeQueue<QueuedJob>, jobId: string, timeoutMs = 2_000): Promise<void> {
  const save = queue.createJob({ jobId }).setId(jobId).retries(JOB_RETRIES).backoff('exponential', JOB_BACKOFF_MS).save();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([save, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`enqueue timed out after ${timeoutMs} ms`)), timeoutMs)))]);
  } finally {
    clearTimeout(timer);
  }
}

export type JobQueues = Record<WorkerPool, BeeQueue<QueuedJob>>;

export function createQueues(pools: readonly WorkerPool[], opts: QueueOptions): Partial<JobQueues> {
  return Object.fromEntries(pools.map((p) => [p, createQueue(p, opts)]));
}

/**
 * Connects a queue (any pool, the webhooks one too) so that a Redis outage is a pause, not a crash
 * or an outage: errors go to `onError` (an unheard 'error' event would end the process), and
 * bee-queue's Lua scripts are loaded again whenever its command connection is ready, because a
 * Redis that restarted without its data has forgotten them and every queue command would fail
 * with NOSCRIPT until the process restarted. Rejects like `queue.connect()` does.
 */
export async function connectQueue(queue: BeeQueue<any>, onError: (err: Error) => void): Promise<void> {
  queue.on('error', onError);
  await queue.connect();
  const client = (queue as unknown as { client: { on(event: 'ready', fn: () => void): void } | null }).client;
  client?.on('ready', () => void lua.buildCache(client).catch(onError));
}
