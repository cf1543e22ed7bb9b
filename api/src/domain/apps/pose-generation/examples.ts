import type { AppExamples } from '../definition';
import type { CreatePoseGenerationRequest } from './request';

const input: CreatePoseGenerationRequest = { avatar_id: 'avtr_01jf3v8a6q8m2k4c7xw9t5b3nd', poses: ['pose_standing_hands_on_hips'], variations: 2, export_formats: ['instagram_feed', 'tiktok'], seed: 42 };

/** One exported image: `n` is its file number (1–4), `index` its item, `format` its export format. */
function output(n: number, index: number, format: 'instagram_feed' | 'tiktok', bytes: number) {
  const fileId = `file_01jf3vb0pose0000000000000${n}`;
  return {
    file_id: fileId,
    url: `https://api.example.com/v1/files/${fileId}/content?expires=1767272442&signature=…`,
    url_expires_at: '2026-01-01T13:00:42.000Z',
    filename: `pose-00${index + 1}-${format}.jpg`,
    content_type: 'image/jpeg',
    bytes,
    role: 'pose_image',
    index,
    position: null,
    metadata: {
      pose_id: 'pose_standing_hands_on_hips',
      pose_name: 'Hands on hips',
      variation: index,
      seed: 42 + index,
      model: 'flux-openpose',
      provider: 'replicate',
      provider_model: 'lumiku/flux-openpose-reference',
      fallback: false,
      placeholder: false,
      export_format: format,
      width: 1080,
      height: format === 'tiktok' ? 1920 : 1080,
    },
  };
}

const outputs = [output(1, 0, 'instagram_feed', 312044), output(2, 0, 'tiktok', 401377), output(3, 1, 'instagram_feed', 298410), output(4, 1, 'tiktok', 389002)];
const item = (index: number, status: 'queued' | 'succeeded') => ({
  index,
  status,
  pose_id: 'pose_standing_hands_on_hips',
  variation: index,
  seed: 42 + index,
  error: null,
  outputs: status === 'succeeded' ? outputs.filter((o) => o.index === index) : [],
});

const common = {
  id: 'pgen_01jf3v8a6q8m2k4c7xw9t5b3nd',
  object: 'pose_generation',
  error: null,
  metadata: {},
  external_id: null,
  livemode: true,
  created_at: '2026-01-01T12:00:00.000Z',
  input,
} as const;

/** The spec's examples of pose generations (inlined into the generated controller). */
export const poseGenerationExamples: AppExamples<CreatePoseGenerationRequest> = {
  request: { ...input, background: 'color', background_color: '#F5F0E6', metadata: { campaign: 'summer' } },
  queued: {
    ...common,
    status: 'queued',
    progress: { fraction: 0, stage: 'queued', eta_seconds: null },
    outputs: [],
    items: [item(0, 'queued'), item(1, 'queued')],
    credits: { quoted: 60, reserved: 60, charged: 0, refunded: 0 },
    started_at: null,
    finished_at: null,
    expires_at: null,
  },
  succeeded: {
    ...common,
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    outputs,
    items: [item(0, 'succeeded'), item(1, 'succeeded')],
    credits: { quoted: 60, reserved: 60, charged: 60, refunded: 0 },
    started_at: '2026-01-01T12:00:01.000Z',
    finished_at: '2026-01-01T12:00:42.000Z',
    expires_at: '2026-01-31T12:00:42.000Z',
  },
};
