/*
 * What a render is asked to draw: a library pose (by id) or caller-supplied keypoints, resolved to
 * keypoints, the frame ratio they are normalised to, and a stable hash for cache keys.
 */
import crypto from 'node:crypto';
import { PoseRenderError } from './errors';
import { ASPECT_RATIOS, keypointsText } from './keypoints';
import { findPose } from './search';
import type { Keypoints, Pose, PoseAspect } from './types';
import { validateKeypoints } from './validate';

export interface ResolvedPose {
  keypoints: Keypoints;
  /** Frame width ÷ height the keypoints are normalised to. */
  ratio: number;
  hash: string;
  pose?: Pose;
}

const byPose = new Map<string, ResolvedPose>();
const byKeypoints = new WeakMap<object, Map<number, ResolvedPose>>();

export function aspectRatio(aspect: PoseAspect | number | undefined): number {
  if (aspect === undefined) return 1;
  const r = typeof aspect === 'number' ? aspect : ASPECT_RATIOS[aspect];
  if (!(typeof r === 'number' && Number.isFinite(r) && r > 0.1 && r < 10)) throw new PoseRenderError('invalid_keypoints', `aspect ${String(aspect)} is not a frame shape`);
  return r;
}

const hashOf = (keypoints: Keypoints, ratio: number) => crypto.createHash('sha1').update(`${ratio.toFixed(6)}|${keypointsText(keypoints)}`).digest('hex').slice(0, 20);

/**
 * Resolves a render input. Keypoints given directly are checked (shape, range, plausibility) and are
 * taken as normalised to a frame of the given aspect (square when none is given).
 */
export function resolvePose(input: string | Keypoints, aspect?: PoseAspect | number): ResolvedPose {
  if (typeof input === 'string') {
    const known = byPose.get(input);
    if (known) return known;
    const pose = findPose(input);
    if (!pose) throw new PoseRenderError('pose_not_found', `no pose with id ${JSON.stringify(input)}`);
    const ratio = ASPECT_RATIOS[pose.aspect];
    const resolved = { keypoints: pose.keypoints, ratio, hash: hashOf(pose.keypoints, ratio), pose };
    byPose.set(input, resolved);
    return resolved;
  }
  const ratio = aspectRatio(aspect);
  const memo = typeof input === 'object' && input !== null ? byKeypoints.get(input)?.get(ratio) : undefined;
  if (memo) return memo;
  const problems = validateKeypoints(input, ratio);
  if (problems.length) throw new PoseRenderError('invalid_keypoints', `invalid keypoints: ${problems.join('; ')}`);
  const resolved = { keypoints: input, ratio, hash: hashOf(input, ratio) };
  // Frozen arrays cannot change later, so their hash can be remembered by identity.
  if (Object.isFrozen(input) && input.every((k) => k === null || Object.isFrozen(k))) {
    const perRatio = byKeypoints.get(input) ?? new Map<number, ResolvedPose>();
    perRatio.set(ratio, resolved);
    byKeypoints.set(input, perRatio);
  }
  return resolved;
}
