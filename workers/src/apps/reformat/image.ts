import os from 'node:os';
import sharp, { type Sharp } from 'sharp';
import { REFORMAT_LIMITS, type ReformatImageFormat, type ReformatInput, type ReformatInputTarget } from '../../../../api/src/domain/apps/reformat/request';
import { JobError } from '../../../../api/src/domain/jobs/app-contract';
import { runPool, throwIfAborted } from '../../media';
import { anchoredRect, blurSize, containRect, coverRect, type Rect } from './geometry';

/**
 * Images: the source is decoded once (EXIF-rotated, flattened onto white, shrunk on load when
 * every target needs at most half its size) into raw pixels, and every target is one sharp pipeline from
 * those pixels: crop (sharp's attention strategy for `smart`), contain and pad, or contain over a
 * blurred copy. Targets run side by side, as many as there are cores.
 */

export const IMAGE_ENCODING = { jpegQuality: 90, webpQuality: 88, pngCompression: 6 } as const;

interface Pixels {
  data: Buffer;
  width: number;
  height: number;
  /** Working pixels per source pixel (≤ 1). */
  scale: number;
}

export interface RenderedImageTarget {
  target: ReformatInputTarget;
  /** The part of the source kept by a crop (source pixels); for pad and blur_fill, the whole source. */
  sourceRect: Rect;
  /** Where the source's picture lands in the frame (pad, blur_fill); the whole frame for a crop. */
  pictureRect: Rect;
  bytes: number;
}

/** The working scale: the largest any target needs (a crop covers the frame, pad and blur_fill contain), at most 1. */
export function workingScale(src: { width: number; height: number }, targets: ReformatInputTarget[]): number {
  const need = targets.map((t) => (t.fit === 'crop' ? Math.max(t.width / src.width, t.height / src.height) : Math.min(t.width / src.width, t.height / src.height)));
  return Math.min(1, Math.max(...need));
}

async function decode(file: string, input: ReformatInput): Promise<Pixels> {
  const { width: W, height: H } = input.source;
  // Above half size the source is kept whole: a JPEG shrinks on load only by 2, 4 or 8, and one
  // serial resize here costs more than each target's own resize, which run side by side.
  const need = workingScale(input.source, input.targets);
  const scale = need > 0.5 ? 1 : need;
  const width = Math.max(1, Math.round(W * scale));
  const height = Math.max(1, Math.round(H * scale));
  try {
    let img = sharp(file, { limitInputPixels: REFORMAT_LIMITS.maxImagePixels + 1, failOn: 'error' }).autoOrient();
    if (width !== W || height !== H) img = img.resize(width, height, { fit: 'fill' });
    const { data, info } = await img.flatten({ background: '#ffffff' }).toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || info.width !== width || info.height !== height) throw new Error(`unexpected decode result ${info.width}×${info.height}×${info.channels}`);
    return { data, width, height, scale };
  } catch (err) {
    throw new JobError('media_unreadable', `The image ${input.file_id} could not be read: ${(err as Error).message}`, { cause: err });
  }
}

const raw = (p: { data: Buffer; width: number; height: number }) => sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } });

function encode(img: Sharp, format: ReformatImageFormat): Sharp {
  if (format === 'jpeg') return img.jpeg({ quality: IMAGE_ENCODING.jpegQuality, chromaSubsampling: '4:2:0' });
  if (format === 'png') return img.png({ compressionLevel: IMAGE_ENCODING.pngCompression });
  return img.webp({ quality: IMAGE_ENCODING.webpQuality, effort: 4 });
}

/** A rectangle of working pixels as source pixels. */
function toSource(r: Rect, scale: number, src: { width: number; height: number }): Rect {
  const x = Math.round(r.x / scale);
  const y = Math.round(r.y / scale);
  return { x, y, width: Math.min(src.width - x, Math.round(r.width / scale)), height: Math.min(src.height - y, Math.round(r.height / scale)) };
}

