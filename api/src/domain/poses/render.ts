/*
 * The ControlNet conditioning image of a pose: OpenPose's skeleton on black, drawn the way OpenPose
 * and ControlNet's annotator draw it (their limb pairs, colour table, ellipse sticks at 60 % colour
 * and full-colour joint discs on top, no anti-aliasing), with stick width and joint radius scaled
 * from OpenPose's 4 px at 512 px to the image's shorter side, the pose fitted "contain" (see
 * `fit.ts`). Pixels are filled into a raw buffer and encoded by sharp as PNG; the same input always
 * gives the same bytes. Results are cached by (keypoints hash, width, height).
 */
import sharp from 'sharp';
import { BufferLru } from './cache';
import { PoseRenderError } from './errors';
import { fitContain } from './fit';
import { DRAWN_LIMB_COUNT, LIMB_PAIRS } from './keypoints';
import { jointColour, limbColour, REFERENCE_JOINT_RADIUS, REFERENCE_SIZE, REFERENCE_STICK_HALF_WIDTH } from './openpose-colours';
import { fillCircle, fillEllipse, type RgbImage } from './raster';
import { resolvePose } from './source';
import type { Keypoints, PoseAspect } from './types';

/** Largest width or height rendered (a 4096² RGB canvas is 48 MiB before encoding). */
export const MAX_RENDER_SIDE = 4096;
export const MIN_RENDER_SIDE = 16;

export interface ConditioningImageOptions {
  width: number;
  height: number;
  /** How the pose is placed in the image; only `contain` (whole pose, proportions kept, centred, with a margin). */
  fit?: 'contain';
  /** For keypoints given directly: the shape of the frame they are normalised to (default square). Library poses use their own. */
  aspect?: PoseAspect | number;
}

/** Half-width of the sticks and radius of the joints at an image size. */
export function strokeSizes(width: number, height: number) {
  const k = Math.min(width, height) / REFERENCE_SIZE;
  return { stickHalfWidth: Math.max(1, REFERENCE_STICK_HALF_WIDTH * k), jointRadius: Math.max(1, REFERENCE_JOINT_RADIUS * k) };
}

export function checkSize(width: number, height: number) {
  for (const [name, v] of [['width', width], ['height', height]] as const)
    if (!Number.isInteger(v) || v < MIN_RENDER_SIDE || v > MAX_RENDER_SIDE)
      throw new PoseRenderError('invalid_size', `${name} must be a whole number of pixels from ${MIN_RENDER_SIDE} to ${MAX_RENDER_SIDE}, got ${v}`);
}

/** The skeleton drawn into a raw RGB buffer (black background). */
export function drawOpenPose(keypoints: Keypoints, ratio: number, width: number, height: number): RgbImage {
  const img: RgbImage = { width, height, data: Buffer.alloc(width * height * 3) };
  const pts = fitContain(keypoints, ratio, width, height);
  const { stickHalfWidth, jointRadius } = strokeSizes(width, height);
  for (let i = 0; i < DRAWN_LIMB_COUNT; i++) {
    const a = pts[LIMB_PAIRS[i][0]];
    const b = pts[LIMB_PAIRS[i][1]];
    if (!a || !b) continue;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    const ux = len > 0 ? (b.x - a.x) / len : 1;
    const uy = len > 0 ? (b.y - a.y) / len : 0;
    fillEllipse(img, (a.x + b.x) / 2, (a.y + b.y) / 2, len / 2, stickHalfWidth, ux, uy, limbColour(i));
  }
  pts.forEach((p, i) => p && fillCircle(img, p.x, p.y, jointRadius, jointColour(i)));
  return img;
}

/*
 * zlib level 2: on these mostly-black canvases it encodes fastest (faster than level 1, whose
 * output is four times larger) for files about 25 % larger than level 6; no row filters, since
 * flat colour gains nothing from them.
 */
const PNG_COMPRESSION = 2;

const cache = new BufferLru({ maxEntries: 512, maxBytes: 64 * 1024 * 1024 });

/** The cache of conditioning images (exposed for statistics and tests). */
export const conditioningImageCache = cache;

/**
 * The conditioning image (PNG, `width` × `height`) of a library pose (by id) or of keypoints.
 * Throws `PoseRenderError` for an unknown pose, invalid keypoints or an invalid size.
 */
export async function renderConditioningImage(input: string | Keypoints, opts: ConditioningImageOptions): Promise<Buffer> {
  const { width, height } = opts;
  checkSize(width, height);
  if (opts.fit !== undefined && opts.fit !== 'contain') throw new PoseRenderError('invalid_size', `fit ${String(opts.fit)} is not supported (contain)`);
  const src = resolvePose(input, opts.aspect);
  const png = await cache.getOrCreate(`cond:${src.hash}:${width}x${height}`, async () => {
    const img = drawOpenPose(src.keypoints, src.ratio, width, height);
    return sharp(img.data, { raw: { width, height, channels: 3 } }).png({ compressionLevel: PNG_COMPRESSION, adaptiveFiltering: false }).toBuffer();
  });
  // A copy, so a caller writing into its buffer cannot change what later callers get.
  return Buffer.from(png);
}
