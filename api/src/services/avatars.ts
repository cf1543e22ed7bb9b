import { QueryTypes } from 'sequelize';
import { presentAvatar, type Avatar } from '../domain/apps/avatar/present';
import { AVATAR_PRESETS, type AvatarPersona } from '../domain/apps/avatar/presets';
import { findAvatar, listAvatars as listAvatarRows, updateAvatar as updateAvatarRow } from '../domain/apps/avatar/repository';
import { presentJobs } from '../domain/jobs/present';
import { findJobsByIds, TERMINAL, updateJobMetadata, type JobStatus } from '../domain/jobs/repository';
import { notFound } from '../errors/api-error';
import type { RequestContext } from '../request-context';
import { cancelJob, checkCommon, getJob } from './jobs';
import { pageParams, toList, type List } from './pagination';

/*
 * Avatars are jobs of the `avatar` app: created like every job (`createJob`), their own fields from
 * the app's `present`. What only avatars have is here: deleted avatars are neither found, listed nor
 * canceled; edits of their name, persona and metadata; delete; the presets.
 */

export type { Avatar } from '../domain/apps/avatar/present';

export interface DeletedAvatar {
  id: string;
  object: 'avatar';
  deleted: true;
}

export interface AvatarPreset {
  /** Use as `preset` with `from: "preset"`. @example "preset_mascot_sunny" */
  id: string;
  object: 'avatar_preset';
  name: string;
  description: string;
  persona: AvatarPersona;
}

export interface UpdateAvatarRequest {
  /** @minLength 1 @maxLength 100 */
  name?: string;
  /** Replaces the persona attributes (the image is not regenerated). */
  persona?: AvatarPersona;
  /** Replaces the metadata: up to 20 string pairs. */
  metadata?: { [key: string]: string };
}

/** The avatar as `GET /v1/avatars/{id}` shows it; deleted avatars are not found. */
async function load(ctx: RequestContext, id: string, wait = 0): Promise<Avatar> {
  if (!(await findAvatar(ctx.deps.db, ctx.principal, id))) throw notFound('avatar', id);
  return (await getJob(ctx, 'avatar', id, wait)) as unknown as Avatar;
}

export const getAvatar = (ctx: RequestContext, id: string, wait = 0) => load(ctx, id, wait);

export async function listAvatars(ctx: RequestContext, q: { limit?: number; starting_after?: string; status?: JobStatus; external_id?: string }): Promise<List<Avatar>> {
  const page = pageParams(q.limit, q.starting_after, 'avtr');
  const rows = await listAvatarRows(ctx.deps.db, ctx.principal, { ...page, status: q.status, externalId: q.external_id });
  const list = toList(rows, page, (r) => r);
  // One query for the page's jobs and one for their outputs, whatever the page size (the avatar rows are at hand).
  const jobs = await presentJobs(ctx.deps, await findJobsByIds(ctx.deps.db, list.data.map((r) => r.id)), { appFields: false });
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return { ...list, data: list.data.map((r) => presentAvatar(byId.get(r.id)!, r)) };
}

export async function updateAvatar(ctx: RequestContext, id: string, body: UpdateAvatarRequest): Promise<Avatar> {
  const row = await findAvatar(ctx.deps.db, ctx.principal, id);
  if (!row) throw notFound('avatar', id);
  if (body.metadata) {
    checkCommon({ metadata: body.metadata });
    await updateJobMetadata(ctx.deps.db, id, body.metadata);
  }
  await updateAvatarRow(ctx.deps.db, id, { name: body.name, persona: body.persona });
  return load(ctx, id);
}

/**
 * Deletes the avatar: a running job is canceled first, its image and thumbnail files are removed
 * from storage and marked deleted, and the avatar disappears from the API. The job row and the
 * credit ledger stay (what was charged stays charged, and explained).
 */
export async function deleteAvatar(ctx: RequestContext, id: string): Promise<DeletedAvatar> {
  const { db, storage } = ctx.deps;
  const row = await findAvatar(db, ctx.principal, id);
  if (!row) throw notFound('avatar', id);
  if (!TERMINAL.includes(row.job.status)) await cancelJob(ctx, 'avatar', id);
  const files = await db.transaction(async (t) => {
    await db.query(`UPDATE avatars SET deleted_at = now(), updated_at = now() WHERE id = :id AND deleted_at IS NULL`, { replacements: { id }, transaction: t });
    return db.query<{ id: string; storage_key: string }>(
      `UPDATE files SET deleted_at = now() WHERE id IN (SELECT file_id FROM job_outputs WHERE job_id = :id) AND deleted_at IS NULL RETURNING id, storage_key`,
      { replacements: { id }, type: QueryTypes.SELECT, transaction: t },
    );
  });
  await Promise.all(files.map((f) => storage.delete(f.storage_key).catch((err) => ctx.deps.logger.warn({ err, file_id: f.id }, 'could not remove avatar file bytes'))));
  return { id, object: 'avatar', deleted: true };
}

export async function cancelAvatar(ctx: RequestContext, id: string): Promise<Avatar> {
  if (!(await findAvatar(ctx.deps.db, ctx.principal, id))) throw notFound('avatar', id);
  await cancelJob(ctx, 'avatar', id);
  return load(ctx, id);
}

export function listAvatarPresets(): List<AvatarPreset> {
  return { object: 'list', data: AVATAR_PRESETS.map((p) => ({ id: p.id, object: 'avatar_preset' as const, name: p.name, description: p.description, persona: p.persona })), has_more: false, next_cursor: null };
}
