/* Shared building blocks for the library files: limb presets and the pose constructor. */
import { frameBody, type BodySpec, type LimbSpec } from '../skeleton';
import type { Pose, PoseCategoryId, PoseDifficulty, PoseSuitability } from '../types';

export interface PoseEntry {
  id: string;
  name: string;
  tags: string[];
  difficulty: PoseDifficulty;
  suitability: PoseSuitability[];
  description: string;
  body: BodySpec;
}

/** A library pose from its catalogue data and its body. */
export function definePoses(category: PoseCategoryId, entries: PoseEntry[]): Pose[] {
  return entries.map((e) =>
    Object.freeze({
      id: e.id,
      name: e.name,
      category,
      tags: Object.freeze([...e.tags]),
      difficulty: e.difficulty,
      suitability: Object.freeze([...e.suitability]),
      description: e.description,
      aspect: e.body.aspect,
      view: e.body.view,
      keypoints: Object.freeze(frameBody(e.body)),
    }),
  );
}

export const limb = (a: number, b: number, as?: number, bs?: number): LimbSpec => ({ a, b, ...(as !== undefined && { as }), ...(bs !== undefined && { bs }) });

// Presets for a body facing the camera: the subject's right side is on the image's left.
export const ARM_DOWN_R = limb(-8, -4);
export const ARM_DOWN_L = limb(8, 4);
export const HAND_ON_HIP_R = limb(-45, 52);
export const HAND_ON_HIP_L = limb(45, -52);
export const LEG_R = limb(-3, 0);
export const LEG_L = limb(3, 0);
export const LEG_WIDE_R = limb(-12, -6);
export const LEG_WIDE_L = limb(12, 6);
