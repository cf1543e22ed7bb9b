import { exampleOutput, jobExamples } from '../job-examples';
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

const output = (n: number, filename: string, contentType: string, bytes: number, role: string, index: number | null, metadata: Record<string, unknown>) =>
  exampleOutput(n, { filename, content_type: contentType, bytes, role, index, metadata });

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
export const reformatExamples = jobExamples<CreateReformatRequest>({
  id: 'rfmt_01jhx7q4m2r8t3v5w7y9z0a1b2',
  object: 'reformat',
  input,
  credits: 8,
  queuedEtaSeconds: 20,
  runSeconds: 31,
  outputs: [
    output(1, 'reformat-01-9x16-crop.mp4', 'video/mp4', 6120448, 'target', 0, target('crop', 'smart', null, { target: 0, aspect_ratio: '9:16', width: 1080, height: 1920, source_rect: { x: 1104, y: 0, width: 608, height: 1080 }, picture_rect: { x: 0, y: 0, width: 1080, height: 1920 } })),
    output(2, 'reformat-02-1x1-blur-fill.mp4', 'video/mp4', 4210688, 'target', 1, target('blur_fill', null, null, { target: 1, aspect_ratio: '1:1', width: 1080, height: 1080, source_rect: { x: 0, y: 0, width: 1920, height: 1080 }, picture_rect: { x: 0, y: 236, width: 1080, height: 608 } })),
    output(3, 'reformat-03-4x5-pad.mp4', 'video/mp4', 3987456, 'target', 2, target('pad', null, '#ffffff', { target: 2, aspect_ratio: '4:5', width: 1080, height: 1350, source_rect: { x: 0, y: 0, width: 1920, height: 1080 }, picture_rect: { x: 0, y: 370, width: 1080, height: 608 } })),
    output(4, 'reformat-04-1200x630-crop.mp4', 'video/mp4', 4875264, 'target', 3, target('crop', 'centre', null, { target: 3, aspect_ratio: null, width: 1200, height: 630, source_rect: { x: 0, y: 36, width: 1920, height: 1008 }, picture_rect: { x: 0, y: 0, width: 1200, height: 630 } })),
    output(5, 'reformats.zip', 'application/zip', 19194294, 'zip', null, { targets: 4, entries: ['reformat-01-9x16-crop.mp4', 'reformat-02-1x1-blur-fill.mp4', 'reformat-03-4x5-pad.mp4', 'reformat-04-1200x630-crop.mp4'] }),
  ],
});
