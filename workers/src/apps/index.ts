import type { AppName, Renderer } from '../../../api/src/domain/jobs/app-contract';
import { renderCarousel } from './carousel/render';
import { renderLoop } from './loop/render';
import { renderVideoMix } from './video-mix/render';

/** Each app's renderer, by object name (the API side of each app is in api/src/domain/jobs/registry.ts). */
export const RENDERERS: Record<AppName, Renderer<any>> = {
  video_mix: renderVideoMix,
  loop: renderLoop,
  carousel: renderCarousel,
};
