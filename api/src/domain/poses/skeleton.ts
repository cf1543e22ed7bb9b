/*
 * Poses are authored as a body, not as loose points: a torso direction, a head turn and the
 * direction of every limb segment, on one set of adult segment lengths. The points follow by forward
 * kinematics, so limb lengths stay consistent and left and right stay on the correct side for the
 * way the body faces. The body is then framed (full body, half body or head and shoulders) in the
 * pose's natural aspect and stored as normalised COCO-18 keypoints.
 *
 * Angles are in degrees, in the image plane: 0 points straight down, 90 to the image's right,
 * -90 to its left, 180 straight up.
 */
import { ASPECT_RATIOS, K, KEYPOINT_COUNT, type KeypointName, type Point } from './keypoints';
import type { Keypoint, Keypoints, PoseAspect, PoseView } from './types';

/** Segment lengths in torso units (neck to mid-hip = 1), for an adult of average build. */
export const SEGMENT = {
  shoulder: 0.36, // neck to each shoulder
  hip: 0.17, // mid-hip to each hip
  upperArm: 0.58,
  forearm: 0.5,
  thigh: 0.86,
  shin: 0.82,
  neckToNose: 0.36,
} as const;

/** One arm or leg: the direction of its two segments, and how much of each shows (1 = in the image plane). */
export interface LimbSpec {
  /** Direction of the upper arm / thigh. */
  a: number;
  /** Direction of the forearm / shin. */
  b: number;
  /** Share of the upper segment's length that shows (it points partly towards or away from the camera). */
  as?: number;
  /** Share of the lower segment's length that shows. */
  bs?: number;
}

export type Framing = 'full_body' | 'half_body' | 'portrait';

export interface BodySpec {
  view: PoseView;
  /** Turn of the body about the vertical axis; defaults from `view` (front 0, three-quarter 35, side 90, back 180). Positive turns it to face the image's right. */
  yaw?: number;
  /** Direction from the neck to the mid-hip (0 = upright). */
  torso?: number;
  /** Share of the torso's length that shows. */
  torsoScale?: number;
  /** Head roll relative to the torso (positive tilts the top of the head towards the image's right). */
  headTilt?: number;
  /** Head turn; defaults to the body's yaw. */
  headYaw?: number;
  rightArm: LimbSpec;
  leftArm: LimbSpec;
  rightLeg: LimbSpec;
  leftLeg: LimbSpec;
  /** Points hidden behind the body or an object. */
  hidden?: readonly KeypointName[];
  framing?: Framing;
  aspect: PoseAspect;
}

const rad = (deg: number) => (deg * Math.PI) / 180;
/** Unit vector of an image-plane direction. */
const dir = (deg: number): Point => ({ x: Math.sin(rad(deg)), y: Math.cos(rad(deg)) });
const add = (p: Point, v: Point, s = 1): Point => ({ x: p.x + v.x * s, y: p.y + v.y * s });

const DEFAULT_YAW: Record<PoseView, number> = { front: 0, three_quarter: 35, side: 90, back: 180 };

/** Space left around the body inside its frame, in frame-height units. */
const FRAME_MARGIN = 0.06;

