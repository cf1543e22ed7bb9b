import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { ItemUpdate } from './app-contract';

/**
 * The items of a job that promises several independent outputs (a pose generation's pose ×
 * variation images), each with its own state. An item's state is not the job's state: renderers
 * report it while they run (`RenderContext.item`), and the lifecycle closes the open ones when the
 * job ends.
 */
export interface JobItemRow {
  job_id: string;
  idx: number;
  status: 'queued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
  error_code: string | null;
  error_message: string | null;
  metadata: Record<string, unknown>;
}

export async function itemsOf(db: Sequelize, jobIds: string[], t?: Transaction): Promise<Map<string, JobItemRow[]>> {
  const map = new Map<string, JobItemRow[]>();
  if (!jobIds.length) return map;
  const rows = await db.query<JobItemRow>(`SELECT job_id, idx, status, error_code, error_message, metadata FROM job_items WHERE job_id IN (:ids) ORDER BY job_id, idx`, {
    replacements: { ids: jobIds },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  for (const r of rows) map.set(r.job_id, [...(map.get(r.job_id) ?? []), r]);
  return map;
}

/** Writes one item's state (metadata is merged into what the item already has). */
export async function upsertItem(db: Sequelize, jobId: string, index: number, u: ItemUpdate, t?: Transaction): Promise<void> {
  await db.query(
    `INSERT INTO job_items (job_id, idx, status, error_code, error_message, metadata) VALUES (:jobId, :index, :status, :code, :message, :metadata::jsonb)
     ON CONFLICT (job_id, idx) DO UPDATE SET status = EXCLUDED.status, error_code = EXCLUDED.error_code, error_message = EXCLUDED.error_message,
       metadata = job_items.metadata || EXCLUDED.metadata, updated_at = now()`,
    { replacements: { jobId, index, status: u.status, code: u.error?.code ?? null, message: u.error?.message ?? null, metadata: JSON.stringify(u.metadata ?? {}) }, transaction: t },
  );
}

/** Items still open when their job ends without outputs end with it (an item's own failure keeps its code). */
export async function closeOpenItems(db: Sequelize, jobId: string, status: 'failed' | 'canceled', error: { code: string; message: string } | null, t: Transaction): Promise<void> {
  await db.query(
    `UPDATE job_items SET status = :status, error_code = COALESCE(error_code, :code), error_message = COALESCE(error_message, :message), updated_at = now()
     WHERE job_id = :id AND status IN ('queued', 'processing')`,
    { replacements: { id: jobId, status, code: error?.code ?? null, message: error?.message ?? null }, transaction: t },
  );
}
