import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Example, Get, Header, OperationId, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { JobStatus } from '../domain/jobs/repository';
import type { Problem } from '../errors/problem';
import { acceptedOrQuoted } from './job-response';
import { contextOf } from '../middleware/request-context';
import type { JobQuote } from '../services/jobs';
import type { List } from '../services/pagination';
import { cancelPoseGeneration, createPoseGeneration, getPoseGeneration, listPoseGenerations, type CreatePoseGenerationRequestBody, type PoseGeneration } from '../services/pose-generations';


@Route('v1/pose_generations')
@Tags('Pose generations')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class PoseGenerationsController extends Controller {
  /**
   * Photos of an avatar (`avatar_id`) or an uploaded person or product (`image`) in library poses
   * (`poses`) or a described scene (`prompt`), `variations` per pose. Each pose's OpenPose
   * conditioning image AND the reference image are sent to the model. Every image is exported to
   * each of `export_formats` (cover-cropped). One item per pose × variation, each with its own
   * status: the job succeeds if any item does, and only successful items are charged (the rest of
   * the reservation is released). 202 with the job; follow it with `GET` (`?wait=30`).
   * @summary Create a pose generation
   * @param dry_run Validate and price only.
   * @param idempotencyKey Makes retries safe: the same key and body return the first response, with one job and one charge.
   */
  @Post()
  @OperationId('poseGenerations.create')
  @Security('api_key', ['jobs:write'])
  @SuccessResponse(202, 'Accepted')
  @Response<JobQuote>(200, 'The quote (dry_run=true)')
  @Response<Problem>(402, '`insufficient_credits` or `key_quota_exceeded`')
  @Response<Problem>(403, "`model_not_allowed` (the account's plan may not use the model's tier) or the key lacks `jobs:write`")
  @Response<Problem>(409, '`idempotency_conflict` or `external_id_conflict`')
  @Response<Problem>(422, '`validation_failed` (sizes, prompt length, unknown poses), `prompt_blocked`, `model_not_found`, `model_unavailable`, `avatar_not_found`, `avatar_not_ready` or `file_not_found`')
  @Example<PoseGeneration>({
  id: 'pgen_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'pose_generation',
  status: 'queued',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  outputs: [],
  items: [
    { index: 0, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 0, seed: 42, error: null, outputs: [] },
    { index: 1, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 1, seed: 43, error: null, outputs: [] },
  ],
  credits: { quoted: 60, reserved: 60, charged: 0, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { avatar_id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd', poses: ['pose_standing_hands_on_hips'], variations: 2, export_formats: ['instagram_feed', 'tiktok'], seed: 42 },
})
  public async create(@Request() req: ExpressRequest, @Body() body: CreatePoseGenerationRequestBody, @Query() dry_run?: boolean, @Header('Idempotency-Key') idempotencyKey?: string): Promise<PoseGeneration | JobQuote> {
    void idempotencyKey;
    return acceptedOrQuoted(this, 'pose_generations', await createPoseGeneration(contextOf(req), body, { dryRun: dry_run }));
  }

  /**
   * Newest first.
   * @summary List pose generations
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after An id: the jobs after it (the previous page's `next_cursor`).
   * @param status Only jobs in this status.
   * @param external_id Only the job with this `external_id`.
   */
  @Get()
  @OperationId('poseGenerations.list')
  @Security('api_key', ['read'])
  @Response<Problem>(422, 'Invalid query')
  @Example<List<PoseGeneration>>({ object: 'list', data: [{
  id: 'pgen_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'pose_generation',
  status: 'queued',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  outputs: [],
  items: [
    { index: 0, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 0, seed: 42, error: null, outputs: [] },
    { index: 1, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 1, seed: 43, error: null, outputs: [] },
  ],
  credits: { quoted: 60, reserved: 60, charged: 0, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { avatar_id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd', poses: ['pose_standing_hands_on_hips'], variations: 2, export_formats: ['instagram_feed', 'tiktok'], seed: 42 },
}], has_more: false, next_cursor: null })
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string, @Query() status?: JobStatus, @Query() external_id?: string): Promise<List<PoseGeneration>> {
    return listPoseGenerations(contextOf(req), { limit, starting_after, status, external_id });
  }

  /**
   * With `wait`, held until the job finishes or `wait` seconds pass. `items` shows each image's
   * status as it goes.
   * @summary Retrieve a pose generation
   * @param wait Seconds to hold for a terminal state, 0–60.
   * @minimum wait 0
   * @maximum wait 60
   */
  @Get('{id}')
  @OperationId('poseGenerations.retrieve')
  @Security('api_key', ['read'])
  @Response<Problem>(404, 'No such job in this account and mode')
  @Example<PoseGeneration>({
  id: 'pgen_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'pose_generation',
  status: 'queued',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  outputs: [],
  items: [
    { index: 0, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 0, seed: 42, error: null, outputs: [] },
    { index: 1, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 1, seed: 43, error: null, outputs: [] },
  ],
  credits: { quoted: 60, reserved: 60, charged: 0, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { avatar_id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd', poses: ['pose_standing_hands_on_hips'], variations: 2, export_formats: ['instagram_feed', 'tiktok'], seed: 42 },
})
  @Example<PoseGeneration>({
  id: 'pgen_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'pose_generation',
  status: 'succeeded',
  progress: { fraction: 1, stage: 'done', eta_seconds: null },
  outputs: [{ file_id: 'file_01jf3vb0pose00000000000001', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000001/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-001-instagram_feed.jpg', content_type: 'image/jpeg', bytes: 312044, role: 'pose_image', index: 0, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 0, seed: 42, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'instagram_feed', width: 1080, height: 1080 } }, { file_id: 'file_01jf3vb0pose00000000000002', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000002/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-001-tiktok.jpg', content_type: 'image/jpeg', bytes: 401377, role: 'pose_image', index: 0, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 0, seed: 42, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'tiktok', width: 1080, height: 1920 } }, { file_id: 'file_01jf3vb0pose00000000000003', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000003/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-002-instagram_feed.jpg', content_type: 'image/jpeg', bytes: 298410, role: 'pose_image', index: 1, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 1, seed: 43, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'instagram_feed', width: 1080, height: 1080 } }, { file_id: 'file_01jf3vb0pose00000000000004', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000004/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-002-tiktok.jpg', content_type: 'image/jpeg', bytes: 389002, role: 'pose_image', index: 1, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 1, seed: 43, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'tiktok', width: 1080, height: 1920 } }],
  items: [
    { index: 0, status: 'succeeded', pose_id: 'pose_standing_hands_on_hips', variation: 0, seed: 42, error: null, outputs: [{ file_id: 'file_01jf3vb0pose00000000000001', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000001/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-001-instagram_feed.jpg', content_type: 'image/jpeg', bytes: 312044, role: 'pose_image', index: 0, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 0, seed: 42, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'instagram_feed', width: 1080, height: 1080 } }, { file_id: 'file_01jf3vb0pose00000000000002', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000002/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-001-tiktok.jpg', content_type: 'image/jpeg', bytes: 401377, role: 'pose_image', index: 0, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 0, seed: 42, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'tiktok', width: 1080, height: 1920 } }] },
    { index: 1, status: 'succeeded', pose_id: 'pose_standing_hands_on_hips', variation: 1, seed: 43, error: null, outputs: [{ file_id: 'file_01jf3vb0pose00000000000003', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000003/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-002-instagram_feed.jpg', content_type: 'image/jpeg', bytes: 298410, role: 'pose_image', index: 1, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 1, seed: 43, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'instagram_feed', width: 1080, height: 1080 } }, { file_id: 'file_01jf3vb0pose00000000000004', url: 'https://api.example.com/v1/files/file_01jf3vb0pose00000000000004/content?expires=1767272442&signature=…', url_expires_at: '2026-01-01T13:00:42.000Z', filename: 'pose-002-tiktok.jpg', content_type: 'image/jpeg', bytes: 389002, role: 'pose_image', index: 1, position: null, metadata: { pose_id: 'pose_standing_hands_on_hips', pose_name: 'Hands on hips', variation: 1, seed: 43, model: 'flux-openpose', provider: 'replicate', provider_model: 'lumiku/flux-openpose-reference', fallback: false, placeholder: false, export_format: 'tiktok', width: 1080, height: 1920 } }] },
  ],
  credits: { quoted: 60, reserved: 60, charged: 60, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: '2026-01-01T12:00:01.000Z',
  finished_at: '2026-01-01T12:00:42.000Z',
  expires_at: '2026-01-31T12:00:42.000Z',
  input: { avatar_id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd', poses: ['pose_standing_hands_on_hips'], variations: 2, export_formats: ['instagram_feed', 'tiktok'], seed: 42 },
})
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string, @Query() wait?: number): Promise<PoseGeneration> {
    return getPoseGeneration(contextOf(req), id, wait ?? 0);
  }

  /**
   * A queued job is canceled at once; a running one stops within about a second (model calls in
   * flight are abandoned). Reserved credits are released. Canceling a finished job changes nothing.
   * @summary Cancel a pose generation
   */
  @Post('{id}/cancel')
  @OperationId('poseGenerations.cancel')
  @Security('api_key', ['jobs:write'])
  @Response<Problem>(404, 'No such job in this account and mode')
  @Example<PoseGeneration>({
  id: 'pgen_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'pose_generation',
  status: 'canceled',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  outputs: [],
  items: [
    { index: 0, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 0, seed: 42, error: null, outputs: [] },
    { index: 1, status: 'queued', pose_id: 'pose_standing_hands_on_hips', variation: 1, seed: 43, error: null, outputs: [] },
  ],
  credits: { quoted: 60, reserved: 60, charged: 0, refunded: 60 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { avatar_id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd', poses: ['pose_standing_hands_on_hips'], variations: 2, export_formats: ['instagram_feed', 'tiktok'], seed: 42 },
})
  public async cancel(@Request() req: ExpressRequest, @Path() id: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<PoseGeneration> {
    void idempotencyKey;
    return cancelPoseGeneration(contextOf(req), id);
  }
}
