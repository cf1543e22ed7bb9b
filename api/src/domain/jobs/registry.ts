import { avatarApp } from '../apps/avatar/request';
import { poseGenerationApp } from '../apps/pose-generation/request';
import { carouselApp } from '../apps/carousel/request';
import { loopApp } from '../apps/loop/request';
import { videoMixApp } from '../apps/video-mix/request';
import type { AppName, JobApp } from './app-contract';

/** Every job app the API accepts, by object name. Workers pair each with its renderer. */
export const JOB_APPS: Record<AppName, JobApp<any, any>> = {
  video_mix: videoMixApp,
  loop: loopApp,
  carousel: carouselApp,
  avatar: avatarApp,
  pose_generation: poseGenerationApp,
};

export function appForId(id: string): JobApp<any, any> | undefined {
  const prefix = id.slice(0, id.indexOf('_'));
  return Object.values(JOB_APPS).find((a) => a.idPrefix === prefix);
}
