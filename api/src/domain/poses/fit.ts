/*
 * Fitting a pose into an image ("contain"): the bounding box of the visible points, in the pose's
 * own frame units (so its proportions are kept), is scaled uniformly to the largest size that fits
 * inside the image less a margin of 8 % of the image's shorter side on every edge, and centred.
 */
import { boundingBox, toFrameUnits, type Point } from './keypoints';
import type { Keypoints } from './types';

/** The margin around a fitted pose, as a share of the image's shorter side. */
export const FIT_MARGIN = 0.08;

/** Pixel positions (continuous: pixel (i, j) covers [i, i+1) × [j, j+1)) of the visible points. */
export function fitContain(keypoints: Keypoints, ratio: number, width: number, height: number, margin = FIT_MARGIN): (Point | null)[] {
  const pts = toFrameUnits(keypoints, ratio);
  const box = boundingBox(pts);
  if (!box) return pts;
  const m = margin * Math.min(width, height);
  const bw = box.maxX - box.minX;
  const bh = box.maxY - box.minY;
  const scale = Math.min(bw > 0 ? (width - 2 * m) / bw : Infinity, bh > 0 ? (height - 2 * m) / bh : Infinity);
  const s = Number.isFinite(scale) ? scale : 1;
  const ox = (width - bw * s) / 2;
  const oy = (height - bh * s) / 2;
  return pts.map((p) => (p ? { x: ox + (p.x - box.minX) * s, y: oy + (p.y - box.minY) * s } : null));
}
