/*
 * Checks that a set of keypoints (or a library pose) describes a plausible human body: 18 points,
 * each in the frame or null, a visible neck and shoulders, no limb longer than an adult's relative to
 * the rest of the body, and left and right on the sides the pose's view implies.
 *
 * Limbs are projections, so any of them may look short (it points at the camera) but none may look
 * long: every segment is compared with the body's scale, taken as the largest scale any visible
 * segment implies, which stays honest as long as most segments are not foreshortened.
 */
import { ASPECT_RATIOS, distance, isKeypoints, K, KEYPOINT_COUNT, KEYPOINT_NAMES, toFrameUnits, type Point } from './keypoints';
import type { Pose } from './types';

/** Segments with their adult length relative to the torso (neck to mid-hip = 1), a little generous. */
const SEGMENTS: readonly [from: number, to: number, length: number][] = [
  [K.neck, K.right_shoulder, 0.42],
  [K.neck, K.left_shoulder, 0.42],
  [K.right_shoulder, K.right_elbow, 0.65],
  [K.left_shoulder, K.left_elbow, 0.65],
  [K.right_elbow, K.right_wrist, 0.58],
  [K.left_elbow, K.left_wrist, 0.58],
  [K.neck, K.right_hip, 1.05],
  [K.neck, K.left_hip, 1.05],
  [K.right_hip, K.left_hip, 0.45],
  [K.right_hip, K.right_knee, 0.95],
  [K.left_hip, K.left_knee, 0.95],
  [K.right_knee, K.right_ankle, 0.92],
  [K.left_knee, K.left_ankle, 0.92],
  [K.neck, K.nose, 0.5],
  [K.nose, K.right_eye, 0.14],
  [K.nose, K.left_eye, 0.14],
  [K.right_eye, K.right_ear, 0.26],
  [K.left_eye, K.left_ear, 0.26],
];

/** Segments whose length sets the body's scale: they are rarely foreshortened much in a photo. */
const SCALE_SEGMENTS: readonly [from: number, to: number, length: number][] = [
  [K.neck, K.right_hip, 1.0],
  [K.neck, K.left_hip, 1.0],
  [K.right_shoulder, K.left_shoulder, 0.72],
  [K.right_shoulder, K.right_elbow, 0.58],
  [K.left_shoulder, K.left_elbow, 0.58],
  [K.right_hip, K.right_knee, 0.86],
  [K.left_hip, K.left_knee, 0.86],
  [K.right_knee, K.right_ankle, 0.82],
  [K.left_knee, K.left_ankle, 0.82],
];

/** How much longer than its adult length a segment may look before the pose is implausible. */
const TOLERANCE = 1.3;

/** The smallest body scale (torso length, in frame heights) a pose may have. */
const MIN_SCALE = 0.08;

/** The problems with a pose's keypoints; an empty list means it is valid. */
export function validateKeypoints(keypoints: unknown, ratio = 1, view?: Pose['view']): string[] {
  if (!Array.isArray(keypoints) || keypoints.length !== KEYPOINT_COUNT) return [`expected ${KEYPOINT_COUNT} keypoints`];
  const problems: string[] = [];
  keypoints.forEach((k, i) => {
    if (k === null) return;
    if (!Array.isArray(k) || k.length !== 3 || !k.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      problems.push(`${KEYPOINT_NAMES[i]}: expected [x, y, confidence] or null`);
      return;
    }
    const [x, y, c] = k as number[];
    if (x < 0 || x > 1 || y < 0 || y > 1) problems.push(`${KEYPOINT_NAMES[i]}: (${x}, ${y}) is outside the frame`);
    if (!(c > 0 && c <= 1)) problems.push(`${KEYPOINT_NAMES[i]}: confidence ${c} is not in (0, 1]`);
  });
  if (problems.length || !isKeypoints(keypoints)) return problems;

  const pts = toFrameUnits(keypoints, ratio);
  for (const name of ['neck', 'right_shoulder', 'left_shoulder'] as const) if (!pts[K[name]]) problems.push(`${name} must be visible`);
  if (problems.length) return problems;

  let scale = 0;
  for (const [a, b, len] of SCALE_SEGMENTS) if (pts[a] && pts[b]) scale = Math.max(scale, distance(pts[a]!, pts[b]!) / len);
  if (scale < MIN_SCALE) problems.push(`the body is too small in its frame (scale ${scale.toFixed(3)})`);
  for (const [a, b, len] of SEGMENTS) {
    if (!pts[a] || !pts[b]) continue;
    const rel = distance(pts[a]!, pts[b]!) / scale;
    if (rel > len * TOLERANCE) problems.push(`${KEYPOINT_NAMES[a]}–${KEYPOINT_NAMES[b]} is ${(rel / len).toFixed(2)}× its expected length`);
  }
  // Elbows and knees: a limb needs its middle point to show its end point.
  for (const [mid, end] of [[K.right_elbow, K.right_wrist], [K.left_elbow, K.left_wrist], [K.right_knee, K.right_ankle], [K.left_knee, K.left_ankle]])
    if (pts[end] && !pts[mid]) problems.push(`${KEYPOINT_NAMES[end]} is visible without ${KEYPOINT_NAMES[mid]}`);

  if (view && view !== 'side') problems.push(...sideProblems(pts, view === 'back' ? 1 : -1));
  return problems;
}

/**
 * Left and right on the expected sides. Seen from the front, going from the right point to the left
 * point turns clockwise from the body's downward axis (neck → hips); seen from the back, the other way.
 */
function sideProblems(pts: (Point | null)[], expectedSign: number): string[] {
  const neck = pts[K.neck]!;
  const hips = [pts[K.right_hip], pts[K.left_hip]].filter((p): p is Point => !!p);
  const down = hips.length ? { x: hips.reduce((s, p) => s + p.x, 0) / hips.length - neck.x, y: hips.reduce((s, p) => s + p.y, 0) / hips.length - neck.y } : { x: 0, y: 1 };
  const problems: string[] = [];
  for (const [r, l, what] of [[K.right_shoulder, K.left_shoulder, 'shoulders'], [K.right_hip, K.left_hip, 'hips'], [K.right_eye, K.left_eye, 'eyes']] as const) {
    const a = pts[r];
    const b = pts[l];
    if (!a || !b) continue;
    const cross = down.x * (b.y - a.y) - down.y * (b.x - a.x);
    if (Math.sign(cross) !== expectedSign) problems.push(`right and left ${what} are on the wrong sides for the pose's view`);
  }
  return problems;
}

/** The problems with a library pose (catalogue fields and keypoints); an empty list means it is valid. */
export function validatePose(pose: Pose): string[] {
  const problems: string[] = [];
  if (!/^pose_[a-z0-9]+(_[a-z0-9]+)*$/.test(pose.id)) problems.push(`id ${JSON.stringify(pose.id)} is not a pose slug`);
  if (!pose.name?.trim()) problems.push('name is empty');
  if (!pose.description?.trim()) problems.push('description is empty');
  if (!pose.tags?.length) problems.push('tags are empty');
  if (!pose.suitability?.length) problems.push('suitability is empty');
  if (!['easy', 'medium', 'hard'].includes(pose.difficulty)) problems.push(`difficulty ${pose.difficulty} is not easy, medium or hard`);
  if (!(pose.aspect in ASPECT_RATIOS)) problems.push(`aspect ${pose.aspect} is unknown`);
  problems.push(...validateKeypoints(pose.keypoints, ASPECT_RATIOS[pose.aspect] ?? 1, pose.view));
  return problems.map((p) => `${pose.id}: ${p}`);
}
