import { exampleOutput, jobExamples } from '../job-examples';
import type { CreateCarouselRequest } from './request';

/** The spec's examples of carousels (inlined into the generated controller). */
export const carouselExamples = jobExamples<CreateCarouselRequest>({
  id: 'crsl_01jhx7q4m2r8t3v5w7y9z0a1b2',
  object: 'carousel',
  input: {
    slides: [
      { images: ['file_01jhx7a1img00000000000000a', 'file_01jhx7a1img00000000000000b'], texts: ['Summer sale', 'New drop'] },
      { images: ['file_01jhx7a1img00000000000000c'], texts: ['Only this week'] },
    ],
    sets: 3,
    selection: 'round_robin',
    aspect_ratio: '4:5',
    format: 'jpeg',
  },
  credits: 6,
  queuedEtaSeconds: 30,
  runSeconds: 42,
  outputs: [exampleOutput(1, { filename: 'set-1-slide-1.jpg', content_type: 'image/jpeg', bytes: 482113, role: 'slide', index: 0 })],
});
