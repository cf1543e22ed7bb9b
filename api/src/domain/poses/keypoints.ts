/*
 * The OpenPose COCO-18 layout: point order, limb pairs and frame shapes, and the geometry the
 * validator, the renderer and the preview share.
 */
import type { Keypoint, Keypoints, PoseAspect } from './types';

/** Point names in COCO-18 order (index = position in a `Keypoints` array). */
export const KEYPOINT_NAMES = [
  'nose',
  'neck',
  'right_shoulder',
  'right_elbow',
  'right_wrist',
  'left_shoulder',
  'left_elbow',
  'left_wrist',
  'right_hip',
  'right_knee',
  'right_ankle',
  'left_hip',
  'left_knee',
  'left_ankle',
  'right_eye',
  'left_eye',
  'right_ear',
  'left_ear',
] as const;

export type KeypointName = (typeof KEYPOINT_NAMES)[number];

export const KEYPOINT_COUNT = 18;

/** Index of a named point. */
export const K = Object.freeze(Object.fromEntries(KEYPOINT_NAMES.map((n, i) => [n, i]))) as Readonly<Record<KeypointName, number>>;

/**
 * OpenPose's limb pairs (0-based point indexes), in its drawing order: the first 17 are the limbs the
 * standard renderer draws; the last two (shoulder–ear) exist in OpenPose's table but are not drawn.
 */
export const LIMB_PAIRS: readonly (readonly [number, number])[] = [
  [1, 2], [1, 5], [2, 3], [3, 4], [5, 6], [6, 7], [1, 8], [8, 9], [9, 10],
  [1, 11], [11, 12], [12, 13], [1, 0], [0, 14], [14, 16], [0, 15], [15, 17],
  [2, 16], [5, 17],
];

/** How many of `LIMB_PAIRS` the standard renderer draws. */
export const DRAWN_LIMB_COUNT = 17;

/** Frame width ÷ height of each natural aspect. */
export const ASPECT_RATIOS: Readonly<Record<PoseAspect, number>> = { portrait: 2 / 3, square: 1, landscape: 3 / 2 };

/** A point in "frame units": x scaled by the frame's width:height ratio, so both axes share one unit. */
export interface Point {
  x: number;
  y: number;
}

/** The visible points of a pose in frame units (index kept; hidden points are null). */
export function toFrameUnits(keypoints: Keypoints, ratio: number): (Point | null)[] {
  return keypoints.map((k) => (k ? { x: k[0] * ratio, y: k[1] } : null));
}

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The bounding box of the visible points, or null when none is visible. */
export function boundingBox(points: readonly (Point | null)[]): Box | null {
  let box: Box | null = null;
  for (const p of points) {
    if (!p) continue;
    if (!box) box = { minX: p.x, minY: p.y, maxX: p.x, maxY: p.y };
    else {
      box.minX = Math.min(box.minX, p.x);
      box.minY = Math.min(box.minY, p.y);
      box.maxX = Math.max(box.maxX, p.x);
      box.maxY = Math.max(box.maxY, p.y);
    }
  }
  return box;
}

export const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** Whether a value has the shape of a `Keypoints` array (18 entries, each null or [x, y, c] finite numbers). */
export function isKeypoints(value: unknown): value is Keypoints {
  return (
    Array.isArray(value) &&
    value.length === KEYPOINT_COUNT &&
    value.every((k) => k === null || (Array.isArray(k) && k.length === 3 && k.every((n) => typeof n === 'number' && Number.isFinite(n))))
  );
}

/** A stable text form of keypoints (fixed precision), used for hashing. */
export function keypointsText(keypoints: Keypoints): string {
  return keypoints.map((k: Keypoint | null) => (k ? `${k[0].toFixed(5)},${k[1].toFixed(5)},${k[2].toFixed(3)}` : '-')).join(';');
}
