import type { CreatePoseGenerationRequest } from '../domain/apps/pose-generation/request';
import type { JobStatus } from '../domain/jobs/repository';
import type { RequestContext } from '../middleware/request-context';
import { appObjects } from './app-objects';
import { cancelJob, createJob, getJob, listJobs, type Job, type JobErrorInfo, type JobFields, type JobOutput, type JobQuote, type JobRequestCommon } from './jobs';
import type { List } from './pagination';

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

export type CreatePoseGenerationRequestBody = CreatePoseGenerationRequest & JobRequestCommon;

function withItems(ctx: RequestContext, jobs: Job[]): Promise<PoseGeneration[]> {
  return appObjects(ctx.deps.db, jobs) as unknown as Promise<PoseGeneration[]>;
}

export async function createPoseGeneration(ctx: RequestContext, body: CreatePoseGenerationRequestBody, opts: { dryRun?: boolean }): Promise<{ job?: PoseGeneration; quote?: JobQuote }> {
  const { job, quote } = await createJob(ctx, 'pose_generation', body as unknown as JobRequestCommon & Record<string, unknown>, opts);
  return { quote, job: job && (await withItems(ctx, [job]))[0] };
}

export async function getPoseGeneration(ctx: RequestContext, id: string, wait = 0): Promise<PoseGeneration> {
  return (await withItems(ctx, [await getJob(ctx, 'pose_generation', id, wait)]))[0];
}

export async function listPoseGenerations(ctx: RequestContext, q: { limit?: number; starting_after?: string; status?: JobStatus; external_id?: string }): Promise<List<PoseGeneration>> {
  const list = await listJobs(ctx, 'pose_generation', q);
  return { ...list, data: await withItems(ctx, list.data) };
}

export async function cancelPoseGeneration(ctx: RequestContext, id: string): Promise<PoseGeneration> {
  await cancelJob(ctx, 'pose_generation', id);
  return getPoseGeneration(ctx, id);
}
