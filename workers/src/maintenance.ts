import type { Sequelize } from 'sequelize';
import type { Storage } from '../../api/src/domain/storage/storage';
import { expireFiles } from '../../api/src/domain/files/repository';
import type { Logger } from 'pino';
import { purgeExpiredKeys } from '../../api/src/domain/idempotency/idempotency';
import { purgeOldEvents } from '../../api/src/domain/events/retention';
import { sweepTempFiles, tempDirOf } from '../../api/src/domain/files/temp';
import { removeDeadWorkDirs } from './engine/work-dir';
import { sweepUnusedOutputs } from '../../api/src/domain/jobs/output-uploads';

/**
 * Housekeeping every worker process runs on a timer: idempotency results past their TTL are deleted,
 * upload temp files left by a crashed API process (older than a day) are removed, so are the work
 * folders of worker processes on this host that died mid-job (engine/work-dir.ts), so are outputs
 * stored by job attempts that died or lost before recording them (output-uploads.ts), and job outputs
 * past their `expires_at` are deleted (row marked, bytes removed), and events past their retention
 * are deleted with their delivery logs. Safe to run in many processes at once (idempotent deletes).
 */
export function startMaintenance(db: Sequelize, storage: Storage, dataDir: string, logger: Logger, everyMs = 15 * 60_000, opts: { eventRetentionDays?: number } = {}): { stop(): void } {
  const pass = async () => {
    try {
      const deleted = await purgeExpiredKeys(db);
      if (deleted) logger.info({ deleted }, 'purged expired idempotency keys');
      const swept = await sweepTempFiles(tempDirOf(dataDir), 24 * 3600_000);
      if (swept) logger.info({ swept }, 'removed stale upload temp files');
      const dead = await removeDeadWorkDirs(dataDir);
      if (dead) logger.info({ folders: dead }, 'removed the work folders of dead worker processes');
      const unused = await sweepUnusedOutputs({ db, storage });
      if (unused) logger.info({ objects: unused }, 'removed outputs stored by attempts that did not finish their jobs');
      const expired = await expireFiles(db);
      await Promise.all(expired.map((f) => storage.delete(f.storage_key).catch((err) => logger.warn({ err, file_id: f.id }, 'could not remove expired bytes'))));
      if (expired.length) logger.info({ expired: expired.length }, 'deleted expired job outputs');
      const events = await purgeOldEvents(db, opts.eventRetentionDays ?? 30);
      if (events) logger.info({ events }, 'deleted events past their retention');
    } catch (err) {
      logger.warn({ err }, 'maintenance pass failed');
    }
  };
  void pass();
  // Not unref'd: this timer is what keeps an otherwise idle worker process alive.
  const timer = setInterval(pass, everyMs);
  return { stop: () => clearInterval(timer) };
}
