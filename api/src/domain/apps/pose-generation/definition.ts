import { defineApp } from '../definition';
import { poseGenerationExamples } from './examples';
import { poseGenerationApp, type CreatePoseGenerationRequest, type PoseGenerationInput } from './request';

export type { CreatePoseGenerationRequest } from './request';
export type { PoseGeneration } from './present';

/** Pose generations (`/v1/pose_generations`): photos of an avatar or an uploaded image in library poses or a described scene. */
export const poseGeneration = defineApp<'pose_generation', CreatePoseGenerationRequest, PoseGenerationInput>({
  ...poseGenerationApp,
  name: 'pose_generation',
  requestSchema: 'CreatePoseGenerationRequest',
  resourceType: 'PoseGeneration',
  price: {
    description: 'One successful pose image (failed outputs are not charged).',
    unit: 'output',
    base: 30,
    surcharges: { background: { keep: 0, color: 10, prompt: 10, image: 10 } },
  },
  docs: {
    create:
      'Photos of an avatar (`avatar_id`) or an uploaded person or product (`image`) in library poses (`poses`) or a described scene (`prompt`), `variations` per pose. Each pose\'s OpenPose conditioning image AND the reference image are sent to the model. Every image is exported to each of `export_formats` (cover-cropped). One item per pose × variation, each with its own status: the job succeeds if any item does, and only successful items are charged (the rest of the reservation is released).',
    retrieve: '`items` shows each image\'s status as it goes.',
    cancel: 'Model calls in flight are abandoned.',
    errors: {
      create403: "`model_not_allowed` (the account's plan may not use the model's tier) or the key lacks `jobs:write`",
      create422: '`validation_failed` (sizes, prompt length, unknown poses), `prompt_blocked`, `model_not_found`, `model_unavailable`, `avatar_not_found`, `avatar_not_ready` or `file_not_found`',
    },
  },
  examples: poseGenerationExamples,
});
