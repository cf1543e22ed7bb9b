import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Quote } from '../pricing/pricing';
import type { AppName } from './app-contract';

export type JobStatus = 'queued' | 'processing' | 'succeeded' | 'failed' | 'canceled';
export const TERMINAL: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];

export interface JobRow {
  id: string;
  app: AppName;
  account_id: string;
  api_key_id: string | null;
  livemode: boolean;
  status: JobStatus;
  request: Record<string, unknown>;
  plan: unknown;
  quote: Quote;
  reservation_id: string | null;
  credits_quoted: number;
  credits_reserved: number;
  credits_charged: number;
  credits_refunded: number;
  progress_fraction: number;
  progress_stage: string;
  eta_seconds: number | null;
  error_code: string | null;
  error_message: string | null;
  metadata: Record<string, string>;
  external_id: string | null;
  attempts: number;
  cancel_requested_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date | null;
  updated_at: Date;
}

export interface JobOutputRow {
  job_id: string;
  file_id: string;
  ordinal: number;
  role: string;
  idx: number | null;
  position: number | null;
  metadata: Record<string, unknown>;
}

export async function insertJob(
  db: Sequelize,
  j: Pick<JobRow, 'id' | 'app' | 'account_id' | 'api_key_id' | 'livemode' | 'request' | 'plan' | 'quote' | 'reservation_id' | 'credits_quoted' | 'credits_reserved' | 'metadata' | 'external_id'>,
  t: Transaction,
): Promise<JobRow> {
  const [row] = await db.query<JobRow>(
    `INSERT INTO jobs (id, app, account_id, api_key_id, livemode, status, request, plan, quote, reservation_id, credits_quoted, credits_reserved, metadata, external_id)
     VALUES (:id, :app, :account_id, :api_key_id, :livemode, 'queued', :request::jsonb, :plan::jsonb, :quote::jsonb, :reservation_id, :credits_quoted, :credits_reserved, :metadata::jsonb, :external_id)
     RETURNING *`,
    {
      replacements: { ...j, request: JSON.stringify(j.request), plan: JSON.stringify(j.plan), quote: JSON.stringify(j.quote), metadata: JSON.stringify(j.metadata) },
      type: QueryTypes.SELECT,
      transaction: t,
    },
  );
  return row;
}

export async function findJob(db: Sequelize, scope: { accountId: string; livemode: boolean; app?: AppName }, id: string): Promise<JobRow | null> {
  const rows = await db.query<JobRow>(
    `SELECT * FROM jobs WHERE id = :id AND account_id = :accountId AND livemode = :livemode AND (:app::text IS NULL OR app = :app)`,
    { replacements: { id, accountId: scope.accountId, livemode: scope.livemode, app: scope.app ?? null }, type: QueryTypes.SELECT },
  );
  return rows[0] ?? null;
}

export async function findJobById(db: Sequelize, id: string, t?: Transaction, forUpdate = false): Promise<JobRow | null> {
  const rows = await db.query<JobRow>(`SELECT * FROM jobs WHERE id = :id${forUpdate ? ' FOR UPDATE' : ''}`, { replacements: { id }, type: QueryTypes.SELECT, transaction: t });
  return rows[0] ?? null;
}

/** Several jobs by id, in one query (order not kept: callers map them by id). */
export async function findJobsByIds(db: Sequelize, ids: string[]): Promise<JobRow[]> {
  if (!ids.length) return [];
  return db.query<JobRow>(`SELECT * FROM jobs WHERE id IN (:ids)`, { replacements: { ids }, type: QueryTypes.SELECT });
}

export async function findJobByExternalId(db: Sequelize, scope: { accountId: string; livemode: boolean }, externalId: string): Promise<JobRow | null> {
  const rows = await db.query<JobRow>(`SELECT * FROM jobs WHERE account_id = :accountId AND livemode = :livemode AND external_id = :externalId`, {
    replacements: { ...scope, externalId },
    type: QueryTypes.SELECT,
  });
  return rows[0] ?? null;
}

/** Newest first; the cursor is a job id (ids of different apps do not sort together, so order by time). */
export async function listJobs(
  db: Sequelize,
  scope: { accountId: string; livemode: boolean },
  q: { limit: number; startingAfter?: string; app?: AppName; status?: JobStatus; externalId?: string },
): Promise<JobRow[]> {
  return db.query<JobRow>(
    `SELECT * FROM jobs
     WHERE account_id = :accountId AND livemode = :livemode
       AND (:app::text IS NULL OR app = :app)
       AND (:status::text IS NULL OR status = :status)
       AND (:externalId::text IS NULL OR external_id = :externalId)
       AND (:after::text IS NULL OR (created_at, id) < (SELECT created_at, id FROM jobs WHERE id = :after AND account_id = :accountId))
     ORDER BY created_at DESC, id DESC LIMIT :limit`,
    {
      replacements: { ...scope, app: q.app ?? null, status: q.status ?? null, externalId: q.externalId ?? null, after: q.startingAfter ?? null, limit: q.limit + 1 },
      type: QueryTypes.SELECT,
    },
  );
}

export async function outputsOf(db: Sequelize, jobIds: string[], t?: Transaction): Promise<Map<string, (JobOutputRow & { file: Record<string, unknown> })[]>> {
  const map = new Map<string, (JobOutputRow & { file: Record<string, unknown> })[]>();
  if (!jobIds.length) return map;
  const rows = await db.query<JobOutputRow & { file: Record<string, unknown> }>(
    `SELECT o.*, to_jsonb(f.*) AS file FROM job_outputs o JOIN files f ON f.id = o.file_id
     WHERE o.job_id IN (:ids) AND f.deleted_at IS NULL ORDER BY o.job_id, o.ordinal`,
    { replacements: { ids: jobIds }, type: QueryTypes.SELECT, transaction: t },
  );
  for (const r of rows) map.set(r.job_id, [...(map.get(r.job_id) ?? []), r]);
  return map;
}

/**
 * Replaces the metadata a client keeps with a job (not its state: that is `lifecycle.ts`'s alone).
 * False when no such job exists.
 */
export async function updateJobMetadata(db: Sequelize, id: string, metadata: Record<string, string>, t?: Transaction): Promise<boolean> {
  const rows = await db.query<{ id: string }>(`UPDATE jobs SET metadata = :m::jsonb, updated_at = now() WHERE id = :id RETURNING id`, {
    replacements: { id, m: JSON.stringify(metadata) },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return rows.length > 0;
}
