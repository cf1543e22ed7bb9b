import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { PresentEnv } from '../../jobs/app-contract';
import type { Job, JobFields, JobOutput } from '../../jobs/resource';
import type { AvatarRow } from './repository';
import type { AvatarSource, CreateAvatarRequest } from './request';
import type { AvatarPersona } from './presets';

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

export type AvatarFields = Pick<AvatarRow, 'name' | 'source' | 'persona'>;

/** The avatar resource from its job resource and its `avatars` row. */
export function presentAvatar(job: Job, row: AvatarFields): Avatar {
  const out = (role: string) => job.outputs.find((o) => o.role === role) ?? null;
  return { ...(job as JobFields), object: 'avatar', name: row.name, source: row.source, persona: row.persona, image: out('avatar'), thumbnail: out('thumbnail'), input: job.input as unknown as CreateAvatarRequest };
}

export async function avatarFields(db: Sequelize, ids: string[], t?: Transaction): Promise<Map<string, AvatarFields>> {
  if (!ids.length) return new Map();
  const rows = await db.query<AvatarFields & { id: string }>(`SELECT id, name, source, persona FROM avatars WHERE id IN (:ids)`, {
    replacements: { ids },
    type: QueryTypes.SELECT,
    transaction: t,
  });
  return new Map(rows.map((r) => [r.id, r]));
}

/** The avatar app's `present` hook: one query for the page's avatar rows. */
export async function presentAvatars(jobs: Job[], env: PresentEnv): Promise<Job[]> {
  const rows = await avatarFields(env.db, jobs.map((j) => j.id), env.t);
  return jobs.map((job) => {
    const row = rows.get(job.id);
    return row ? (presentAvatar(job, row) as unknown as Job) : job;
  });
}
