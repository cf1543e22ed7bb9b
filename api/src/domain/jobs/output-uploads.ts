import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Storage } from '../storage/storage';

/**
 * Job outputs are put in storage before the job's success records them (the bytes must exist before
 * a file row points at them), so an attempt that dies or loses in between would leave objects no
 * row references. To never lose track of them, a worker records each output's key here first
 * (`recordOutputUpload`); `succeed` removes the rows of the outputs it turned into files, in its
 * transaction (`forgetRecordedOutputs`); whatever is left once the job has ended is removed, bytes
 * first, then the row: by the worker that ends an attempt (`discardUnusedOutputs`) and, for a
 * worker killed before it could, by the sweep every worker runs at start and in its maintenance
 * (`sweepUnusedOutputs`).
 */

const ENDED = `('succeeded', 'failed', 'canceled')`;

export async function recordOutputUpload(db: Sequelize, u: { jobId: string; fileId: string; storageKey: string }): Promise<void> {
  await db.query(`INSERT INTO job_output_uploads (storage_key, file_id, job_id) VALUES (:storageKey, :fileId, :jobId) ON CONFLICT (storage_key) DO NOTHING`, { replacements: u });
}

/** In the success's transaction: these outputs are files now, no longer in transit. */
export async function forgetRecordedOutputs(db: Sequelize, fileIds: string[], t: Transaction): Promise<void> {
  if (!fileIds.length) return;
  await db.query(`DELETE FROM job_output_uploads WHERE file_id IN (:fileIds)`, { replacements: { fileIds }, transaction: t });
}

async function discard(db: Sequelize, storage: Storage, rows: { storage_key: string }[]): Promise<number> {
  // Bytes first: a process that dies in between leaves the row, and the next sweep tries again.
  await Promise.all(rows.map((r) => storage.delete(r.storage_key)));
  if (rows.length) await db.query(`DELETE FROM job_output_uploads WHERE storage_key IN (:keys)`, { replacements: { keys: rows.map((r) => r.storage_key) } });
  return rows.length;
}

/**
 * Once the job has ended, removes the outputs stored for it that are not its files (a killed or
 * failed attempt's, or a duplicate attempt's that lost the race). Does nothing while it runs.
 */
export async function discardUnusedOutputs(deps: { db: Sequelize; storage: Storage }, jobId: string): Promise<number> {
  const rows = await deps.db.query<{ storage_key: string }>(
    `SELECT u.storage_key FROM job_output_uploads u JOIN jobs j ON j.id = u.job_id
     WHERE u.job_id = :jobId AND j.status IN ${ENDED} AND NOT EXISTS (SELECT 1 FROM files f WHERE f.id = u.file_id)`,
    { replacements: { jobId }, type: QueryTypes.SELECT },
  );
  return discard(deps.db, deps.storage, rows);
}

/** The same for every ended job (a batch at a time): what workers killed before they could clean up left. */
export async function sweepUnusedOutputs(deps: { db: Sequelize; storage: Storage }, limit = 500): Promise<number> {
  const rows = await deps.db.query<{ storage_key: string }>(
    `SELECT u.storage_key FROM job_output_uploads u JOIN jobs j ON j.id = u.job_id
     WHERE j.status IN ${ENDED} AND NOT EXISTS (SELECT 1 FROM files f WHERE f.id = u.file_id)
     ORDER BY u.created_at LIMIT :limit`,
    { replacements: { limit }, type: QueryTypes.SELECT },
  );
  return discard(deps.db, deps.storage, rows);
}
