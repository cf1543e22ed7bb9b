import type BeeQueue from 'bee-queue';
import type { Logger } from 'pino';
import type { Sequelize } from 'sequelize';
import type { Config } from '../../../api/src/config';
import { POOLS, type WorkerPool } from '../../../api/src/domain/jobs/app-contract';

export { POOLS };
import { checkStalledJobsEvery, connectQueue, createQueue, type QueuedJob } from '../../../api/src/domain/jobs/queue';
import type { Storage } from '../../../api/src/domain/storage/storage';
import { publishBreaker } from '../../../api/src/domain/ai/breaker-state';
import type { AiGateway } from '../../../api/src/domain/ai/provider';
import { createRedis } from '../../../api/src/infra/redis';
import { RENDERERS } from '../apps';
import { createAiGateway } from '../providers/gateway';
import { createJobStream } from '../../../api/src/domain/events/job-stream';
import { runJob } from './run-job';
import { sweepLostJobs } from './sweeper';
import { ownWorkDir } from './work-dir';


export interface RunningWorker {
  queues: Partial<Record<WorkerPool, BeeQueue<QueuedJob>>>;
  /** The AI gateway of the `gpu` pool (undefined when this worker does not run it). */
  ai?: AiGateway;
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
  const stallChecks: (() => void)[] = [];
  const concurrency: Record<WorkerPool, number> = { media: config.workerConcurrencyMedia, image: config.workerConcurrencyImage, gpu: config.workerConcurrencyGpu };
  // One Redis connection for what the worker publishes: live progress for `GET /v1/jobs/{id}/events`
  // (best effort: the events table is the truth) and, for the gpu pool, the AI providers' breaker
  // states for the API's /ready and /metrics.
  const publisher = createRedis(config.redisUrl!, { onError: (err) => logger.warn({ err: err.message }, 'worker publisher redis error') });
  await publisher.connect().catch(() => {});
  const stream = createJobStream(publisher, config.queuePrefix);
  const publish = (s: Parameters<typeof publishBreaker>[2]) => void publishBreaker(publisher, config.queuePrefix, s).catch(() => {});
  const ai = pools.includes('gpu') ? createAiGateway(config, { onState: publish }) : undefined;
  ai?.breakers().forEach(publish);
  // Its own work folder; those of worker processes on this host that died (SIGKILL) are removed now.
  const work = await ownWorkDir(config.dataDir);
  if (work.removedDead) logger.info({ folders: work.removedDead }, 'removed the work folders of dead worker processes');
  const engine = { ...deps, renderers: RENDERERS, ai, stream, workDir: work.dir };

  for (const pool of pools) {
    const queue = createQueue(pool, { redisUrl: config.redisUrl!, prefix: config.queuePrefix, isWorker: true });
    await connectQueue(queue, (err) => logger.warn({ err: err.message, pool }, 'queue error'));
    // An entry whose worker stopped heartbeating (it died, or its event loop stalled) went back to waiting.
    queue.on('stalled', (jobId: string) => logger.warn({ job_id: jobId, pool }, 'job stalled: handed back to the queue'));
    queue.process(concurrency[pool], async (job) => {
      const lastAttempt = (job.options.retries ?? 0) <= 0;
      const outcome = await runJob(engine, job.data.jobId, { shutdown: shutdown.signal, lastAttempt, traceparent: job.data.traceparent });
      logger.info({ job_id: job.data.jobId, pool, outcome }, 'job attempt finished');
      return outcome;
    });
    // Jobs of a worker that died (or whose event loop stalled) go back to waiting. A failed check
    // (Redis down) is logged and the next one runs as planned.
    stallChecks.push(
      checkStalledJobsEvery(
        queue,
        10_000,
        (err) => logger.warn({ err: err.message, pool }, 'stall check failed'),
        (ids) => logger.warn({ job_ids: ids, pool }, 'dropped queue entries whose data was gone'),
      ),
    );
    queues[pool] = queue;
  }

  const sweep = () => sweepLostJobs(deps.db, queues, config.sweepAfterMs, logger).catch((err) => logger.warn({ err }, 'sweep failed'));
  void sweep();
  const sweeper = setInterval(sweep, Math.max(1000, Math.floor(config.sweepAfterMs / 2)));

  return {
    queues,
    ai,
    async close(timeoutMs: number) {
      clearInterval(sweeper);
      for (const stop of stallChecks) stop();
      // Interrupted jobs need a moment after the grace period to put themselves back in the queue.
      const closing = Object.values(queues).map((q) => q!.close(timeoutMs + 5_000).catch(() => {}));
      // Past the grace period, interrupt what still runs; runJob puts those jobs back to `queued`.
      const interrupt = setTimeout(() => shutdown.abort(), timeoutMs);
      await Promise.all(closing);
      clearTimeout(interrupt);
      if (!shutdown.signal.aborted) shutdown.abort();
      await ai?.stop();
      await work.release().catch(() => {});
      stream.close();
      await publisher.quit().catch(() => {});
    },
  };
}
