import type { AppExamples } from '../definition';
import type { CreateLoopRequest } from './request';

const input: CreateLoopRequest = { file_id: 'file_01jhx7a1clip0000000000000a', duration_seconds: 600, style: 'crossfade', crossfade_seconds: 1 };

const common = {
  id: 'loop_01jhx7q4m2r8t3v5w7y9z0a1b2',
  object: 'loop',
  input,
  error: null,
  metadata: { campaign: 'summer' },
  external_id: 'order-1042',
  livemode: false,
  created_at: '2026-01-15T10:00:00.000Z',
} as const;

/** The spec's examples of loops (inlined into the generated controller). */
export const loopExamples: AppExamples<CreateLoopRequest> = {
  request: { ...input, external_id: 'order-1042', metadata: { campaign: 'summer' } },
  queued: {
    ...common,
    status: 'queued',
    progress: { fraction: 0, stage: 'queued', eta_seconds: 30 },
    outputs: [],
    credits: { quoted: 6, reserved: 6, charged: 0, refunded: 0 },
    started_at: null,
    finished_at: null,
    expires_at: null,
  },
  succeeded: {
    ...common,
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    outputs: [
      {
        file_id: 'file_01jhx7r0output0000000000001',
        url: 'https://api.example.com/v1/files/file_01jhx7r0output0000000000001/content?expires=1768474842&signature=…',
        url_expires_at: '2026-01-15T11:00:42.000Z',
        filename: 'loop.mp4',
        content_type: 'video/mp4',
        bytes: 482113,
        role: 'loop',
        index: 0,
        position: null,
        metadata: {},
      },
    ],
    credits: { quoted: 6, reserved: 6, charged: 6, refunded: 0 },
    started_at: '2026-01-15T10:00:00.000Z',
    finished_at: '2026-01-15T10:00:42.000Z',
    expires_at: '2026-02-14T10:00:42.000Z',
  },
};
