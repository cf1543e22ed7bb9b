import BeeQueue from 'bee-queue';
import type { WorkerPool } from './app-contract';
import { dropActiveWithoutData, recoverScripts } from './queue-scripts';
import { currentTraceparent, withSpan } from '../../infra/tracing';

/** What a queue entry carries: the job id (the row in PostgreSQL is the truth) and, when tracing, the enqueuing span. */
export interface QueuedJob {
  jobId: string;
  /** W3C trace context of the enqueue span, so the worker's job span joins the request's trace. */
  traceparent?: string;
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
  return withSpan('queue.enqueue', { 'lumiku.job.id': jobId, 'messaging.destination.name': queue.name }, () => save(queue, jobId, timeoutMs));
}

async function save(queue: BeeQueue<QueuedJob>, jobId: string, timeoutMs: number): Promise<void> {
  const traceparent = currentTraceparent();
  const save = queue.createJob(traceparent ? { jobId, traceparent } : { jobId }).setId(jobId).retries(JOB_RETRIES).backoff('exponential', JOB_BACKOFF_MS).save();
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
 * bee-queue's Lua scripts are loaded again when Redis has forgotten them (a restart without data,
 * `SCRIPT FLUSH`): commands wait for the reload after a reconnect, and a NOSCRIPT answer reloads
 * the scripts and runs the command again (see queue-scripts.ts). Rejects like `queue.connect()`.
 */
export async function connectQueue(queue: BeeQueue<any>, onError: (err: Error) => void): Promise<void> {
  queue.on('error', onError);
  await queue.connect();
  recoverScripts(queue, onError);
}

/**
 * Hands the active jobs of dead (or stalled) workers back to waiting, every `intervalMs`, until the
 * returned function is called, and drops active ids whose data is gone (`dropActiveWithoutData`:
 * what a late-heartbeating worker's finish leaves behind), telling `onDropped`. Used instead of
 * bee-queue's `checkStalledJobs(interval, cb)`, which leaves the rejection of every periodic check
 * unhandled: one failed check (Redis down, NOSCRIPT) ended the process.
 */
export function checkStalledJobsEvery(queue: BeeQueue<any>, intervalMs: number, onError: (err: Error) => void, onDropped?: (ids: string[]) => void): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    try {
      await queue.checkStalledJobs();
      const dropped = await dropActiveWithoutData(queue);
      if (dropped.length) onDropped?.(dropped);
    } catch (err) {
      if (!stopped) onError(err as Error);
    }
    if (!stopped) timer = setTimeout(() => void check(), intervalMs);
  };
  void check();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
