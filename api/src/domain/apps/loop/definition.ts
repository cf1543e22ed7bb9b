import { defineApp } from '../definition';
import { loopExamples } from './examples';
import { loopApp, type CreateLoopRequest, type LoopInput } from './request';

export type { CreateLoopRequest } from './request';

/** Loops (`/v1/loops`): one short clip turned into a long, seamless loop. */
export const loop = defineApp<'loop', CreateLoopRequest, LoopInput>({
  ...loopApp,
  name: 'loop',
  requestSchema: 'CreateLoopRequest',
  price: {
    description: 'Each started minute of looped output.',
    unit: 'minute',
    base: 1,
    surcharges: {
      resolution: { source: 0, '720p': 0, '1080p': 1, '2160p': 3 },
      audio_layers: { '0': 0, '1': 1, '2': 1, '3': 2, '4': 2, '5': 3 },
    },
  },
  docs: {
    create: 'Turns a short clip into a seamless loop of exactly `duration_seconds` (up to 12 h), with a hard cut, a crossfade or a boomerang at the seam, and optional audio layers and fades.',
  },
  examples: loopExamples,
});
