import type { AppExamples } from '../definition';
import type { CreateReformatRequest } from './request';

const input: CreateReformatRequest = {
  file_id: 'file_01jhx7a1clip0000000000000a',
  targets: [
    { aspect_ratio: '9:16', fit: 'crop', anchor: 'smart' },
    { aspect_ratio: '1:1', fit: 'blur_fill' },
    { aspect_ratio: '4:5', fit: 'pad', color: '#FFFFFF' },
    { width: 1200, height: 630 },
  ],
};

const common = {
  id: 'rfmt_01jhx7q4m2r8t3v5w7y9z0a1b2',
  object: 'reformat',
  input,
  error: null,
  metadata: { campaign: 'summer' },
  external_id: 'order-1042',
  livemode: false,
  created_at: '2026-01-15T10:00:00.000Z',
} as const;

const output = (n: number, filename: string, contentType: string, bytes: number, role: string, index: number | null, metadata: Record<string, unknown>) => ({
  file_id: `file_01jhx7r0output000000000000${n}`,
  url: `https://api.example.com/v1/files/file_01jhx7r0output000000000000${n}/content?expires=1768474842&signature=…`,
  url_expires_at: '2026-01-15T11:00:42.000Z',
  filename,
  content_type: contentType,
  bytes,
  role,
  index,
  position: null,
  metadata,
});

const target = (fit: string, anchor: string | null, color: string | null, extra: Record<string, unknown>) => ({
  fit,
  anchor,
  color,
  source: { file_id: input.file_id, width: 1920, height: 1080 },
  duration_seconds: 24.5,
  video: 'encoded',
  audio: 'copied',
  ...extra,
});

/** The spec's examples of reformats (inlined into the generated controller). */
export const reformatExamples: AppExamples<CreateReformatRequest> = {
  request: { ...input, external_id: 'order-1042', metadata: { campaign: 'summer' } },
  queued: {
    ...common,
    status: 'queued',
    progress: { fraction: 0, stage: 'queued', eta_seconds: 20 },
    outputs: [],
    credits: { quoted: 8, reserved: 8, charged: 0, refunded: 0 },
    started_at: null,
    finished_at: null,
    expires_at: null,
  },
  succeeded: {
    ...common,
    status: 'succeeded',
    progress: { fraction: 1, stage: 'done', eta_seconds: null },
    outputs: [
      output(1, 'reformat-01-9x16-crop.mp4', 'video/mp4', 6120448, 'target', 0, target('crop', 'smart', null, { target: 0, aspect_ratio: '9:16', width: 1080, height: 1920, source_rect: { x: 1104, y: 0, width: 608, height: 1080 }, picture_rect: { x: 0, y: 0, width: 1080, height: 1920 } })),
      output(2, 'reformat-02-1x1-blur-fill.mp4', 'video/mp4', 4210688, 'target', 1, target('blur_fill', null, null, { target: 1, aspect_ratio: '1:1', width: 1080, height: 1080, source_rect: { x: 0, y: 0, width: 1920, height: 1080 }, picture_rect: { x: 0, y: 236, width: 1080, height: 608 } })),
      output(3, 'reformat-03-4x5-pad.mp4', 'video/mp4', 3987456, 'target', 2, target('pad', null, '#ffffff', { target: 2, aspect_ratio: '4:5', width: 1080, height: 1350, source_rect: { x: 0, y: 0, width: 1920, height: 1080 }, picture_rect: { x: 0, y: 370, width: 1080, height: 608 } })),
      output(4, 'reformat-04-1200x630-crop.mp4', 'video/mp4', 4875264, 'target', 3, target('crop', 'centre', null, { target: 3, aspect_ratio: null, width: 1200, height: 630, source_rect: { x: 0, y: 36, width: 1920, height: 1008 }, picture_rect: { x: 0, y: 0, width: 1200, height: 630 } })),
      output(5, 'reformats.zip', 'application/zip', 19194294, 'zip', null, { targets: 4, entries: ['reformat-01-9x16-crop.mp4', 'reformat-02-1x1-blur-fill.mp4', 'reformat-03-4x5-pad.mp4', 'reformat-04-1200x630-crop.mp4'] }),
    ],
    credits: { quoted: 8, reserved: 8, charged: 8, refunded: 0 },
    started_at: '2026-01-15T10:00:00.000Z',
    finished_at: '2026-01-15T10:00:31.000Z',
    expires_at: '2026-02-14T10:00:31.000Z',
  },
};
