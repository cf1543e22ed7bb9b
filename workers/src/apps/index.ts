import type { AnyRenderer, AppName } from '../../../api/src/domain/jobs/app-contract';
import { renderAvatar } from './avatar/render';
import { renderPoseGeneration } from './pose-generation/render';
import { renderCarousel } from './carousel/render';
import { renderLoop } from './loop/render';
import { renderVideoMix } from './video-mix/render';

/** Each app's renderer, by object name (the API side of each app is in api/src/domain/jobs/registry.ts). */
export const RENDERERS: Record<AppName, AnyRenderer<any>> = {
  video_mix: renderVideoMix,
  loop: renderLoop,
  carousel: renderCarousel,
  avatar: renderAvatar,
  pose_generation: renderPoseGeneration,
};
