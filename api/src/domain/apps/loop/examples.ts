import { exampleOutput, jobExamples } from '../job-examples';
import type { CreateLoopRequest } from './request';

/** The spec's examples of loops (inlined into the generated controller). */
export const loopExamples = jobExamples<CreateLoopRequest>({
  id: 'loop_01jhx7q4m2r8t3v5w7y9z0a1b2',
  object: 'loop',
  input: { file_id: 'file_01jhx7a1clip0000000000000a', duration_seconds: 600, style: 'crossfade', crossfade_seconds: 1 },
  credits: 6,
  queuedEtaSeconds: 30,
  runSeconds: 42,
  outputs: [exampleOutput(1, { filename: 'loop.mp4', content_type: 'video/mp4', bytes: 482113, role: 'loop', index: 0 })],
});
