import { QueryTypes } from 'sequelize';
import { AVATAR_PRESETS, type AvatarPersona } from '../domain/apps/avatar/presets';
import { findAvatar, listAvatars as listAvatarRows, updateAvatar as updateAvatarRow, type AvatarRow } from '../domain/apps/avatar/repository';
import type { AvatarSource, CreateAvatarRequest } from '../domain/apps/avatar/request';
import { findJobsByIds, TERMINAL } from '../domain/jobs/repository';
import { invalidRequest, notFound } from '../errors/api-error';
import type { JobStatus } from '../domain/jobs/repository';
import type { RequestContext } from '../middleware/request-context';
import { cancelJob, createJob, getJob, presentJobs, type Job, type JobFields, type JobOutput, type JobQuote, type JobRequestCommon } from './jobs';
import { presentAvatar } from './app-objects';
import { pageParams, toList, type List } from './pagination';

/** A reusable person or mascot (made by a job: `status` says whether its image is ready). */
export interface Avatar extends JobFields {
  object: 'avatar';
  /** @example "Maya" */
  name: string;
  source: AvatarSource;
  persona: AvatarPersona;
  /** The avatar image (PNG), once the job succeeded. */
  image: JobOutput | null;
  /** A 256×256 JPEG thumbnail, once the job succeeded. */
  thumbnail: JobOutput | null;
  /** The request as sent (without `external_id` and `metadata`). */
  input: CreateAvatarRequest;
}

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

export type CreateAvatarRequestBody = CreateAvatarRequest & JobRequestCommon;

async function load(ctx: RequestContext, id: string, wait = 0): Promise<Avatar> {
  const row = await findAvatar(ctx.deps.db, ctx.principal, id);
  if (!row) throw notFound('avatar', id);
  return presentAvatar(await getJob(ctx, 'avatar', id, wait), row);
}

export async function createAvatar(ctx: RequestContext, body: CreateAvatarRequestBody, opts: { dryRun?: boolean }): Promise<{ avatar?: Avatar; quote?: JobQuote }> {
  const { job, quote } = await createJob(ctx, 'avatar', body as unknown as JobRequestCommon & Record<string, unknown>, opts);
  if (quote) return { quote };
  return { avatar: await load(ctx, job!.id) };
}

export const getAvatar = (ctx: RequestContext, id: string, wait = 0) => load(ctx, id, wait);

export async function listAvatars(ctx: RequestContext, q: { limit?: number; starting_after?: string; status?: JobStatus; external_id?: string }): Promise<List<Avatar>> {
  const page = pageParams(q.limit, q.starting_after, 'avtr');
  const rows = await listAvatarRows(ctx.deps.db, ctx.principal, { ...page, status: q.status, externalId: q.external_id });
  const list = toList(rows, page, (r) => r);
  // One query for the page's jobs and one for their outputs, whatever the page size.
  const jobs = new Map((await presentJobs(ctx.deps, await findJobsByIds(ctx.deps.db, list.data.map((r) => r.id)))).map((j) => [j.id, j]));
  return { ...list, data: list.data.map((r) => presentAvatar(jobs.get(r.id)!, r)) };
}

export async function updateAvatar(ctx: RequestContext, id: string, body: UpdateAvatarRequest): Promise<Avatar> {
  const row = await findAvatar(ctx.deps.db, ctx.principal, id);
  if (!row) throw notFound('avatar', id);
  if (body.metadata) {
    const entries = Object.entries(body.metadata);
    if (entries.length > 20 || entries.some(([k, v]) => k.length > 40 || typeof v !== 'string' || v.length > 500))
      throw invalidRequest('metadata takes up to 20 string pairs (keys ≤ 40, values ≤ 500 characters).', [{ path: 'metadata', message: 'too many or too long' }]);
    await ctx.deps.db.query(`UPDATE jobs SET metadata = :m::jsonb, updated_at = now() WHERE id = :id`, { replacements: { id, m: JSON.stringify(body.metadata) } });
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
  const row = await findAvatar(ctx.deps.db, ctx.principal, id);
  if (!row) throw notFound('avatar', id);
  await cancelJob(ctx, 'avatar', id);
  return load(ctx, id);
}

export function listAvatarPresets(): List<AvatarPreset> {
  return { object: 'list', data: AVATAR_PRESETS.map((p) => ({ id: p.id, object: 'avatar_preset' as const, name: p.name, description: p.description, persona: p.persona })), has_more: false, next_cursor: null };
}
