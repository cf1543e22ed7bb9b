/*
 * The pose library: OpenPose COCO-18 poses in categories, search, validation, and rendering of
 * ControlNet conditioning images and previews.
 */
export type { Keypoint, Keypoints, Pose, PoseAspect, PoseCategory, PoseCategoryId, PoseDifficulty, PoseSuitability, PoseView } from './types';
export { POSES, POSE_CATEGORIES } from './library';
export { findPose, searchPoses, type PoseQuery } from './search';
export { validatePose, validateKeypoints } from './validate';
export { ASPECT_RATIOS, DRAWN_LIMB_COUNT, K, KEYPOINT_COUNT, KEYPOINT_NAMES, LIMB_PAIRS, type KeypointName } from './keypoints';
export { LIMB_COLOUR_SCALE, OPENPOSE_COLOURS, jointColour, limbColour, type Rgb } from './openpose-colours';
export { FIT_MARGIN, fitContain } from './fit';
export { PoseRenderError } from './errors';
export { MAX_RENDER_SIDE, MIN_RENDER_SIDE, conditioningImageCache, renderConditioningImage, strokeSizes, type ConditioningImageOptions } from './render';
export { DEFAULT_PREVIEW_WIDTH, MAX_PREVIEW_WIDTH, POSE_PREVIEW_CONTENT_TYPE, posePreviewCache, posePreviewSvg, renderPosePreview } from './preview';
export { toOpenPoseJson, type OpenPoseJson } from './openpose-json';
