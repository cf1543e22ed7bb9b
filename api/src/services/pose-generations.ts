import type { PoseGeneration } from '../domain/apps/pose-generation/present';
import type { CreatePoseGenerationRequest } from '../domain/apps/pose-generation/request';
import type { JobStatus } from '../domain/jobs/repository';
import type { RequestContext } from '../middleware/request-context';
import { cancelJob, createJob, getJob, listJobs, type JobQuote, type JobRequestCommon } from './jobs';
import type { List } from './pagination';

/*
 * Pose generations are jobs of the `pose_generation` app: created, read, listed and canceled like
 * every job, their items added by the app's `present`. (Their poses' library, categories and
 * previews are `services/poses.ts`.)
 */

export type { PoseGeneration, PoseGenerationItem } from '../domain/apps/pose-generation/present';

export type CreatePoseGenerationRequestBody = CreatePoseGenerationRequest & JobRequestCommon;

export async function createPoseGeneration(ctx: RequestContext, body: CreatePoseGenerationRequestBody, opts: { dryRun?: boolean }): Promise<{ job?: PoseGeneration; quote?: JobQuote }> {
  const { job, quote } = await createJob(ctx, 'pose_generation', body as unknown as JobRequestCommon & Record<string, unknown>, opts);
  return { quote, job: job as unknown as PoseGeneration | undefined };
}

export async function getPoseGeneration(ctx: RequestContext, id: string, wait = 0): Promise<PoseGeneration> {
  return (await getJob(ctx, 'pose_generation', id, wait)) as unknown as PoseGeneration;
}

export async function listPoseGenerations(ctx: RequestContext, q: { limit?: number; starting_after?: string; status?: JobStatus; external_id?: string }): Promise<List<PoseGeneration>> {
  return (await listJobs(ctx, 'pose_generation', q)) as unknown as List<PoseGeneration>;
}

export async function cancelPoseGeneration(ctx: RequestContext, id: string): Promise<PoseGeneration> {
  return (await cancelJob(ctx, 'pose_generation', id)) as unknown as PoseGeneration;
}
