import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { AvatarRow } from '../domain/apps/avatar/repository';
import type { CreateAvatarRequest } from '../domain/apps/avatar/request';
import type { Avatar } from './avatars';
import { itemsOf, type JobItemRow } from './job-items';
import type { Job, JobFields } from './jobs';
import type { PoseGeneration } from './pose-generations';

/**
 * The app-specific shape of a job resource, from the common `Job`: an avatar's name, persona, image
 * and thumbnail; a pose generation's items. One place, used by `GET`, lists and the event payloads
 * (`data.object` is what `GET /v1/<app>/{id}` returns), so the two never differ. With `t`, reads see
 * the transaction that is writing the state change.
 */
export async function appObjects(db: Sequelize, jobs: Job[], t?: Transaction): Promise<Job[]> {
  const ids = (app: string) => jobs.filter((j) => j.object === app).map((j) => j.id);
  const [items, avatars] = await Promise.all([itemsOf(db, ids('pose_generation'), t), avatarRows(db, ids('avatar'), t)]);
  return jobs.map((job) => {
    if (job.object === 'pose_generation') return presentPoseGeneration(job, items.get(job.id) ?? []) as unknown as Job;
    if (job.object === 'avatar') {
      const row = avatars.get(job.id);
      return row ? (presentAvatar(job, row) as unknown as Job) : job;
    }
    return job;
  });
}

export function presentAvatar(job: Job, row: Pick<AvatarRow, 'name' | 'source' | 'persona'>): Avatar {
  const out = (role: string) => job.outputs.find((o) => o.role === role) ?? null;
  return { ...(job as unknown as JobFields), object: 'avatar', name: row.name, source: row.source, persona: row.persona, image: out('avatar'), thumbnail: out('thumbnail'), input: job.input as unknown as CreateAvatarRequest };
}

export function presentPoseGeneration(job: Job, items: JobItemRow[]): PoseGeneration {
  const planned = items.map((r) => ({
    index: r.idx,
    status: r.status,
    pose_id: (r.metadata.pose_id as string | null) ?? null,
    variation: Number(r.metadata.variation ?? 0),
    seed: (r.metadata.seed as number | undefined) ?? null,
    error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    outputs: job.outputs.filter((o) => o.index === r.idx),
  }));
  return { ...job, items: planned } as unknown as PoseGeneration;
}

async function avatarRows(db: Sequelize, ids: string[], t?: Transaction): Promise<Map<string, Pick<AvatarRow, 'name' | 'source' | 'persona'>>> {
  if (!ids.length) return new Map();
  const rows = await db.query<Pick<AvatarRow, 'id' | 'name' | 'source' | 'persona'>>(`SELECT id, name, source, persona FROM avatars WHERE id IN (:ids)`, {
    replacements: { ids },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return new Map(rows.map((r) => [r.id, r]));
}
