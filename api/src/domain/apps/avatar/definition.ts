import { defineApp } from '../definition';
import { avatarExamples } from './examples';
import { avatarApp, type AvatarInput, type CreateAvatarRequest } from './request';

export type { CreateAvatarRequest } from './request';
export type { Avatar } from './present';

/**
 * Avatars (`/v1/avatars`): a reusable person or mascot image with persona data, made by a job (the
 * avatar's id is its job's). Update, delete and presets are hand-written on top
 * (api/src/controllers/AvatarsController.ts).
 */
export const avatar = defineApp<'avatar', CreateAvatarRequest, AvatarInput>({
  ...avatarApp,
  name: 'avatar',
  requestSchema: 'CreateAvatarRequest',
  resourceType: 'Avatar',
  price: {
    description: 'One avatar image; AI models set their own base price in the model registry.',
    unit: 'image',
    base: 6,
    surcharges: { from: { prompt: 0, upload: -5, preset: -6 } },
  },
  docs: {
    create:
      'Makes a reusable avatar: `from: "prompt"` (an AI model draws it from the persona attributes and `prompt`, at `width` × `height` with `seed`), `from: "upload"` (your photo, `file_id`: validated, EXIF-rotated, converted to sRGB PNG, with a thumbnail) or `from: "preset"` (a bundled mascot from `GET /v1/avatar_presets`). Generated avatars cost the model\'s registry price; uploads and presets the catalogue\'s. Test keys use the offline test provider (a labelled placeholder) at no charge.',
    list: 'Deleted avatars are not listed.',
    cancel: 'The avatar stays, without an image.',
    errors: {
      create403: "`model_not_allowed` (the account's plan may not use the model's tier) or the key lacks `jobs:write`",
      create422: '`validation_failed` (sizes, prompt length), `prompt_blocked`, `model_not_found`, `model_unavailable` or `file_not_found`',
    },
  },
  examples: avatarExamples,
});