/** The body's points in torso units (no framing), plus the top of the head for framing. */
export function bodyPoints(spec: BodySpec): { points: (Point | null)[]; headTop: Point } {
  const yaw = spec.yaw ?? DEFAULT_YAW[spec.view];
  const headYaw = spec.headYaw ?? yaw;
  const facing = Math.cos(rad(yaw)); // 1 facing the camera, -1 facing away: flips left and right
  const d = dir(spec.torso ?? 0); // neck → hips
  const across: Point = { x: d.y, y: -d.x }; // towards the image's right when upright
  const neck: Point = { x: 0, y: 0 };
  const midHip = add(neck, d, spec.torsoScale ?? 1);

  const pts: (Point | null)[] = new Array(KEYPOINT_COUNT).fill(null);
  pts[K.neck] = neck;
  pts[K.right_shoulder] = add(add(neck, across, -SEGMENT.shoulder * facing), d, 0.03);
  pts[K.left_shoulder] = add(add(neck, across, SEGMENT.shoulder * facing), d, 0.03);
  pts[K.right_hip] = add(midHip, across, -SEGMENT.hip * facing);
  pts[K.left_hip] = add(midHip, across, SEGMENT.hip * facing);

  const limb = (root: number, mid: number, end: number, s: LimbSpec, l1: number, l2: number) => {
    pts[mid] = add(pts[root]!, dir(s.a), l1 * (s.as ?? 1));
    pts[end] = add(pts[mid]!, dir(s.b), l2 * (s.bs ?? 1));
  };
  limb(K.right_shoulder, K.right_elbow, K.right_wrist, spec.rightArm, SEGMENT.upperArm, SEGMENT.forearm);
  limb(K.left_shoulder, K.left_elbow, K.left_wrist, spec.leftArm, SEGMENT.upperArm, SEGMENT.forearm);
  limb(K.right_hip, K.right_knee, K.right_ankle, spec.rightLeg, SEGMENT.thigh, SEGMENT.shin);
  limb(K.left_hip, K.left_knee, K.left_ankle, spec.leftLeg, SEGMENT.thigh, SEGMENT.shin);

  // The head: "up" is opposite the torso, rolled by the tilt; "side" is the head's own across.
  const up = dir((spec.torso ?? 0) + 180 + (spec.headTilt ?? 0));
  const side: Point = { x: -up.y, y: up.x };
  const turn = Math.sin(rad(headYaw)); // how far the face points to the image's right
  const face = Math.cos(rad(headYaw));
  const nose = add(add(neck, up, SEGMENT.neckToNose), side, 0.1 * turn);
  const eyes = add(add(nose, up, 0.075), side, -0.035 * turn);
  const ears = add(add(nose, up, 0.04), side, -0.17 * turn);
  const frontal = Math.abs(headYaw) <= 110;
  pts[K.nose] = frontal ? nose : null;
  pts[K.right_eye] = frontal && headYaw > -60 ? add(eyes, side, -0.065 * face) : null;
  pts[K.left_eye] = frontal && headYaw < 60 ? add(eyes, side, 0.065 * face) : null;
  // An ear shows unless the face turns its side away: past ~35° one ear goes behind the head.
  pts[K.right_ear] = headYaw > -35 || headYaw < -145 ? add(ears, side, -0.14 * face) : null;
  pts[K.left_ear] = headYaw < 35 || headYaw > 145 ? add(ears, side, 0.14 * face) : null;

  for (const name of spec.hidden ?? []) pts[K[name]] = null;
  return { points: pts, headTop: add(add(neck, up, SEGMENT.neckToNose + 0.26), side, 0.03 * turn) };
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The body framed in its aspect: the whole body centred with a margin (`full_body`), or cut by the
 * bottom edge of the frame below the hips (`half_body`) or across the chest (`portrait`). Points that
 * fall outside the frame are not visible (null).
 */
export function frameBody(spec: BodySpec): Keypoints {
  const { points, headTop } = bodyPoints(spec);
  const ratio = ASPECT_RATIOS[spec.aspect];
  const framing = spec.framing ?? 'full_body';
  const neck = points[K.neck]!;
  const hipY = Math.max(points[K.right_hip]?.y ?? neck.y + 1, points[K.left_hip]?.y ?? neck.y + 1);
  const cut = framing === 'half_body' ? hipY + 0.3 : framing === 'portrait' ? neck.y + 0.55 : Infinity;
  const inView = [...points.filter((p): p is Point => !!p && p.y <= cut), headTop];
  const minX = Math.min(...inView.map((p) => p.x));
  const maxX = Math.max(...inView.map((p) => p.x));
  const minY = Math.min(...inView.map((p) => p.y));
  const maxY = framing === 'full_body' ? Math.max(...inView.map((p) => p.y)) : cut;
  const m = FRAME_MARGIN;
  const scale = Math.min((ratio - 2 * m) / (maxX - minX), (framing === 'full_body' ? 1 - 2 * m : 1 - m) / (maxY - minY));
  const offX = (ratio - (maxX - minX) * scale) / 2 - minX * scale;
  // A full body sits centred; a cropped one is cut by the frame's bottom edge.
  const offY = framing === 'full_body' ? (1 - (maxY - minY) * scale) / 2 - minY * scale : 1 - maxY * scale;
  return points.map((p): Keypoint | null => {
    if (!p) return null;
    const x = (p.x * scale + offX) / ratio;
    const y = p.y * scale + offY;
    if (x < 0 || x > 1 || y < 0 || y > 1) return null;
    return [round4(x), round4(y), 1];
  });
}
