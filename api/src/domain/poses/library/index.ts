/* The pose library: every authored pose, and the categories they belong to. */
import type { Pose, PoseCategory, PoseCategoryId } from '../types';
import { ACTION_POSES } from './action';
import { FASHION_MODEL_POSES } from './fashion-model';
import { FITNESS_POSES } from './fitness';
import { HANDS_GESTURES_POSES } from './hands-gestures';
import { LYING_RECLINING_POSES } from './lying-reclining';
import { PRODUCT_HOLDING_POSES } from './product-holding';
import { SITTING_POSES } from './sitting';
import { STANDING_POSES } from './standing';
import { WALKING_POSES } from './walking';

export const POSES: readonly Pose[] = Object.freeze([
  ...STANDING_POSES,
  ...SITTING_POSES,
  ...WALKING_POSES,
  ...HANDS_GESTURES_POSES,
  ...PRODUCT_HOLDING_POSES,
  ...FASHION_MODEL_POSES,
  ...FITNESS_POSES,
  ...LYING_RECLINING_POSES,
  ...ACTION_POSES,
]);

const CATEGORY_TEXT: readonly { id: PoseCategoryId; name: string; description: string }[] = [
  { id: 'standing', name: 'Standing', description: 'Upright full-body stances, from neutral catalogue poses to confident power poses.' },
  { id: 'sitting', name: 'Sitting', description: 'Seated on chairs, stools, desks and the floor.' },
  { id: 'walking', name: 'Walking', description: 'Strides and steps caught mid-motion, towards, across or away from the camera.' },
  { id: 'hands_gestures', name: 'Hands & gestures', description: 'Half-body poses built around a hand gesture: waving, pointing, thumbs up, hand hearts.' },
  { id: 'product_holding', name: 'Product holding', description: 'Holding, presenting or using a product so it faces the camera.' },
  { id: 'fashion_model', name: 'Fashion & model', description: 'Editorial and catalogue poses that show off clothing and accessories.' },
  { id: 'fitness', name: 'Fitness', description: 'Exercises and yoga positions for sportswear and fitness content.' },
  { id: 'lying_reclining', name: 'Lying & reclining', description: 'Lying down or leaning back, for lifestyle, bedding and beach content (landscape frames).' },
  { id: 'action', name: 'Action & dance', description: 'Dynamic moments: jumps, running, kicks, dancing and celebrations.' },
];

export const POSE_CATEGORIES: readonly PoseCategory[] = Object.freeze(
  CATEGORY_TEXT.map((c) => Object.freeze({ ...c, count: POSES.filter((p) => p.category === c.id).length })),
);
