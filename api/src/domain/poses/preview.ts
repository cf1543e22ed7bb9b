/*
 * A friendly preview of a library pose for pickers and catalogues: the skeleton in OpenPose's colours
 * (outlined, so the light colours read on a light background), a ring for the head and white joint
 * dots, on a warm light background in the pose's natural aspect. Composed as SVG and rasterised by
 * sharp to PNG; deterministic and cached by (pose, width).
 */
import sharp from 'sharp';
import { BufferLru } from './cache';
import { PoseRenderError } from './errors';
import { fitContain } from './fit';
import { DRAWN_LIMB_COUNT, distance, K, LIMB_PAIRS, type Point } from './keypoints';
import { OPENPOSE_COLOURS } from './openpose-colours';
import { resolvePose } from './source';

export const POSE_PREVIEW_CONTENT_TYPE = 'image/png';
export const DEFAULT_PREVIEW_WIDTH = 384;
export const MAX_PREVIEW_WIDTH = 2048;
const MIN_PREVIEW_WIDTH = 64;

const BACKGROUND = '#f4f1ec';
const INK = '#2f2a26';

const hex = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const n = (v: number) => v.toFixed(2);

/** The preview as SVG text (also useful to embed in HTML). */
export function posePreviewSvg(poseId: string, width = DEFAULT_PREVIEW_WIDTH): { svg: string; width: number; height: number } {
  const src = resolvePose(poseId);
  const height = Math.round(width / src.ratio);
  const pts = fitContain(src.keypoints, src.ratio, width, height, 0.14);
  const unit = Math.min(width, height);
  const stroke = Math.max(2, unit / 60);
  const parts: string[] = [`<rect width="${width}" height="${height}" rx="${n(unit / 24)}" fill="${BACKGROUND}"/>`];

  // The head: a ring around the face points, sized from the neck–nose distance.
  const neck = pts[K.neck];
  const face = [K.nose, K.right_eye, K.left_eye, K.right_ear, K.left_ear].map((i) => pts[i]).filter((p): p is Point => !!p);
  if (neck && face.length) {
    const c = { x: face.reduce((s, p) => s + p.x, 0) / face.length, y: face.reduce((s, p) => s + p.y, 0) / face.length };
    const r = Math.max(distance(c, neck) * 0.42, stroke * 3);
    parts.push(`<circle cx="${n(c.x)}" cy="${n(c.y)}" r="${n(r)}" fill="#fffdf9" stroke="${INK}" stroke-width="${n(stroke * 0.6)}"/>`);
  }
  const limbs = LIMB_PAIRS.slice(0, DRAWN_LIMB_COUNT).map(([a, b], i) => ({ a: pts[a], b: pts[b], colour: hex(OPENPOSE_COLOURS[i]) }));
  for (const pass of ['outline', 'colour'] as const)
    for (const { a, b, colour } of limbs) {
      if (!a || !b) continue;
      const w = pass === 'outline' ? stroke + Math.max(2, stroke * 0.5) : stroke;
      parts.push(`<line x1="${n(a.x)}" y1="${n(a.y)}" x2="${n(b.x)}" y2="${n(b.y)}" stroke="${pass === 'outline' ? INK : colour}" stroke-width="${n(w)}" stroke-linecap="round"/>`);
    }
  pts.forEach((p, i) => {
    if (p) parts.push(`<circle cx="${n(p.x)}" cy="${n(p.y)}" r="${n(stroke * 0.75)}" fill="#ffffff" stroke="${hex(OPENPOSE_COLOURS[i])}" stroke-width="${n(stroke * 0.4)}"/>`);
  });
  return { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`, width, height };
}

const cache = new BufferLru({ maxEntries: 256, maxBytes: 32 * 1024 * 1024 });

export const posePreviewCache = cache;

/**
 * A preview (PNG, `width` wide, height from the pose's aspect) of a library pose.
 * Throws `PoseRenderError` for an unknown pose or a width out of range.
 */
export async function renderPosePreview(poseId: string, opts: { width?: number } = {}): Promise<Buffer> {
  const width = opts.width ?? DEFAULT_PREVIEW_WIDTH;
  if (!Number.isInteger(width) || width < MIN_PREVIEW_WIDTH || width > MAX_PREVIEW_WIDTH)
    throw new PoseRenderError('invalid_size', `preview width must be a whole number of pixels from ${MIN_PREVIEW_WIDTH} to ${MAX_PREVIEW_WIDTH}, got ${width}`);
  const src = resolvePose(poseId);
  if (!src.pose) throw new PoseRenderError('pose_not_found', `no pose with id ${JSON.stringify(poseId)}`);
  const png = await cache.getOrCreate(`preview:${poseId}:${width}`, () => {
    const { svg } = posePreviewSvg(poseId, width);
    return sharp(Buffer.from(svg)).png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer();
  });
  return Buffer.from(png);
}
