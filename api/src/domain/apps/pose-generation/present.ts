import type { PresentEnv } from '../../jobs/app-contract';
import { itemsOf, type JobItemRow } from '../../jobs/items';
import type { JobStatus } from '../../jobs/repository';
import type { Job, JobErrorInfo, JobFields, JobOutput } from '../../jobs/resource';
import type { CreatePoseGenerationRequest } from './request';

/** One promised image: a pose × variation (or a prompt variation), with its own status and files. */
export interface PoseGenerationItem {
  /** 0-based; pose p, variation v is item p × variations + v. @isInt */
  index: number;
  status: JobStatus;
  /** The library pose, or null in text mode. */
  pose_id: string | null;
  /** @isInt */
  variation: number;
  /** The seed sent to the model. @isInt */
  seed: number | null;
  /** Why this image failed (`provider_rate_limited`, `provider_error`, `provider_timeout`, `provider_bad_response`, `provider_unavailable`, `provider_rejected`, …); null otherwise. */
  error: JobErrorInfo | null;
  /** The exported files of this image, one per export format (also in `outputs`). */
  outputs: JobOutput[];
}

/** A pose generation: a job resource. */
export interface PoseGeneration extends JobFields {
  object: 'pose_generation';
  /** The request as sent (without `external_id` and `metadata`). */
  input: CreatePoseGenerationRequest;
  /** One per pose × variation, each with its own status; only succeeded items are charged. */
  items: PoseGenerationItem[];
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

/** The pose generation app's `present` hook: one query for the page's items. */
export async function presentPoseGenerations(jobs: Job[], env: PresentEnv): Promise<Job[]> {
  const items = await itemsOf(env.db, jobs.map((j) => j.id), env.t);
  return jobs.map((job) => presentPoseGeneration(job, items.get(job.id) ?? []) as unknown as Job);
}
