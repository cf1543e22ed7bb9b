import type { AppExamples } from '../definition';
import type { CreateAvatarRequest } from './request';

const persona = { age: 28, gender: 'woman', hair_color: 'black', style: 'smart casual' };
const input: CreateAvatarRequest = { from: 'prompt', name: 'Maya', persona, model: 'flux-schnell' };
const image = {
  file_id: 'file_01jf3v9c2d4e6f8g0h2j4k6m8n',
  url: 'https://api.example.com/v1/files/file_01jf3v9c2d4e6f8g0h2j4k6m8n/content?expires=1767272409&signature=…',
  url_expires_at: '2026-01-01T13:00:09.000Z',
  filename: 'avatar.png',
  content_type: 'image/png',
  bytes: 1482113,
  role: 'avatar',
  index: null,
  position: null,
  metadata: { model: 'flux-schnell', provider: 'huggingface', provider_model: 'black-forest-labs/FLUX.1-schnell', seed: 7, fallback: false, placeholder: false, width: 1024, height: 1024 },
};
const thumbnail = {
  file_id: 'file_01jf3v9c2d4e6f8g0h2j4k6m8p',
  url: 'https://api.example.com/v1/files/file_01jf3v9c2d4e6f8g0h2j4k6m8p/content?expires=1767272409&signature=…',
  url_expires_at: '2026-01-01T13:00:09.000Z',
  filename: 'avatar-thumbnail.jpg',
  content_type: 'image/jpeg',
  bytes: 18311,
  role: 'thumbnail',
  index: null,
  position: null,
  metadata: { width: 256, height: 256 },
};

const common = {
  id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'avatar',
  name: 'Maya',
  source: 'prompt',
  persona,
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
} as const;

/** The spec's examples of avatars (inlined into the generated controller). */
export const avatarExamples: AppExamples<CreateAvatarRequest> = {
  request: { ...input, prompt: 'wearing a denim jacket, soft daylight', metadata: { campaign: 'summer' } },
  queued: {
    ...common,
    status: 'queued',
    progress: { fraction: 0, stage: 'queued', eta_seconds: null },
    image: null,
    thumbnail: null,
    outputs: [],
    credits: { quoted: 6, reserved: 6, charged: 0, refunded: 0 },
    started_at: null,
    finished_at: null,
    expires_at: null,
    input,
  },
  succeeded: {
    ...common,
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    image,
    thumbnail,
    outputs: [image, thumbnail],
    credits: { quoted: 6, reserved: 6, charged: 6, refunded: 0 },
    started_at: '2026-01-01T12:00:01.000Z',
    finished_at: '2026-01-01T12:00:09.000Z',
    expires_at: '2026-01-31T12:00:09.000Z',
    input: { ...input, seed: 7 },
  },
};
