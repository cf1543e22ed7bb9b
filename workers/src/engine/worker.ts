import type BeeQueue from 'bee-queue';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import type { Config } from '../../../api/src/config';
import { POOLS, type WorkerPool } from '../../../api/src/domain/jobs/app-contract';

export { POOLS };
import { createQueue, type QueuedJob } from '../../../api/src/domain/jobs/queue';
import type { Storage } from '../../../api/src/domain/storage/storage';
import { RENDERERS } from '../apps';
import { createJobStream } from '../../../api/src/domain/events/job-stream';
import { createRedis } from '../../../api/src/infra/redis';
import { runJob } from './run-job';
import { sweepLostJobs } from './sweeper';


export interface RunningWorker {
  queues: Partial<Record<WorkerPool, BeeQueue<QueuedJob>>>;
  /** Stops taking jobs, lets running ones finish for up to `timeoutMs`, then interrupts and requeues them. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * Processes the given pools: one bee-queue per pool with the pool's concurrency, stall detection,
 * and the sweeper for jobs whose queue entry was lost.
 */
export async function startWorker(deps: { config: Config; db: Sequelize; storage: Storage; logger: Logger }, pools: readonly WorkerPool[]): Promise<RunningWorker> {
  const { config, logger } = deps;
  const shutdown = new AbortController();
  const queues: Partial<Record<WorkerPool, BeeQueue<QueuedJob>>> = {};
  // Live progress for `GET /v1/jobs/{id}/events`; publishing is best effort (the events table is the truth).
  const publisher = createRedis(config.redisUrl!, { onError: (err) => logger.warn({ err: err.message }, 'job stream publisher') });
  publisher.connect().catch(() => {});
  const stream = createJobStream(publisher, config.queuePrefix);
  const engine = { ...deps, renderers: RENDERERS, stream };
  const concurrency: Record<WorkerPool, number> = { media: config.workerConcurrencyMedia, image: config.workerConcurrencyImage };

  for (const pool of pools) {
    const queue = createQueue(pool, { redisUrl: config.redisUrl!, prefix: config.queuePrefix, isWorker: true });
    queue.on('error', (err) => logger.warn({ err: err.message, pool }, 'queue error'));
    await queue.connect();
    queue.process(concurrency[pool], async (job) => {
      const lastAttempt = (job.options.retries ?? 0) <= 0;
      const outcome = await runJob(engine, job.data.jobId, { shutdown: shutdown.signal, lastAttempt });
      logger.info({ job_id: job.data.jobId, pool, outcome }, 'job attempt finished');
      return outcome;
    });
    // Jobs of a worker that died (or whose event loop stalled) go back to waiting.
    queue.checkStalledJobs(10_000, (err) => err && logger.warn({ err: err.message, pool }, 'stall check failed'));
    queues[pool] = queue;
  }

  const sweep = () => sweepLostJobs(deps.db, queues, config.sweepAfterMs, logger).catch((err) => logger.warn({ err }, 'sweep failed'));
  void sweep();
  const sweeper = setInterval(sweep, Math.max(1000, Math.floor(config.sweepAfterMs / 2)));

  return {
    queues,
    async close(timeoutMs: number) {
      clearInterval(sweeper);
      // Interrupted jobs need a moment after the grace period to put themselves back in the queue.
      const closing = Object.values(queues).map((q) => q!.close(timeoutMs + 5_000).catch(() => {}));
      // Past the grace period, interrupt what still runs; runJob puts those jobs back to `queued`.
      const interrupt = setTimeout(() => shutdown.abort(), timeoutMs);
      await Promise.all(closing);
      clearTimeout(interrupt);
      if (!shutdown.signal.aborted) shutdown.abort();
      stream.close();
      await publisher.quit().catch(() => {});
    },
  };
}
