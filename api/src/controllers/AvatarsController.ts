import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, Get, Header, OperationId, Patch, Path, Post, Query, Request, Response, Route, Security, SuccessResponse, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { acceptedOrQuoted } from './job-response';
import { contextOf } from '../middleware/request-context';
import {
  cancelAvatar, createAvatar, deleteAvatar, getAvatar, listAvatarPresets, listAvatars, updateAvatar,
  type Avatar, type AvatarPreset, type CreateAvatarRequestBody, type DeletedAvatar, type UpdateAvatarRequest,
} from '../services/avatars';
import type { JobQuote } from '../services/jobs';
import type { List } from '../services/pagination';


@Route('v1/avatars')
@Tags('Avatars')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class AvatarsController extends Controller {
  /**
   * Makes a reusable avatar: `from: "prompt"` (an AI model draws it from the persona attributes and
   * `prompt`, at `width` × `height` with `seed`), `from: "upload"` (your photo, `file_id`: validated,
   * EXIF-rotated, converted to sRGB PNG, with a thumbnail) or `from: "preset"` (a bundled mascot from
   * `GET /v1/avatar_presets`). The avatar is made by a job: 202 with the avatar in `queued`; follow it
   * with `GET` (`?wait=30`). Generated avatars cost the model's registry price; uploads and presets
   * the catalogue's. Test keys use the offline test provider (a labelled placeholder) at no charge.
   * @summary Create an avatar
   * @param dry_run Validate and price only.
   * @param idempotencyKey Makes retries safe: the same key and body return the first response, with one avatar and one charge.
   */
  @Post()
  @OperationId('avatars.create')
  @Security('api_key', ['jobs:write'])
  @SuccessResponse(202, 'Accepted')
  @Response<JobQuote>(200, 'The quote (dry_run=true)')
  @Response<Problem>(402, '`insufficient_credits` or `key_quota_exceeded`')
  @Response<Problem>(403, "`model_not_allowed` (the account's plan may not use the model's tier) or the key lacks `jobs:write`")
  @Response<Problem>(409, '`idempotency_conflict` or `external_id_conflict`')
  @Response<Problem>(422, '`validation_failed` (sizes, prompt length), `prompt_blocked`, `model_not_found`, `model_unavailable` or `file_not_found`')
  @Example<Avatar>({
  id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'avatar',
  name: 'Maya',
  source: 'prompt',
  persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' },
  status: 'queued',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  image: null,
  thumbnail: null,
  outputs: [],
  credits: { quoted: 6, reserved: 6, charged: 0, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' }, model: 'flux-schnell' },
})
  public async create(@Request() req: ExpressRequest, @Body() body: CreateAvatarRequestBody, @Query() dry_run?: boolean, @Header('Idempotency-Key') idempotencyKey?: string): Promise<Avatar | JobQuote> {
    void idempotencyKey;
    const { avatar, quote } = await createAvatar(contextOf(req), body, { dryRun: dry_run });
    return acceptedOrQuoted(this, 'avatars', { job: avatar, quote });
  }

  /**
   * Avatars of the key's mode, newest first. Deleted avatars are not listed.
   * @summary List avatars
   * @param limit 1–100, default 20.
   * @isInt limit
   * @minimum limit 1
   * @maximum limit 100
   * @param starting_after An avatar id: the avatars after it (the previous page's `next_cursor`).
   */
  @Get()
  @OperationId('avatars.list')
  @Security('api_key', ['read'])
  @Response<Problem>(422, 'Invalid query')
  @Example<List<Avatar>>({ object: 'list', data: [{
  id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'avatar',
  name: 'Maya',
  source: 'prompt',
  persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' },
  status: 'queued',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  image: null,
  thumbnail: null,
  outputs: [],
  credits: { quoted: 6, reserved: 6, charged: 0, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' }, model: 'flux-schnell' },
}], has_more: false, next_cursor: null })
  public async list(@Request() req: ExpressRequest, @Query() limit?: number, @Query() starting_after?: string): Promise<List<Avatar>> {
    return listAvatars(contextOf(req), { limit, starting_after });
  }

  /**
   * With `wait`, held until the avatar's job finishes or `wait` seconds pass.
   * @summary Retrieve an avatar
   * @param wait Seconds to hold for a terminal state, 0–60.
   * @minimum wait 0
   * @maximum wait 60
   */
  @Get('{id}')
  @OperationId('avatars.retrieve')
  @Security('api_key', ['read'])
  @Response<Problem>(404, 'No such avatar in this account and mode')
  @Example<Avatar>({
  id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'avatar',
  name: 'Maya',
  source: 'prompt',
  persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' },
  status: 'queued',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  image: null,
  thumbnail: null,
  outputs: [],
  credits: { quoted: 6, reserved: 6, charged: 0, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' }, model: 'flux-schnell' },
})
  @Example<Avatar>({
  id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'avatar',
  name: 'Maya',
  source: 'prompt',
  persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' },
  status: 'succeeded',
  progress: { fraction: 1, stage: 'done', eta_seconds: null },
  image: { file_id: 'file_01jf3v9c2d4e6f8g0h2j4k6m8n', url: 'https://api.example.com/v1/files/file_01jf3v9c2d4e6f8g0h2j4k6m8n/content?expires=1767272409&signature=…', url_expires_at: '2026-01-01T13:00:09.000Z', filename: 'avatar.png', content_type: 'image/png', bytes: 1482113, role: 'avatar', index: null, position: null, metadata: { model: 'flux-schnell', provider: 'huggingface', provider_model: 'black-forest-labs/FLUX.1-schnell', seed: 7, fallback: false, placeholder: false, width: 1024, height: 1024 } },
  thumbnail: { file_id: 'file_01jf3v9c2d4e6f8g0h2j4k6m8p', url: 'https://api.example.com/v1/files/file_01jf3v9c2d4e6f8g0h2j4k6m8p/content?expires=1767272409&signature=…', url_expires_at: '2026-01-01T13:00:09.000Z', filename: 'avatar-thumbnail.jpg', content_type: 'image/jpeg', bytes: 18311, role: 'thumbnail', index: null, position: null, metadata: { width: 256, height: 256 } },
  outputs: [
    { file_id: 'file_01jf3v9c2d4e6f8g0h2j4k6m8n', url: 'https://api.example.com/v1/files/file_01jf3v9c2d4e6f8g0h2j4k6m8n/content?expires=1767272409&signature=…', url_expires_at: '2026-01-01T13:00:09.000Z', filename: 'avatar.png', content_type: 'image/png', bytes: 1482113, role: 'avatar', index: null, position: null, metadata: { model: 'flux-schnell', provider: 'huggingface', provider_model: 'black-forest-labs/FLUX.1-schnell', seed: 7, fallback: false, placeholder: false, width: 1024, height: 1024 } },
    { file_id: 'file_01jf3v9c2d4e6f8g0h2j4k6m8p', url: 'https://api.example.com/v1/files/file_01jf3v9c2d4e6f8g0h2j4k6m8p/content?expires=1767272409&signature=…', url_expires_at: '2026-01-01T13:00:09.000Z', filename: 'avatar-thumbnail.jpg', content_type: 'image/jpeg', bytes: 18311, role: 'thumbnail', index: null, position: null, metadata: { width: 256, height: 256 } },
  ],
  credits: { quoted: 6, reserved: 6, charged: 6, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: '2026-01-01T12:00:01.000Z',
  finished_at: '2026-01-01T12:00:09.000Z',
  expires_at: '2026-01-31T12:00:09.000Z',
  input: { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' }, model: 'flux-schnell', seed: 7 },
})
  public async retrieve(@Request() req: ExpressRequest, @Path() id: string, @Query() wait?: number): Promise<Avatar> {
    return getAvatar(contextOf(req), id, wait ?? 0);
  }

  /**
   * Changes the name, persona attributes or metadata; the image stays as it is.
   * @summary Update an avatar
   */
  @Patch('{id}')
  @OperationId('avatars.update')
  @Security('api_key', ['jobs:write'])
  @Response<Problem>(404, 'No such avatar in this account and mode')
  @Response<Problem>(422, '`validation_failed`')
  @Example<Avatar>({
  id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'avatar',
  name: 'Maya (summer)',
  source: 'prompt',
  persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' },
  status: 'queued',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  image: null,
  thumbnail: null,
  outputs: [],
  credits: { quoted: 6, reserved: 6, charged: 0, refunded: 0 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' }, model: 'flux-schnell' },
})
  public async update(@Request() req: ExpressRequest, @Path() id: string, @Body() body: UpdateAvatarRequest): Promise<Avatar> {
    return updateAvatar(contextOf(req), id, body);
  }

  /**
   * Deletes the avatar and its files (image and thumbnail bytes are removed from storage). A running
   * job is canceled first. What was charged stays in the credit ledger.
   * @summary Delete an avatar
   */
  @Delete('{id}')
  @OperationId('avatars.delete')
  @Security('api_key', ['jobs:write'])
  @Response<Problem>(404, 'No such avatar in this account and mode')
  @Example<DeletedAvatar>({ id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd', object: 'avatar', deleted: true })
  public async delete(@Request() req: ExpressRequest, @Path() id: string): Promise<DeletedAvatar> {
    return deleteAvatar(contextOf(req), id);
  }

  /**
   * Cancels the avatar's job if it has not finished; the reserved credits are released.
   * @summary Cancel an avatar
   */
  @Post('{id}/cancel')
  @OperationId('avatars.cancel')
  @Security('api_key', ['jobs:write'])
  @Response<Problem>(404, 'No such avatar in this account and mode')
  @Example<Avatar>({
  id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'avatar',
  name: 'Maya',
  source: 'prompt',
  persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' },
  status: 'canceled',
  progress: { fraction: 0, stage: 'queued', eta_seconds: null },
  image: null,
  thumbnail: null,
  outputs: [],
  credits: { quoted: 6, reserved: 6, charged: 0, refunded: 6 },
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  started_at: null,
  finished_at: null,
  expires_at: null,
  input: { from: 'prompt', name: 'Maya', persona: { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' }, model: 'flux-schnell' },
})
  public async cancel(@Request() req: ExpressRequest, @Path() id: string, @Header('Idempotency-Key') idempotencyKey?: string): Promise<Avatar> {
    void idempotencyKey;
    return cancelAvatar(contextOf(req), id);
  }
}

@Route('v1/avatar_presets')
@Tags('Avatars')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class AvatarPresetsController extends Controller {
  /**
   * Bundled mascot avatars: create one with `from: "preset"` and its `id` (no model involved).
   * @summary List avatar presets
   */
  @Get()
  @OperationId('avatarPresets.list')
  @Security('api_key', ['read'])
  @Response<Problem>(403, 'The key lacks the `read` scope')
  @Example<List<AvatarPreset>>({ object: 'list', data: [{ id: 'preset_mascot_sunny', object: 'avatar_preset', name: 'Sunny', description: 'A cheerful shop mascot in a yellow shirt.', persona: { name: 'Sunny', style: 'casual' } }], has_more: false, next_cursor: null })
  public async list(): Promise<List<AvatarPreset>> {
    return listAvatarPresets();
  }
}
