/*
 * Keypoints in OpenPose's own JSON output format (one person), for model servers that take a pose
 * as keypoints rather than as an image: pixel coordinates on a canvas of the given size, the pose
 * fitted as in the conditioning image, and [0, 0, 0] for a point that is not visible.
 */
import { fitContain } from './fit';
import { resolvePose } from './source';
import type { Keypoints, PoseAspect } from './types';

export interface OpenPoseJson {
  version: number;
  people: { pose_keypoints_2d: number[] }[];
  canvas_width: number;
  canvas_height: number;
}

export function toOpenPoseJson(input: string | Keypoints, opts: { width: number; height: number; aspect?: PoseAspect | number }): OpenPoseJson {
  const src = resolvePose(input, opts.aspect);
  const pts = fitContain(src.keypoints, src.ratio, opts.width, opts.height);
  const flat = pts.flatMap((p, i) => (p ? [Math.round(p.x * 100) / 100, Math.round(p.y * 100) / 100, src.keypoints[i]![2]] : [0, 0, 0]));
  return { version: 1.3, people: [{ pose_keypoints_2d: flat }], canvas_width: opts.width, canvas_height: opts.height };
}
