import { exampleOutput, jobExamples } from '../job-examples';
import type { CreateVideoMixRequest } from './request';

/** The spec's examples of video mixes (inlined into the generated controller). */
export const videoMixExamples = jobExamples<CreateVideoMixRequest>({
  id: 'vmix_01jhx7q4m2r8t3v5w7y9z0a1b2',
  object: 'video_mix',
  input: {
    clips: [{ file_id: 'file_01jhx7a1clip0000000000000a' }, { file_id: 'file_01jhx7a1clip0000000000000b' }, { file_id: 'file_01jhx7a1clip0000000000000c' }],
    variants: 3,
    aspect_ratio: '9:16',
    resolution: '720p',
  },
  credits: 6,
  queuedEtaSeconds: 30,
  runSeconds: 42,
  outputs: [exampleOutput(1, { filename: 'variant-1.mp4', content_type: 'video/mp4', bytes: 482113, role: 'variant', index: 0 })],
});
