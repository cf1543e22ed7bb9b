import type { Request as ExpressRequest } from 'express';
import { Body, Controller, Delete, Example, Get, OperationId, Patch, Path, Request, Response, Route, Security, Tags } from '@tsoa/runtime';
import type { Problem } from '../errors/problem';
import { contextOf } from '../http/context';
import { deleteAvatar, listAvatarPresets, updateAvatar, type Avatar, type AvatarPreset, type DeletedAvatar, type UpdateAvatarRequest } from '../services/avatars';
import type { List } from '../services/pagination';

/**
 * The avatar operations beyond those of every job resource (create, list, retrieve and cancel are
 * generated from the app registry: api/src/generated/controllers/AvatarsController.ts).
 */
@Route('v1/avatars')
@Tags('Avatars')
@Response<Problem>(401, 'Missing, unknown or revoked API key')
@Response<Problem>(429, 'Rate limited')
export class AvatarEditsController extends Controller {
  /**
   * Changes the name, persona attributes or metadata; the image stays as it is.
   * @summary Update an avatar
   * @example body {"name": "Maya (summer campaign)", "persona": {"name": "Maya", "age": 28, "hair_color": "auburn", "style": "casual"}, "metadata": {"campaign": "summer"}}
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
