import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

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
