import type { Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type BeeQueue from 'bee-queue';
import type { WorkerPool } from '../../../api/src/domain/jobs/app-contract';
import { sweep } from '../../../api/src/domain/jobs/lifecycle';
import { enqueue, type QueuedJob } from '../../../api/src/domain/jobs/queue';
import { JOB_APPS } from '../../../api/src/domain/jobs/registry';

/**
 * Re-enqueues jobs that show no sign of life: queued ones whose queue entry was lost (Redis
 * restarted, enqueue failed after commit) and processing ones whose worker died without bee-queue
 * noticing (`sweep` in the lifecycle). Enqueueing under the job's own id makes this harmless for
 * jobs that are fine. Only jobs of the pools this worker has queues for; a failed enqueue ends the
 * pass (rejects; the caller logs it).
 */
export async function sweepLostJobs(db: Sequelize, queues: Partial<Record<WorkerPool, BeeQueue<QueuedJob>>>, olderThanMs: number, logger: Logger): Promise<number> {
  const apps = Object.values(JOB_APPS).filter((a) => queues[a.pool]).map((a) => a.name);
  const n = await sweep(
    { db },
    olderThanMs,
    async (job) => {
      const app = JOB_APPS[job.app as keyof typeof JOB_APPS];
      const queue = app && queues[app.pool];
      if (!queue) return false;
      try {
        await enqueue(queue, job.id);
        return true;
      } catch (err) {
        // Redis is down or slow: stop this pass (each further try would wait out its timeout and
        // leave one more command queued for the reconnect); the job is found again next time.
        logger.warn({ err, job_id: job.id }, 'sweeper could not enqueue; trying again on a later pass');
        throw err;
      }
    },
    { apps },
  );
  if (n) logger.info({ requeued: n }, 'sweeper re-enqueued jobs');
  return n;
}
