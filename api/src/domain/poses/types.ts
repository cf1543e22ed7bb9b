/*
 * The pose library's data model. A pose is a person's body in the OpenPose COCO-18 layout, in
 * coordinates normalised to the pose's own frame (x and y in 0..1; the frame's width:height ratio is
 * given by its `aspect`), plus the catalogue data callers filter and search on.
 */

/** One body point: x and y in 0..1 of the frame (x to the right, y downwards) and a confidence in (0, 1]. */
export type Keypoint = readonly [x: number, y: number, confidence: number];

/**
 * The 18 body points of the OpenPose COCO-18 layout, in order (see `KEYPOINT_NAMES`); `null` where
 * the point is not visible (hidden, or outside the frame).
 */
export type Keypoints = readonly (Keypoint | null)[];

/** The natural shape of a pose's frame. */
export type PoseAspect = 'portrait' | 'square' | 'landscape';

export type PoseDifficulty = 'easy' | 'medium' | 'hard';

export type PoseCategoryId =
  | 'standing'
  | 'sitting'
  | 'walking'
  | 'hands_gestures'
  | 'product_holding'
  | 'fashion_model'
  | 'fitness'
  | 'lying_reclining'
  | 'action';

/**
 * What a pose suits: the framings it reads well in (`full_body`, `half_body`, `portrait`) and the
 * uses it is meant for.
 */
export type PoseSuitability =
  | 'full_body'
  | 'half_body'
  | 'portrait'
  | 'product'
  | 'fashion'
  | 'lifestyle'
  | 'corporate'
  | 'fitness'
  | 'social';

/** Which way the body faces the camera; decides which side of the image each left/right point lies on. */
export type PoseView = 'front' | 'three_quarter' | 'side' | 'back';

export interface Pose {
  /** Stable slug, e.g. `pose_standing_hands_on_hips`. */
  readonly id: string;
  readonly name: string;
  readonly category: PoseCategoryId;
  readonly tags: readonly string[];
  readonly difficulty: PoseDifficulty;
  readonly suitability: readonly PoseSuitability[];
  readonly description: string;
  readonly aspect: PoseAspect;
  readonly view: PoseView;
  readonly keypoints: Keypoints;
}

export interface PoseCategory {
  readonly id: PoseCategoryId;
  readonly name: string;
  readonly description: string;
  /** How many library poses the category holds. */
  readonly count: number;
}
