import { defineApp } from '../definition';
import { videoMixExamples } from './examples';
import { videoMixApp, type CreateVideoMixRequest, type VideoMixInput } from './request';

export type { CreateVideoMixRequest } from './request';

/** Video mixes (`/v1/video_mixes`): many unique videos from one pool of clips. */
export const videoMix = defineApp<'video_mix', CreateVideoMixRequest, VideoMixInput>({
  ...videoMixApp,
  name: 'video_mix',
  requestSchema: 'CreateVideoMixRequest',
  price: {
    description: 'One rendered video variant.',
    unit: 'variant',
    base: 1,
    surcharges: {
      resolution: { '480p': 0, '720p': 2, '1080p': 5, '2160p': 10 },
      fps: { '24': 0, '30': 0, '60': 3 },
    },
  },
  docs: {
    create: 'Renders `variants` unique videos from a pool of clips: every variant has a different clip sequence; each is an H.264/AAC MP4 with a thumbnail, optionally all in a ZIP.',
  },
  examples: videoMixExamples,
});