/** One target: its pipeline from the working pixels to `outFile`. */
async function renderTarget(px: Pixels, input: ReformatInput, t: ReformatInputTarget, outFile: string): Promise<RenderedImageTarget> {
  const format = input.image_format ?? 'jpeg';
  const frame: Rect = { x: 0, y: 0, width: t.width, height: t.height };
  const whole: Rect = { x: 0, y: 0, width: input.source.width, height: input.source.height };
  if (t.fit === 'crop' && t.anchor === 'smart') {
    const info = await encode(raw(px).resize(t.width, t.height, { fit: 'cover', position: sharp.strategy.attention }), format).toFile(outFile);
    // sharp reports where it cut as negative offsets in the cover-scaled picture: back to working pixels.
    const cover = Math.max(t.width / px.width, t.height / px.height);
    const kept = coverRect(px, t);
    const at: Rect = {
      ...kept,
      x: Math.min(px.width - kept.width, Math.max(0, Math.round(-(info.cropOffsetLeft ?? 0) / cover))),
      y: Math.min(px.height - kept.height, Math.max(0, Math.round(-(info.cropOffsetTop ?? 0) / cover))),
    };
    return { target: t, sourceRect: toSource(at, px.scale, input.source), pictureRect: frame, bytes: info.size };
  }
  if (t.fit === 'crop') {
    const r = anchoredRect(px, t);
    const info = await encode(raw(px).extract({ left: r.x, top: r.y, width: r.width, height: r.height }).resize(t.width, t.height, { fit: 'fill' }), format).toFile(outFile);
    return { target: t, sourceRect: toSource(r, px.scale, input.source), pictureRect: frame, bytes: info.size };
  }
  const picture = containRect(px, t);
  const fg = raw(px).resize(picture.width, picture.height, { fit: 'fill' });
  if (t.fit === 'pad') {
    const padded = fg.extend({ left: picture.x, top: picture.y, right: t.width - picture.x - picture.width, bottom: t.height - picture.y - picture.height, background: t.color ?? '#000000' });
    const info = await encode(padded, format).toFile(outFile);
    return { target: t, sourceRect: whole, pictureRect: picture, bytes: info.size };
  }
  // blur_fill: a small blurred cover of the frame, scaled up, with the contained picture over it.
  const small = blurSize(t);
  const cover = coverRect(px, t);
  const [bg, front] = await Promise.all([
    raw(px).extract({ left: cover.x, top: cover.y, width: cover.width, height: cover.height }).resize(small.width, small.height, { fit: 'fill' }).blur(small.sigma).raw().toBuffer(),
    fg.raw().toBuffer(),
  ]);
  const composed = raw({ data: bg, width: small.width, height: small.height })
    .resize(t.width, t.height, { fit: 'fill' })
    .composite([{ input: front, raw: { width: picture.width, height: picture.height, channels: 3 }, left: picture.x, top: picture.y }]);
  const info = await encode(composed, format).toFile(outFile);
  return { target: t, sourceRect: whole, pictureRect: picture, bytes: info.size };
}

/** Renders every target of an image (`outFiles[i]` for target i), side by side; `progress` gets 0..1. */
export async function renderImageTargets(input: ReformatInput, file: string, outFiles: string[], signal: AbortSignal, progress: (fraction: number, stage: string) => void): Promise<RenderedImageTarget[]> {
  throwIfAborted(signal);
  const px = await decode(file, input);
  progress(0.2, 'rendering');
  const results: RenderedImageTarget[] = new Array(input.targets.length);
  let done = 0;
  await runPool(
    input.targets,
    Math.max(1, os.availableParallelism()),
    async (t, i) => {
      try {
        results[i] = await renderTarget(px, input, t, outFiles[i]);
      } catch (err) {
        throw new JobError('render_failed', `Target ${i} (${t.label}, ${t.fit}) could not be rendered: ${(err as Error).message}`, { cause: err });
      }
      done += 1;
      progress(0.2 + (0.8 * done) / input.targets.length, 'rendering');
    },
    { signal },
  );
  return results;
}
