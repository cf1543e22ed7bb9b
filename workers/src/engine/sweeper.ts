import { QueryTypes, type Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type BeeQueue from 'bee-queue';
import type { WorkerPool } from '../../../api/src/domain/jobs/app-contract';
import { enqueue, type QueuedJob } from '../../../api/src/domain/jobs/queue';
import { JOB_APPS } from '../../../api/src/domain/jobs/registry';

/**
 * Re-enqueues jobs that show no sign of life: queued ones whose queue entry was lost (Redis
 * restarted, enqueue failed after commit) and processing ones whose worker died without bee-queue
 * noticing. Enqueueing under the job's own id makes this harmless for jobs that are fine.
 */
export async function sweepLostJobs(db: Sequelize, queues: Partial<Record<WorkerPool, BeeQueue<QueuedJob>>>, olderThanMs: number, logger: Logger): Promise<number> {
  const rows = await db.query<{ id: string; app: string }>(
    `SELECT id, app FROM jobs WHERE status IN ('queued', 'processing') AND updated_at < now() - make_interval(secs => :secs) ORDER BY updated_at LIMIT 500`,
    { replacements: { secs: olderThanMs / 1000 }, type: QueryTypes.SELECT },
  );
  let n = 0;
  for (const row of rows) {
    const app = JOB_APPS[row.app as keyof typeof JOB_APPS];
    const queue = app && queues[app.pool];
    if (!queue) continue;
    try {
      await enqueue(queue, row.id);
      await db.query(`UPDATE jobs SET updated_at = now() WHERE id = :id`, { replacements: { id: row.id } });
      n++;
    } catch (err) {
      logger.warn({ err, job_id: row.id }, 'sweeper could not enqueue');
    }
  }
  if (n) logger.info({ requeued: n }, 'sweeper re-enqueued jobs');
  return n;
}
