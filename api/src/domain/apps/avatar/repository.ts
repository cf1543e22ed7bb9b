import { QueryTypes, type Sequelize } from 'sequelize';
import type { JobRow, JobStatus } from '../../jobs/repository';
import type { AvatarPersona } from './presets';

export interface AvatarRow {
  id: string;
  account_id: string;
  livemode: boolean;
  source: 'prompt' | 'upload' | 'preset';
  name: string;
  persona: AvatarPersona;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
}

/** An avatar with its job, in one row (`job` as the jobs row). Deleted avatars are not found. */
export async function findAvatar(db: Sequelize, scope: { accountId: string; livemode: boolean }, id: string): Promise<(AvatarRow & { job: JobRow }) | null> {
  const rows = await db.query<AvatarRow & { job: JobRow }>(
    `SELECT a.*, to_jsonb(j.*) AS job FROM avatars a JOIN jobs j ON j.id = a.id
     WHERE a.id = :id AND a.account_id = :accountId AND a.livemode = :livemode AND a.deleted_at IS NULL`,
    { replacements: { id, ...scope }, type: QueryTypes.SELECT },
  );
  return rows[0] ?? null;
}

/** The avatar's image file (the job's `avatar` output), if its job succeeded and the file still exists. */
export async function avatarImageFile(db: Sequelize, id: string): Promise<string | null> {
  const [row] = await db.query<{ file_id: string }>(
    `SELECT o.file_id FROM job_outputs o JOIN files f ON f.id = o.file_id WHERE o.job_id = :id AND o.role = 'avatar' AND f.deleted_at IS NULL ORDER BY o.ordinal LIMIT 1`,
    { replacements: { id }, type: QueryTypes.SELECT },
  );
  return row?.file_id ?? null;
}

/** Avatars newest first (not deleted), optionally only those whose job has `status` or `external_id`. */
export async function listAvatars(
  db: Sequelize,
  scope: { accountId: string; livemode: boolean },
  q: { limit: number; startingAfter?: string; status?: JobStatus; externalId?: string },
): Promise<AvatarRow[]> {
  return db.query<AvatarRow>(
    `SELECT a.* FROM avatars a JOIN jobs j ON j.id = a.id
     WHERE a.account_id = :accountId AND a.livemode = :livemode AND a.deleted_at IS NULL
       AND (:status::text IS NULL OR j.status = :status)
       AND (:externalId::text IS NULL OR j.external_id = :externalId)
       AND (:after::text IS NULL OR (a.created_at, a.id) < (SELECT created_at, id FROM avatars WHERE id = :after AND account_id = :accountId))
     ORDER BY a.created_at DESC, a.id DESC LIMIT :limit`,
    { replacements: { ...scope, status: q.status ?? null, externalId: q.externalId ?? null, after: q.startingAfter ?? null, limit: q.limit + 1 }, type: QueryTypes.SELECT },
  );
}

export async function updateAvatar(db: Sequelize, id: string, patch: { name?: string; persona?: AvatarPersona }): Promise<void> {
  await db.query(
    `UPDATE avatars SET name = COALESCE(:name, name), persona = COALESCE(:persona::jsonb, persona), updated_at = now() WHERE id = :id AND deleted_at IS NULL`,
    { replacements: { id, name: patch.name ?? null, persona: patch.persona ? JSON.stringify(patch.persona) : null } },
  );
}
